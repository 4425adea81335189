"""Module and lesson pages for the learning suite, built straight into the tree (live)."""

from courses.learning.models import LessonPage, ModuleOpening, ModulePage
from lms.access import ContentAccess
from tests.factories import CohortFactory, EnrolmentFactory, learner_user

_n = iter(range(1, 10**9))


def quiz_block(questions=None, title="Quiz"):
    return (
        "quiz",
        {
            "title": title,
            "questions": questions
            or [
                {
                    "question": "La buse est chaude ?",
                    "multiple": False,
                    "answers": [{"text": "Oui", "correct": True}, {"text": "Non", "correct": False}],
                    "explanation": "Elle chauffe à 200 °C.",
                },
                {
                    "question": "Matières interdites ?",
                    "multiple": True,
                    "answers": [
                        {"text": "PVC", "correct": True},
                        {"text": "Simili-cuir", "correct": True},
                        {"text": "Bois", "correct": False},
                        {"text": "Carton", "correct": False},
                    ],
                    "explanation": "Le PVC fait une fumée toxique.",
                },
            ],
        },
    )


def module_page(course, *, access=ContentAccess.LEARNERS, live=True, openings=(), **fields):
    n = next(_n)
    module = ModulePage(
        title=fields.pop("title", f"Module {n}"), slug=f"module-{n}", access=access, live=live, **fields
    )
    for cohort, kwargs in openings:
        module.openings.add(ModuleOpening(cohort=cohort, **kwargs))
    course.add_child(instance=module)
    return module


def lesson_page(module, *, access=ContentAccess.PUBLIC, live=True, quiz=False, body=None, **fields):
    n = next(_n)
    blocks = list(body or [("text", "<p>Lisez ceci.</p>")])
    if quiz:
        blocks.append(quiz_block())
    lesson = LessonPage(
        title=fields.pop("title", f"Leçon {n}"),
        slug=f"lecon-{n}",
        access=access,
        live=live,
        body=blocks,
        **fields,
    )
    module.add_child(instance=lesson)
    return lesson


def enrolled_learner(cohort=None, **enrolment):
    """(user, enrolment) of a learner with an account, in training in `cohort`."""
    cohort = cohort or CohortFactory()
    enrolment = EnrolmentFactory(cohort=cohort, **enrolment)
    user = learner_user(learner=enrolment.learner)
    return user, enrolment
