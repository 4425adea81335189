"""Quiz attempts: kept, retried, scored against the trainer's threshold; a passed quiz tied to a
skill level is the theory part, and the trainer's practical validation comes after it."""

import pytest
from django.core.exceptions import ValidationError

from courses.learning.models import LessonCompletion, QuizAttempt
from courses.learning.services import mark_lesson_done, submit_quiz
from courses.models import SkillLevel
from learners.models import SkillValidation
from learners.services.skills import validate_skill
from tests.factories import CohortFactory, SkillFactory, trainer

from .factories import enrolled_learner, lesson_page, module_page

pytestmark = pytest.mark.django_db

WRONG = {0: {1}, 1: {2}}
HALF = {0: {0}, 1: {2}}  # 1 + 0 = 50 %
PARTIAL = {0: {0}, 1: {0}}  # 1 + 1/2 = 75 %
RIGHT = {0: {0}, 1: {0, 1}}


@pytest.fixture
def setup():
    cohort = CohortFactory()
    skill = SkillFactory(is_machine_authorisation=True, max_level=SkillLevel.CAN_TEACH)
    cohort.course.skills.set([skill])
    cohort.course.save()
    module = module_page(cohort.course)
    lesson = lesson_page(module, quiz=True, quiz_skill=skill, quiz_level=1, quiz_pass_mark=75)
    user, enrolment = enrolled_learner(cohort)
    coach = trainer()
    cohort.trainers.add(coach)
    return {"lesson": lesson, "user": user, "enrolment": enrolment, "skill": skill, "trainer": coach}


def test_failed_then_passed_attempts_are_all_kept(setup):
    lesson, user = setup["lesson"], setup["user"]
    result, first = submit_quiz(lesson=lesson, user=user, chosen=HALF)
    assert (result.score, result.passed) == (50, False)
    assert not LessonCompletion.objects.filter(lesson=lesson).exists()
    result, second = submit_quiz(lesson=lesson, user=user, chosen=PARTIAL)
    assert (result.score, result.passed) == (75, True)
    attempts = list(QuizAttempt.objects.filter(lesson=lesson).order_by("pk"))
    assert [(a.score, a.passed, a.pass_mark) for a in attempts] == [(50, False, 75), (75, True, 75)]
    assert attempts[0].answers[1]["status"] == "wrong" and attempts[1].answers[1]["status"] == "partial"
    completion = LessonCompletion.objects.get(lesson=lesson)
    assert completion.via == LessonCompletion.Via.QUIZ


def test_retry_after_passing_keeps_the_lesson_done(setup):
    lesson, user = setup["lesson"], setup["user"]
    submit_quiz(lesson=lesson, user=user, chosen=RIGHT)
    submit_quiz(lesson=lesson, user=user, chosen=WRONG)
    assert QuizAttempt.objects.filter(lesson=lesson).count() == 2
    assert LessonCompletion.objects.filter(lesson=lesson).count() == 1


def test_threshold_is_the_trainers(setup):
    lesson, user = setup["lesson"], setup["user"]
    lesson.quiz_pass_mark = 80
    lesson.save()
    result, attempt = submit_quiz(lesson=lesson, user=user, chosen=PARTIAL)
    assert result.score == 75 and not attempt.passed


def test_unanswered_question_is_refused_and_nothing_kept(setup):
    with pytest.raises(ValidationError) as exc:
        submit_quiz(lesson=setup["lesson"], user=setup["user"], chosen={0: {0}})
    assert "Il manque : 2" in exc.value.messages[0]
    assert not QuizAttempt.objects.exists()


def test_a_quiz_lesson_is_not_marked_done_by_hand(setup):
    with pytest.raises(ValidationError):
        mark_lesson_done(lesson=setup["lesson"], user=setup["user"])


def test_practical_validation_waits_for_the_theory(setup):
    enrolment, skill, coach = setup["enrolment"], setup["skill"], setup["trainer"]
    with pytest.raises(ValidationError) as exc:
        validate_skill(enrolment=enrolment, skill=skill, level=1, by=coach)
    assert "n'a pas encore réussi le quiz" in exc.value.messages[0]
    submit_quiz(lesson=setup["lesson"], user=setup["user"], chosen=HALF)  # failed: still refused
    with pytest.raises(ValidationError):
        validate_skill(enrolment=enrolment, skill=skill, level=1, by=coach)
    _, attempt = submit_quiz(lesson=setup["lesson"], user=setup["user"], chosen=RIGHT)
    assert (attempt.skill, attempt.level) == (skill, 1)
    validation = validate_skill(enrolment=enrolment, skill=skill, level=1, by=coach)
    assert validation.level == 1
    # Level 2 has no quiz in this course: the practical validation alone is enough.
    assert validate_skill(enrolment=enrolment, skill=skill, level=2, by=coach).level == 2
    assert SkillValidation.objects.filter(learner=enrolment.learner).count() == 2


def test_unpublished_quiz_does_not_block_validation(setup):
    setup["lesson"].unpublish()
    validation = validate_skill(
        enrolment=setup["enrolment"], skill=setup["skill"], level=1, by=setup["trainer"]
    )
    assert validation.level == 1


def test_a_quiz_opened_to_another_cohort_only_does_not_hold_this_one_back(setup):
    from courses.learning.models import ModuleOpening

    other = CohortFactory(course=setup["enrolment"].cohort.course, code="TST-AUTRE")
    ModuleOpening.objects.create(
        page=setup["lesson"].get_parent().specific, cohort=other, opens_on="2026-01-01"
    )
    # The learners of this cohort cannot open the quiz: the trainer validates the skill directly.
    validation = validate_skill(
        enrolment=setup["enrolment"], skill=setup["skill"], level=1, by=setup["trainer"]
    )
    assert validation.level == 1


def test_skill_without_quiz_validates_as_before():
    cohort = CohortFactory()
    skill = SkillFactory()
    _, enrolment = enrolled_learner(cohort)
    coach = trainer()
    cohort.trainers.add(coach)
    assert validate_skill(enrolment=enrolment, skill=skill, level=1, by=coach).level == 1


def test_pages_post_quiz_and_show_feedback(client, setup):
    lesson = setup["lesson"]
    client.force_login(setup["user"])
    response = client.post(lesson.url, {"action": "quiz", "q0": "0"})
    assert response.status_code == 400
    assert "Répondez à toutes les questions" in response.content.decode()
    response = client.post(lesson.url, {"action": "quiz", "q0": "1", "q1": ["0", "2"]})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Pas encore. Votre score : 0 %. Il faut 75 %." in page
    assert "Elle chauffe à 200 °C." in page  # the trainer's explanation
    response = client.post(lesson.url, {"action": "quiz", "q0": "0", "q1": ["0", "1"]})
    page = client.get(response["Location"]).content.decode()
    assert "Réussi ! Votre score : 100 %." in page
    assert "Vous avez terminé cette leçon." in page
    # Nonsense in the form is ignored, never a 500.
    response = client.post(lesson.url, {"action": "quiz", "q0": "abc", "q1": "9"})
    assert response.status_code in (302, 400)


def test_a_trainer_tries_the_quiz_without_it_being_kept(client, setup):
    client.force_login(setup["trainer"])
    response = client.post(setup["lesson"].url, {"action": "quiz", "q0": "0", "q1": ["0", "1"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Réussi ! Votre score : 100 %." in page
    assert "Ce résultat n'est pas enregistré" in page
    assert not QuizAttempt.objects.exists()


def test_trainer_sees_the_attempts_on_the_learner_page(client, setup):
    submit_quiz(lesson=setup["lesson"], user=setup["user"], chosen=HALF)
    submit_quiz(lesson=setup["lesson"], user=setup["user"], chosen=RIGHT)
    client.force_login(setup["trainer"])
    page = client.get(f"/formateur/stagiaire/{setup['enrolment'].pk}/").content.decode()
    assert "<strong>50 %</strong> (il faut 75 %) · pas encore" in page
    assert "<strong>100 %</strong> (il faut 75 %) · réussi" in page
