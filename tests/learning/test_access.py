"""Who may open a module or a lesson: public, the course's learners (once opened to their cohort),
staff only; anyone else gets 404, as for any other reserved page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.learning.models import ModuleOpening, QuizAttempt
from lms.access import ContentAccess
from tests.factories import CohortFactory, SessionFactory, coordinator, trainer

from .factories import enrolled_learner, lesson_page, module_page

pytestmark = pytest.mark.django_db
A = ContentAccess


@pytest.fixture
def course_setup():
    cohort = CohortFactory()
    other_course_cohort = CohortFactory()
    module = module_page(cohort.course, access=A.LEARNERS)
    lesson = lesson_page(module, quiz=True)
    member, _ = enrolled_learner(cohort)
    outsider, _ = enrolled_learner(other_course_cohort)
    return {"cohort": cohort, "module": module, "lesson": lesson, "member": member, "outsider": outsider}


def _status(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def test_reserved_content_is_404_for_anonymous_and_other_courses_learners(client, course_setup):
    s = course_setup
    for url in (s["module"].url, s["lesson"].url):
        assert _status(client, None, url) == 404
        assert _status(client, s["outsider"], url) == 404
        assert _status(client, s["member"], url) == 200
        assert _status(client, trainer(), url) == 200


def test_learner_of_another_cohort_of_the_same_course_reads_it_until_openings_name_cohorts(
    client, course_setup
):
    s = course_setup
    sibling = CohortFactory(course=s["cohort"].course, code="TST-SIBLING")
    user, _ = enrolled_learner(sibling)
    assert _status(client, user, s["lesson"].url) == 200
    # Opened to the first cohort only: the sibling cohort's learner no longer reads it.
    ModuleOpening.objects.create(page=s["module"], cohort=s["cohort"], opens_on=timezone.localdate())
    for url in (s["module"].url, s["lesson"].url):
        assert _status(client, user, url) == 404
        assert _status(client, s["member"], url) == 200


def test_dropped_out_or_cancelled_learners_lose_access(client, course_setup):
    today = timezone.localdate()
    dropped = {"status": "dropped_out", "dropout_reason": "emploi", "dropout_date": today}
    for fields in (dropped, {"status": "cancelled"}, {"status": "candidate"}):
        user, _ = enrolled_learner(course_setup["cohort"], **fields)
        assert _status(client, user, course_setup["lesson"].url) == 404


def test_reserved_quiz_cannot_be_posted_by_an_outsider(client, course_setup):
    client.force_login(course_setup["outsider"])
    response = client.post(course_setup["lesson"].url, {"action": "quiz", "q0": "0", "q1": "0"})
    assert response.status_code == 404
    assert not QuizAttempt.objects.exists()
    client.logout()
    assert client.post(course_setup["lesson"].url, {"action": "done"}).status_code == 404


def test_public_module_is_open_to_all_but_a_staff_lesson_inside_is_not(client):
    cohort = CohortFactory()
    module = module_page(cohort.course, access=A.PUBLIC)
    public_lesson = lesson_page(module)
    staff_lesson = lesson_page(module, access=A.STAFF, title="Notes pour l'équipe")
    member, _ = enrolled_learner(cohort)
    assert _status(client, None, public_lesson.url) == 200
    assert _status(client, None, staff_lesson.url) == 404
    assert _status(client, member, staff_lesson.url) == 404
    assert _status(client, coordinator(), staff_lesson.url) == 200
    client.logout()
    assert "Notes pour l" not in client.get(module.url).content.decode()


def test_lesson_is_never_more_open_than_its_module(client, course_setup):
    lesson = lesson_page(course_setup["module"], access=A.PUBLIC)
    assert _status(client, None, lesson.url) == 404


def test_drafts_are_not_served(client, course_setup):
    draft_lesson = lesson_page(course_setup["module"], live=False)
    assert _status(client, course_setup["member"], draft_lesson.url) == 404
    course_setup["module"].unpublish()
    # A published lesson under an unpublished module is hidden too.
    assert _status(client, course_setup["member"], course_setup["lesson"].url) == 404


def test_module_opens_to_a_cohort_from_a_date_or_a_session(client):
    today = timezone.localdate()
    cohort = CohortFactory()
    later = CohortFactory(course=cohort.course, code="TST-LATER")
    session = SessionFactory(cohort=later, date=today + timedelta(days=3))
    module = module_page(
        cohort.course,
        openings=[(cohort, {"opens_on": today + timedelta(days=2)}), (later, {"session": session})],
    )
    lesson = lesson_page(module)
    early, _ = enrolled_learner(cohort)
    late, _ = enrolled_learner(later)
    # Not named in the openings: reserved to the other two cohorts, never opens to this one.
    unnamed_cohort = CohortFactory(course=cohort.course, code="TST-UNNAMED")
    unnamed, _ = enrolled_learner(unnamed_cohort)
    assert _status(client, early, lesson.url) == 404
    assert _status(client, late, lesson.url) == 404
    assert _status(client, unnamed, lesson.url) == 404
    assert _status(client, trainer(), lesson.url) == 200
    from freezegun import freeze_time

    with freeze_time(today + timedelta(days=2)):
        assert _status(client, early, lesson.url) == 200
        assert _status(client, late, lesson.url) == 404
    with freeze_time(today + timedelta(days=3)):
        assert _status(client, late, module.url) == 200
        assert _status(client, unnamed, module.url) == 404


def test_the_public_api_does_not_list_course_content(client, course_setup):
    module_page(course_setup["cohort"].course, access=A.PUBLIC, title="Module public")
    body = client.get("/api/v2/pages/?limit=100").content.decode()
    assert "learning." not in body
    response = client.get(f"/api/v2/pages/{course_setup['lesson'].pk}/")
    assert response.status_code == 404


def test_video_is_a_link_the_learner_chooses_to_open_and_files_download(client, settings, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = str(tmp_path)
    document = Document(title="Cube (STL)", file_size=12)
    document.file.save("cube.stl", ContentFile(b"solid cube\n"), save=False)
    document.save()
    cohort = CohortFactory()
    module = module_page(cohort.course, access=A.PUBLIC)
    body = [
        (
            "video",
            {"video": "https://peertube.example.org/w/abc", "title": "La découpe", "duration": "3 min"},
        ),
        ("file", {"document": document, "description": "La forme du cube."}),
    ]
    lesson = lesson_page(module, body=body)
    page = client.get(lesson.url).content.decode()
    assert 'href="https://peertube.example.org/w/abc"' in page and "La découpe (3 min)" in page
    assert "<iframe" not in page and "autoplay" not in page
    assert f'href="{document.url}" download' in page and "STL" in page


def test_a_lesson_scheduled_for_later_opens_when_publish_scheduled_runs(client, course_setup):
    """Wagtail's scheduled publishing: the deploy timer runs publish_scheduled every 5 minutes."""
    from django.core.management import call_command
    from freezegun import freeze_time

    go_live = timezone.now() + timedelta(days=1)
    lesson = lesson_page(course_setup["module"], live=False, title="Leçon de demain")
    lesson.go_live_at = go_live
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert not lesson.live  # scheduled, not published yet
    assert _status(client, course_setup["member"], lesson.url) == 404
    with freeze_time(go_live + timedelta(minutes=5)):
        call_command("publish_scheduled", verbosity=0)
        assert _status(client, course_setup["member"], lesson.url) == 200


def test_a_reserved_lesson_file_is_404_to_those_who_cannot_read_the_lesson(
    client, course_setup, settings, tmp_path
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = str(tmp_path)

    def document(name):
        doc = Document(title=name, file_size=12)
        doc.file.save(name, ContentFile(b"G1 X10 Y10\n"), save=False)
        doc.save()
        return doc

    reserved, public, loose = document("gabarit.gcode"), document("cube.stl"), document("charte.pdf")
    draft_only = document("brouillon.gcode")
    lesson_page(course_setup["module"], body=[("file", {"document": reserved, "description": "Gabarit"})])
    draft_body = [("file", {"document": draft_only, "description": "Plus tard"})]
    lesson_page(course_setup["module"], live=False, body=draft_body)
    open_module = module_page(course_setup["cohort"].course, access=A.PUBLIC)
    lesson_page(open_module, body=[("file", {"document": public, "description": "Cube"})])
    for user, expected in ((None, 404), (course_setup["outsider"], 404), (course_setup["member"], 200)):
        assert _status(client, user, reserved.url) == expected
        assert _status(client, user, public.url) == 200
        assert _status(client, user, loose.url) == 200  # linked from no lesson: Wagtail's default
        assert _status(client, user, draft_only.url) == 404  # a lesson still in draft: reserved
    assert _status(client, trainer(), reserved.url) == 200


def test_opening_rows_offer_only_the_cohorts_of_the_module_course(client, course_setup):
    from courses.setup import ensure_publishing_rules
    from tests.factories import coordinator

    ensure_publishing_rules()
    CohortFactory(code="TST-AUTRE-FORMATION")  # a cohort of another course
    client.force_login(coordinator())
    page = client.get(f"/admin/pages/{course_setup['module'].pk}/edit/").content.decode()
    assert course_setup["cohort"].code in page  # in the new-row template the "Ajouter" button copies
    assert "TST-AUTRE-FORMATION" not in page


def test_a_public_module_lists_learners_only_lessons_to_those_who_may_open_them(client, course_setup):
    from courses.learning.models import ModuleOpening

    module = module_page(course_setup["cohort"].course, access=A.PUBLIC, title="Module ouvert")
    lesson_page(module, title="Leçon pour tous")
    lesson_page(module, access=A.LEARNERS, title="Leçon de la session")
    other = CohortFactory(course=course_setup["cohort"].course, code="TST-OUVERTE")
    ModuleOpening.objects.create(page=module, cohort=other, opens_on=timezone.localdate())
    client.force_login(course_setup["member"])  # their cohort is not the one opened
    page = client.get(module.url).content.decode()
    assert "Leçon pour tous" in page and "Leçon de la session" not in page
    sibling, _ = enrolled_learner(other)
    client.force_login(sibling)
    assert "Leçon de la session" in client.get(module.url).content.decode()
