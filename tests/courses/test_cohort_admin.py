"""Cohorts and sessions in the Wagtail admin: what a trainer or coordinator types, and what is refused."""

import html
from datetime import date, time

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import Cohort, Session
from learners.models import Enrolment
from tests.factories import EnrolmentFactory, coordinator, trainer

from .factories import assigned_course, cohort_for, publishing_setup, session

pytestmark = pytest.mark.django_db


def _replace(querydict, values):
    """Set form fields as a user would type them (QueryDict.update would append)."""
    for key, value in values.items():
        querydict[key] = value


def _as_lists(querydict):
    # The test client sends only the last value of each QueryDict key; send every value.
    return dict(querydict.lists())


MARCH = dict(start_date=date(2027, 3, 1), end_date=date(2027, 6, 30))  # 1 March 2027 is a Monday


@pytest.fixture
def karim():
    publishing_setup()
    return trainer(username="karim")


@pytest.fixture
def cohort(karim):
    course = assigned_course(karim, title="Découverte de la découpe laser")
    return cohort_for(karim, code="DL-2027-03", course=course, status=Cohort.Status.OPEN, **MARCH)


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _edit_data(client, cohort):
    url = reverse("cohort:edit", args=[cohort.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, querydict_from_html(response.content.decode(), form_id="w-editor-form")


def _generate(client, cohort, **overrides):
    data = {
        "weekdays": ["1", "3"],
        "start_time": "09:00",
        "end_time": "12:30",
        "from_date": "2027-03-01",
        "count": "12",
        "until": "",
        "skip_dates": "",
        "trainer": "",
        "place": "",
    }
    data.update(overrides)
    return client.post(reverse("cohort:generate", args=[cohort.pk]), data)


# --- "Générer des séances" ------------------------------------------------------------------


def test_generate_twelve_tuesday_and_thursday_mornings_skipping_a_closure(client, karim, cohort):
    client.force_login(karim)
    response = _generate(client, cohort, skip_dates="04/03/2027", trainer=str(karim.pk))

    assert response.status_code == 302
    assert response.url == reverse("cohort:edit", args=[cohort.pk])
    sessions = list(cohort.sessions.order_by("date"))
    assert len(sessions) == 12
    assert sessions[0].date == date(2027, 3, 2)
    assert date(2027, 3, 4) not in {s.date for s in sessions}
    assert {s.date.weekday() for s in sessions} == {1, 3}
    assert all(s.start_time == time(9, 0) and s.end_time == time(12, 30) for s in sessions)
    assert all(s.trainer == karim and s.place == cohort.place for s in sessions)
    assert sessions[0].planned_minutes == 210
    # The edit page then says what happened.
    page = client.get(response.url)
    assert "12 séances créées pour DL-2027-03, du 02/03/2027 au 13/04/2027." in _text(page)


def test_generate_until_a_date_instead_of_a_count(client, karim, cohort):
    client.force_login(karim)
    _generate(client, cohort, count="", until="2027-03-31", weekdays=["0"])
    assert list(cohort.sessions.values_list("date", flat=True)) == [
        date(2027, 3, 1),
        date(2027, 3, 8),
        date(2027, 3, 15),
        date(2027, 3, 22),
        date(2027, 3, 29),
    ]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"start_time": "12:00", "end_time": "09:00"}, "L'heure de fin doit suivre l'heure de début."),
        (
            {"start_time": "08:00", "end_time": "13:30"},
            "Une séance dure au plus une demi-journée (300 minutes).",
        ),
        ({"from_date": "2027-02-15"}, "La séance doit avoir lieu entre le 01/03/2027 et le 30/06/2027."),
        (
            {"until": "2027-07-15", "count": ""},
            "La séance doit avoir lieu entre le 01/03/2027 et le 30/06/2027.",
        ),
        ({"count": "", "until": ""}, "Indiquez un nombre de séances ou une date de fin."),
        ({"weekdays": []}, "Choisissez au moins un jour de la semaine."),
        ({"skip_dates": "le 11 novembre"}, "« le » n'est pas une date (format attendu : 25/12/2027)."),
        (
            {"count": "80"},
            "Seulement 35 séances tiennent avant la fin de la session (30/06/2027) : il en faut 80.",
        ),
    ],
)
def test_generate_refuses_bad_input_in_french_and_creates_nothing(client, karim, cohort, overrides, message):
    client.force_login(karim)
    response = _generate(client, cohort, **overrides)
    assert response.status_code == 200
    assert message in _text(response)
    assert not cohort.sessions.exists()


def test_generate_refuses_a_trainer_already_teaching_elsewhere_and_creates_nothing(client, karim, cohort):
    other = cohort_for(karim, code="AN-2027-03", course=cohort.course, **MARCH)
    session(other, date(2027, 3, 9), time(10, 0), time(12, 0), trainer=karim)
    client.force_login(karim)

    response = _generate(client, cohort, trainer=str(karim.pk))

    text = _text(response)
    assert "Séance du 09/03/2027 : Ce formateur anime déjà une séance à ce moment-là (AN-2027-03" in text
    assert not cohort.sessions.exists()  # all or nothing


# --- Editing a cohort and its sessions inline -----------------------------------------------


def test_capacity_cannot_go_below_the_seats_already_taken(client, karim, cohort):
    for _ in range(3):
        EnrolmentFactory(cohort=cohort, status=Enrolment.Status.ADMITTED)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.CANDIDATE)  # holds no seat
    client.force_login(karim)
    url, data = _edit_data(client, cohort)

    data["capacity"] = "2"
    response = client.post(url, _as_lists(data))
    assert "3 places sont déjà prises : la capacité ne peut pas descendre à 2." in _text(response)
    cohort.refresh_from_db()
    assert cohort.capacity == 12

    data["capacity"] = "3"
    assert client.post(url, _as_lists(data)).status_code == 302
    cohort.refresh_from_db()
    assert cohort.capacity == 3


def test_cohort_end_before_start_is_refused(client, karim, cohort):
    client.force_login(karim)
    url, data = _edit_data(client, cohort)
    data["end_date"] = "2027-02-01"
    response = client.post(url, _as_lists(data))
    assert "La date de fin doit suivre la date de début." in _text(response)
    cohort.refresh_from_db()
    assert cohort.end_date == date(2027, 6, 30)


def _add_inline_session(data, index, day, start, end, trainer_pk=""):
    data["sessions-TOTAL_FORMS"] = str(index + 1)
    data[f"sessions-{index}-id"] = ""
    data[f"sessions-{index}-date"] = day
    data[f"sessions-{index}-start_time"] = start
    data[f"sessions-{index}-end_time"] = end
    data[f"sessions-{index}-trainer"] = str(trainer_pk)
    data[f"sessions-{index}-place"] = ""
    data[f"sessions-{index}-module"] = ""
    data[f"sessions-{index}-what_to_bring"] = ""


def test_sessions_added_inline_are_saved(client, karim, cohort):
    client.force_login(karim)
    url, data = _edit_data(client, cohort)
    _add_inline_session(data, 0, "2027-03-02", "14:00", "17:00", karim.pk)
    response = client.post(url, _as_lists(data))
    assert response.status_code == 302
    saved = cohort.sessions.get()
    assert (saved.date, saved.start_time, saved.trainer) == (date(2027, 3, 2), time(14, 0), karim)


@pytest.mark.parametrize(
    "day, start, end, message",
    [
        ("2027-03-02", "14:00", "13:00", "L'heure de fin doit suivre l'heure de début."),
        ("2027-03-02", "08:00", "17:00", "Une séance dure au plus une demi-journée (300 minutes)."),
        ("2027-07-06", "09:00", "12:00", "La séance doit avoir lieu entre le 01/03/2027 et le 30/06/2027."),
    ],
)
def test_inline_session_errors_are_shown_in_french(client, karim, cohort, day, start, end, message):
    client.force_login(karim)
    url, data = _edit_data(client, cohort)
    _add_inline_session(data, 0, day, start, end)
    response = client.post(url, _as_lists(data))
    assert message in _text(response)
    assert not cohort.sessions.exists()


def test_two_overlapping_sessions_of_one_cohort_are_refused(client, karim, cohort):
    session(cohort, date(2027, 3, 2), time(9, 0), time(12, 0))
    client.force_login(karim)
    url, data = _edit_data(client, cohort)
    _add_inline_session(data, 1, "2027-03-02", "11:00", "13:00")
    response = client.post(url, _as_lists(data))
    assert "Deux séances de cette session se chevauchent le 02/03/2027." in _text(response)
    assert cohort.sessions.count() == 1


def test_inline_trainer_clash_with_another_cohort_is_refused(client, karim, cohort):
    other = cohort_for(karim, code="AN-2027-03", course=cohort.course, **MARCH)
    session(other, date(2027, 3, 2), time(9, 0), time(12, 0), trainer=karim)
    client.force_login(karim)
    url, data = _edit_data(client, cohort)
    _add_inline_session(data, 0, "2027-03-02", "10:00", "11:00", karim.pk)
    response = client.post(url, _as_lists(data))
    assert "Ce formateur anime déjà une séance à ce moment-là (AN-2027-03 – 02/03/2027 09:00)" in _text(
        response
    )
    assert not cohort.sessions.exists()


# --- Listing ----------------------------------------------------------------------------------


def test_list_filters_by_status_and_searches_by_code(client):
    publishing_setup()
    boss = coordinator()
    course = assigned_course(title="Artisans numériques")
    cohort_for(code="AN-2027-03", course=course, status=Cohort.Status.OPEN, **MARCH)
    cohort_for(code="AN-2026-09", course=course, status=Cohort.Status.CLOSED, **MARCH)
    client.force_login(boss)

    listing = client.get(reverse("cohort:index"), {"status": "open"}).content.decode()
    assert "AN-2027-03" in listing and "AN-2026-09" not in listing
    found = client.get(reverse("cohort:index"), {"q": "2026-09"}).content.decode()
    assert "AN-2026-09" in found and "AN-2027-03" not in found


def test_a_trainer_creates_a_cohort_and_stays_on_it(client, karim):
    course = assigned_course(karim, title="Impression 3D")
    client.force_login(karim)
    url = reverse("cohort:add")
    page = client.get(url).content.decode()
    assert html.escape(karim.get_full_name()) in page  # trainers are listed by name, not login
    data = querydict_from_html(page, form_id="w-editor-form")
    assert data.getlist("trainers") == [str(karim.pk)]  # ticked for them
    _replace(
        data,
        {
            "code": "I3D-2027-04",
            "course": str(course.pk),
            "status": "open",
            "start_date": "2027-04-05",
            "end_date": "2027-04-30",
            "place": "Fab lab, Amiens",
            "capacity": "10",
        },
    )
    data.setlist("trainers", [])
    response = client.post(url, _as_lists(data))
    assert "Gardez-vous parmi les formateurs de la session" in _text(response)
    assert not Cohort.objects.filter(code="I3D-2027-04").exists()

    data.setlist("trainers", [str(karim.pk)])
    assert client.post(url, _as_lists(data)).status_code == 302
    assert list(Cohort.objects.get(code="I3D-2027-04").trainers.all()) == [karim]


def test_generated_sessions_keep_one_trainer_per_slot_in_the_database(karim, cohort):
    # The model's own check, used by every write path (services, admin, imports).
    session(cohort, date(2027, 3, 2), trainer=karim)
    other = cohort_for(karim, code="X-1", course=cohort.course, **MARCH)
    with pytest.raises(Exception, match="Ce formateur anime déjà une séance"):
        session(other, date(2027, 3, 2), time(11, 0), time(12, 0), trainer=karim)
    assert Session.objects.count() == 1


def test_a_cohort_with_learners_cannot_be_deleted_but_an_empty_one_can(client, karim, cohort):
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.ADMITTED)
    session(cohort, date(2027, 3, 2))
    client.force_login(karim)
    response = client.post(reverse("cohort:delete", args=[cohort.pk]), follow=True)
    assert "a des stagiaires inscrits : elle ne peut pas être supprimée" in _text(response)
    assert Cohort.objects.filter(pk=cohort.pk).exists()
    assert cohort.sessions.count() == 1  # nothing half-deleted

    empty = cohort_for(karim, code="VIDE", course=cohort.course, **MARCH)
    assert client.post(reverse("cohort:delete", args=[empty.pk])).status_code == 302
    assert not Cohort.objects.filter(code="VIDE").exists()
