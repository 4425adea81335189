"""Trainer pages and learner space: who sees what (404 otherwise) and constant query counts."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import SkillLevel
from learners.models import Attendance, SkillValidation
from learners.services import attendance as att
from tests.factories import (
    EnrolmentFactory,
    SessionFactory,
    SkillFactory,
    coordinator,
    learner_user,
    partner_staff,
)
from tests.factories import (
    trainer as make_trainer,
)

from .factories import PNG_SIGNATURE, AttendanceFactory, PlacementFactory, running_session

pytestmark = pytest.mark.django_db
S = Attendance.Status


def _cohort_with(n_learners, n_sessions=4, n_skills=0):
    session, trainer, enrolments = running_session(learners=n_learners)
    cohort = session.cohort
    sessions = [session] + [
        SessionFactory(cohort=cohort, date=session.date - timedelta(days=i), trainer=trainer)
        for i in range(1, n_sessions)
    ]
    for i, e in enumerate(enrolments):
        for j, s in enumerate(sessions):
            status = S.ABSENT_UNJUSTIFIED if (i + j) % 5 == 0 else S.PRESENT
            AttendanceFactory(enrolment=e, session=s, status=status)
    skills = [SkillFactory(max_level=SkillLevel.CAN_TEACH) for _ in range(n_skills)]
    cohort.course.skills.set(skills)
    cohort.course.save()  # a ParentalManyToManyField is written when the page is saved
    for i, e in enumerate(enrolments):
        for skill in skills[: i % 4]:
            SkillValidation.objects.create(
                learner=e.learner, enrolment=e, skill=skill, level=1, validated_on=timezone.localdate()
            )
    return cohort, trainer, enrolments, sessions


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_roster_of_30_uses_as_many_queries_as_a_roster_of_3(client, django_assert_max_num_queries):
    small, trainer_small, *_ = _cohort_with(3)
    big, trainer_big, enrolments, _ = _cohort_with(30)
    client.force_login(trainer_small)
    n_small, _ = _count(client, reverse("trainer:cohort", args=[small.code]))
    client.force_login(trainer_big)
    with django_assert_max_num_queries(n_small):
        response = client.get(reverse("trainer:cohort", args=[big.code]))
    page = response.content.decode()
    assert page.count('id="stagiaire-') == 30
    # Someone present at 3 of 4 sessions held shows 75 %.
    assert "75 %" in page and "3 / 4" in page


def test_skills_grid_30_by_40_uses_as_many_queries_as_3_by_2(client, django_assert_max_num_queries):
    small, trainer_small, *_ = _cohort_with(3, n_sessions=1, n_skills=2)
    big, trainer_big, *_ = _cohort_with(30, n_sessions=1, n_skills=40)
    client.force_login(trainer_small)
    n_small, _ = _count(client, reverse("trainer:skills", args=[small.code]))
    client.force_login(trainer_big)
    with django_assert_max_num_queries(n_small):
        response = client.get(reverse("trainer:skills", args=[big.code]))
    page = response.content.decode()
    assert page.count('class="level-up"') == 30 * 40
    # One form for the whole grid: the page stays light enough for a phone.
    assert page.count("csrfmiddlewaretoken") == 2  # the grid and the log-out button
    assert len(response.content) < 450_000
    assert page.count("niv. 1") == sum(i % 4 for i in range(30))


def test_session_page_of_30_uses_as_many_queries_as_3(client, django_assert_max_num_queries):
    _, trainer_small, _, (s_small, *_) = _cohort_with(3, n_sessions=1)
    _, trainer_big, _, (s_big, *_) = _cohort_with(30, n_sessions=1)
    client.force_login(trainer_small)
    n_small, _ = _count(client, reverse("trainer:session", args=[s_small.pk]))
    client.force_login(trainer_big)
    with django_assert_max_num_queries(n_small):
        client.get(reverse("trainer:session", args=[s_big.pk]))


def test_only_the_cohorts_trainers_and_coordinators_reach_its_pages(client):
    session, trainer, (enrolment, *_) = running_session(learners=1)
    urls = [
        reverse("trainer:cohort", args=[session.cohort.code]),
        reverse("trainer:skills", args=[session.cohort.code]),
        reverse("trainer:session", args=[session.pk]),
        reverse("trainer:session_pdf", args=[session.pk]),
        reverse("trainer:learner", args=[enrolment.pk]),
        reverse("trainer:hours", args=[enrolment.pk]),
    ]
    outsiders = [make_trainer(), learner_user(learner=enrolment.learner), partner_staff()]
    for user in outsiders:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    for user in (trainer, coordinator()):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)


def test_learner_space_shows_only_their_own_path(client):
    session, trainer, (mine, other) = running_session(learners=2)
    att.sign_on_device(session=session, enrolment=mine, signature=PNG_SIGNATURE, by=trainer)
    att.record_attendance(session=session, enrolment=other, status=S.ABSENT_UNJUSTIFIED, by=trainer)
    PlacementFactory(enrolment=mine, tutor__first_name="Paul", tutor__last_name="Leroy")
    client.force_login(learner_user(learner=mine.learner))
    page = client.get(reverse("learner_space:home")).content.decode()
    assert f"Bonjour {mine.learner.first_name}" in page
    assert "1 sur 1" in page  # sessions attended of planned
    assert "Paul Leroy" in page
    assert other.learner.last_name not in page
    data = json.loads(client.get(reverse("learner_space:my_data")).content)
    assert data["identite"]["nom"] == mine.learner.last_name
    assert [m["presence"] for m in data["emargements"]] == ["Présent"]
    assert data["emargements"][0]["signature"] == PNG_SIGNATURE
    assert other.learner.last_name not in json.dumps(data)
    ics = client.get(reverse("learner_space:calendar"))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content


def test_staff_without_a_learner_record_get_404_in_the_learner_space(client):
    client.force_login(make_trainer())
    assert client.get(reverse("learner_space:home")).status_code == 404
    assert client.get(reverse("learner_space:my_data")).status_code == 404


def test_hours_statement_page_and_pdf(client):
    session, trainer, (enrolment,) = running_session(learners=1)
    att.record_attendance(session=session, enrolment=enrolment, status=S.LATE, minutes=150, by=trainer)
    client.force_login(trainer)
    page = client.get(reverse("trainer:hours", args=[enrolment.pk])).content.decode()
    assert "150 min" in page and "71 %" in page  # 150 / 210
    pdf = client.get(reverse("trainer:hours", args=[enrolment.pk]), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = client.get(reverse("trainer:hours", args=[enrolment.pk]), {"du": "2026-05-01", "au": "2026-01-01"})
    assert bad.status_code == 200
    assert "La date de fin doit suivre la date de début." in bad.content.decode()


def test_roll_call_over_http_is_one_tap(client):
    session, trainer, (enrolment,) = running_session(learners=1)
    client.force_login(trainer)
    response = client.post(
        reverse("trainer:session_mark", args=[session.pk]),
        {"enrolment": enrolment.pk, "status": S.PRESENT, "minutes": ""},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#stagiaire-{enrolment.pk}")
    assert Attendance.objects.get().minutes == 210
    # Nonsense input is refused with a message, no 500.
    response = client.post(
        reverse("trainer:session_mark", args=[session.pk]),
        {"enrolment": "x", "status": "partout"},
        follow=True,
    )
    assert response.status_code == 200
    assert Attendance.objects.get().status == S.PRESENT


def test_close_without_signature_over_http_is_refused(client):
    session, trainer, _ = running_session(learners=1)
    client.force_login(trainer)
    response = client.post(
        reverse("trainer:session_close", args=[session.pk]), {"signature": ""}, follow=True
    )
    assert "La signature est vide" in response.content.decode()
    assert not hasattr(session, "sheet") or not session.sheet.is_closed


def test_walk_in_over_http(client):
    session, trainer, _ = running_session(learners=1)
    client.force_login(trainer)
    response = client.post(
        reverse("trainer:session_walk_in", args=[session.pk]),
        {"first_name": "Awa", "last_name": "Cissé", "birth_date": "2002-06-01"},
        follow=True,
    )
    assert "Awa Cissé est inscrit(e) et noté(e) présent(e)." in response.content.decode()
    assert Attendance.objects.filter(enrolment__learner__last_name="Cissé", status=S.PRESENT).exists()


def test_a_learner_in_another_cohort_is_not_in_this_one(client):
    session, trainer, _ = running_session(learners=1)
    stranger = EnrolmentFactory()
    client.force_login(trainer)
    assert client.get(reverse("trainer:learner", args=[stranger.pk])).status_code == 404


def test_next_session_is_not_one_that_already_ended_today(client):
    from datetime import datetime, time

    from freezegun import freeze_time

    from courses.models import Session
    from tests.factories import EnrolmentFactory, SessionFactory

    enrolment = EnrolmentFactory(status="admitted")
    today = enrolment.cohort.start_date
    SessionFactory(cohort=enrolment.cohort, date=today, start_time=time(9), end_time=time(12))
    SessionFactory(
        cohort=enrolment.cohort, date=today + timedelta(days=2), start_time=time(9), end_time=time(12)
    )
    client.force_login(learner_user(learner=enrolment.learner))
    paris = timezone.get_current_timezone()
    with freeze_time(datetime.combine(today, time(10, 30), tzinfo=paris)):
        during = client.get(reverse("learner_space:home")).context["next_session"]
    with freeze_time(datetime.combine(today, time(18), tzinfo=paris)):
        evening = client.get(reverse("learner_space:home")).context["next_session"]
    assert during.date == today  # still on: it is the one to go to
    assert evening.date == today + timedelta(days=2)
    assert Session.objects.filter(cohort=enrolment.cohort).count() == 2
