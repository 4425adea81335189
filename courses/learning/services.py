"""Writes of the learning content: quiz attempts, lesson completions, module pages from the
programme. One transaction each; bad input raises ValidationError with a French message."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lms.access import learner_of

from .models import LessonCompletion, LessonPage, ModulePage, QuizAttempt
from .scoring import score_quiz


def _complete(*, learner, lesson, via) -> LessonCompletion:
    completion = LessonCompletion.objects.filter(learner=learner, lesson=lesson).first()
    if completion is not None:
        return completion
    try:
        with transaction.atomic():
            return LessonCompletion.objects.create(learner=learner, lesson=lesson, via=via)
    except IntegrityError:  # the same learner, twice at once (double tap)
        return LessonCompletion.objects.get(learner=learner, lesson=lesson)


@transaction.atomic
def submit_quiz(*, lesson: LessonPage, user, chosen: dict[int, set[int]]):
    """Score the answers. For a learner, keep the attempt (every try is kept) and, when it passes,
    complete the lesson; a quiz tied to a skill level then counts as that skill's theory part.
    Returns (result, attempt or None when the person is not a learner)."""
    quiz = lesson.quiz
    if quiz is None:
        raise ValidationError(_("Cette leçon n'a pas de quiz."))
    questions = list(quiz["questions"])
    missing = [str(i + 1) for i in range(len(questions)) if not chosen.get(i)]
    if missing:
        raise ValidationError(
            _("Répondez à toutes les questions. Il manque : %(list)s.") % {"list": ", ".join(missing)}
        )
    result = score_quiz(questions, chosen, pass_mark=lesson.quiz_pass_mark)
    learner = learner_of(user)
    if learner is None:
        return result, None
    snapshot = []
    for q, r in zip(questions, result.questions, strict=True):
        snapshot.append(
            {
                "question": r.question,
                "chosen": r.chosen,
                "chosen_text": [q["answers"][i]["text"] for i in r.chosen if i < len(q["answers"])],
                "points": f"{r.points.numerator}/{r.points.denominator}",
                "status": r.status,
                "explanation": r.explanation,
            }
        )
    attempt = QuizAttempt(
        learner=learner,
        lesson=lesson,
        lesson_title=lesson.title,
        skill=lesson.quiz_skill,
        level=lesson.quiz_level if lesson.quiz_skill_id else None,
        score=result.score,
        pass_mark=lesson.quiz_pass_mark,
        passed=result.passed,
        answers=snapshot,
    )
    attempt.full_clean()
    attempt.save()
    if result.passed:
        _complete(learner=learner, lesson=lesson, via=LessonCompletion.Via.QUIZ)
    return result, attempt


def mark_lesson_done(*, lesson: LessonPage, user) -> LessonCompletion:
    learner = learner_of(user)
    if learner is None:
        raise ValidationError(_("Seuls les stagiaires peuvent marquer une leçon comme lue."))
    if lesson.quiz is not None:
        raise ValidationError(_("Cette leçon se termine quand vous réussissez son quiz."))
    return _complete(learner=learner, lesson=lesson, via=LessonCompletion.Via.MARKED)


@transaction.atomic
def create_module_pages(*, course, publish: bool = False) -> list[ModulePage]:
    """One ModulePage per inline module of the course that has none yet (title, description and
    the link kept; the inline line stays the programme). Drafts unless `publish`."""
    from django.utils.text import slugify

    created = []
    existing = set(ModulePage.objects.child_of(course).values_list("course_module_id", flat=True))
    taken = set(course.get_children().values_list("slug", flat=True))
    for module in course.modules.all():
        if module.pk in existing:
            continue
        slug, n = slugify(module.title)[:70] or "module", 2
        base = slug
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        page = ModulePage(
            title=module.title, slug=slug, intro=module.description[:600], course_module=module, live=publish
        )
        course.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        created.append(page)
    return created
