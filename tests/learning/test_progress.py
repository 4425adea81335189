"""Completion: lessons marked as read or completed by their quiz, progress per module in the
learner space, "À lire avant la prochaine séance", preparation on the trainer's roster; constant
query counts as modules and lessons grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.learning.models import LessonCompletion, ModuleOpening, ModulePage
from courses.learning.services import create_module_pages, mark_lesson_done, submit_quiz
from courses.models import CourseModule
from tests.courses.factories import course_with_modules
from tests.factories import CohortFactory, SessionFactory, trainer

from .factories import enrolled_learner, lesson_page, module_page

pytestmark = pytest.mark.django_db


def _space(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("learner_space:home"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _course_with_content(modules, lessons, *, cohort=None):
    cohort = cohort or CohortFactory()
    pages = []
    for _ in range(modules):
        module = module_page(cohort.course)
        pages.append((module, [lesson_page(module) for _ in range(lessons)]))
    return cohort, pages


def test_marking_lessons_done_shows_progress_per_module(client):
    cohort, pages = _course_with_content(2, 3)
    user, _ = enrolled_learner(cohort)
    (first, first_lessons), (second, _) = pages
    for lesson in first_lessons[:2]:
        mark_lesson_done(lesson=lesson, user=user)
    mark_lesson_done(lesson=first_lessons[0], user=user)  # twice: counted once
    assert LessonCompletion.objects.count() == 2
    _, page = _space(client, user)
    assert "Mes modules" in page
    assert page.count("2 sur 3") == 1 and page.count("0 sur 3") == 1
    module_html = client.get(first.url).content.decode()
    assert "2 sur 3" in module_html and module_html.count("terminée</span>") == 2


def test_learner_space_leaves_out_a_module_opened_to_another_cohort_only(client):
    cohort, pages = _course_with_content(1, 1)
    (module, _lessons) = pages[0]
    module.title = "Module réservé à une autre session"
    module.save_revision().publish()
    sibling = CohortFactory(course=cohort.course, code="TST-OTHER")
    ModuleOpening.objects.create(page=module, cohort=sibling, opens_on=timezone.localdate())
    user, _ = enrolled_learner(cohort)
    _, page = _space(client, user)
    assert "Module réservé à une autre session" not in page


def test_lesson_page_button_marks_it_read(client):
    cohort, [(module, [lesson])] = _course_with_content(1, 1)
    user, _ = enrolled_learner(cohort)
    client.force_login(user)
    assert "J&#x27;ai lu cette leçon" in client.get(lesson.url).content.decode() or "J'ai lu cette leçon" in (
        client.get(lesson.url).content.decode()
    )
    response = client.post(lesson.url, {"action": "done"}, follow=True)
    assert "Bravo, leçon terminée !" in response.content.decode()
    assert LessonCompletion.objects.filter(lesson=lesson, via="marked").exists()


def test_quiz_completion_counts_in_progress(client):
    cohort = CohortFactory()
    module = module_page(cohort.course)
    lesson_page(module)
    quiz = lesson_page(module, quiz=True, quiz_pass_mark=100)
    user, _ = enrolled_learner(cohort)
    submit_quiz(lesson=quiz, user=user, chosen={0: {0}, 1: {0}})  # 75 %: not done
    assert "0 sur 2" in _space(client, user)[1]
    submit_quiz(lesson=quiz, user=user, chosen={0: {0}, 1: {0, 1}})
    assert "1 sur 2" in _space(client, user)[1]


def test_to_read_before_next_session_and_trainer_roster(client):
    course = course_with_modules(modules=(("Sécurité", 3), ("Découpe", 3)))
    today = timezone.localdate()
    cohort = CohortFactory(course=course)
    coach = trainer()
    cohort.trainers.add(coach)
    security, laser = CourseModule.objects.filter(course=course).order_by("sort_order")
    SessionFactory(cohort=cohort, date=today + timedelta(days=2), module=laser)
    module = module_page(course, course_module=laser, title="Découpe laser")
    lessons = [lesson_page(module, title=f"Avant la découpe {i}") for i in range(2)]
    ready, _ = enrolled_learner(cohort)
    halfway, _ = enrolled_learner(cohort)
    for lesson in lessons:
        mark_lesson_done(lesson=lesson, user=ready)
    mark_lesson_done(lesson=lessons[0], user=halfway)
    _, page = _space(client, halfway)
    assert "À lire avant la prochaine séance" in page
    assert "Avant la découpe 1" in page.split("À lire avant la prochaine séance")[1].split("</section>")[0]
    assert (
        "Avant la découpe 0" not in page.split("À lire avant la prochaine séance")[1].split("</section>")[0]
    )
    _, page = _space(client, ready)
    assert "À lire avant la prochaine séance" not in page
    client.force_login(coach)
    roster = client.get(reverse("trainer:cohort", args=[cohort.code])).content.decode()
    assert "module « Découpe laser », 2 leçon(s) à lire" in roster
    assert roster.count("faite</td>") == 1 and "1 / 2" in roster


def test_next_session_module_opened_to_another_cohort_only(client):
    """Two cohorts share a course; the next session's module is opened to the other one first:
    the learner's space still opens (it crashed) and neither they nor the roster list it."""
    course = course_with_modules(modules=(("Découpe", 3),))
    today = timezone.localdate()
    cohort = CohortFactory(course=course)
    other = CohortFactory(course=course, code="TST-AUTRE")
    coach = trainer()
    cohort.trainers.add(coach)
    (laser,) = CourseModule.objects.filter(course=course)
    SessionFactory(cohort=cohort, date=today + timedelta(days=2), module=laser)
    module = module_page(
        course, course_module=laser, title="Découpe laser", openings=[(other, {"opens_on": today})]
    )
    lesson_page(module, title="Avant la découpe")
    user, _ = enrolled_learner(cohort)
    _, page = _space(client, user)
    assert "Découpe laser" not in page and "À lire avant la prochaine séance" not in page
    client.force_login(coach)
    roster = client.get(reverse("trainer:cohort", args=[cohort.code])).content.decode()
    assert "leçon(s) à lire" not in roster


def test_learner_space_queries_do_not_grow_with_modules_and_lessons(client):
    small_cohort, _ = _course_with_content(1, 1)
    small_user, _ = enrolled_learner(small_cohort)
    big_cohort, pages = _course_with_content(10, 10)
    big_user, _ = enrolled_learner(big_cohort)
    for _, lessons in pages:
        for lesson in lessons[:3]:
            mark_lesson_done(lesson=lesson, user=big_user)
    _space(client, small_user)  # warm the per-process caches (site root paths)
    small, _ = _space(client, small_user)
    big, page = _space(client, big_user)
    assert page.count("3 sur 10") == 10
    assert big == small, f"{small} requêtes pour 1 × 1, {big} pour 10 × 10"


def test_module_page_queries_do_not_grow_with_lessons(client):
    small_cohort, [(small_module, _)] = _course_with_content(1, 1)
    big_cohort, [(big_module, _)] = _course_with_content(1, 10)
    user_small, _ = enrolled_learner(small_cohort)
    user_big, _ = enrolled_learner(big_cohort)
    counts = []
    client.force_login(user_small)
    client.get(small_module.url)  # warm the per-process caches (site root paths)
    for user, module in ((user_small, small_module), (user_big, big_module)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(module.url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_module_pages_created_from_the_inline_programme():
    course = course_with_modules(modules=(("Sécurité au fab lab", 3), ("Découpe laser", 6)))
    created = create_module_pages(course=course)
    assert [p.title for p in created] == ["Sécurité au fab lab", "Découpe laser"]
    assert all(not p.live for p in created)  # drafts, to be written then published
    assert {p.course_module.title for p in created} == {"Sécurité au fab lab", "Découpe laser"}
    assert create_module_pages(course=course) == []  # idempotent
    assert ModulePage.objects.child_of(course).count() == 2
    # The programme line is kept: the catalogue and sessions still point at it.
    assert CourseModule.objects.filter(course=course).count() == 2


def test_my_data_holds_quiz_attempts_and_finished_lessons(client):
    import json

    cohort = CohortFactory()
    module = module_page(cohort.course)
    read = lesson_page(module, title="Les règles")
    quiz = lesson_page(module, quiz=True, title="Le quiz")
    user, _ = enrolled_learner(cohort)
    mark_lesson_done(lesson=read, user=user)
    submit_quiz(lesson=quiz, user=user, chosen={0: {1}, 1: {0}})
    client.force_login(user)
    data = json.loads(client.get(reverse("learner_space:my_data")).content)
    assert [(q["lecon"], q["score"], q["reussi"]) for q in data["quiz"]] == [("Le quiz", 25, False)]
    assert [c["lecon"] for c in data["lecons_terminees"]] == ["Les règles"]
