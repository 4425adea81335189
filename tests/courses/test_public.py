"""What the public sees: catalogue filters and search, next dates and seats, results, calendar, API."""

import html
import re
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from courses.models import Cohort, CourseFormat
from learners.models import Enrolment
from tests.factories import EnrolmentFactory, SessionFactory, catalog_page, course_page

from .factories import audience, cohort_for, course_with_modules, session

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _titles(client, **params):
    """Course titles listed by the catalogue for these filters."""
    text = _text(client.get(catalog_page().url, params))
    return {title for title in ("Découpe laser", "Artisans numériques", "Impression 3D E2C") if title in text}


@pytest.fixture
def catalogue():
    laser = course_page(title="Découpe laser", format=CourseFormat.DISCOVERY, summary="Dessiner et découper.")
    long = course_page(
        title="Artisans numériques",
        format=CourseFormat.LONG,
        summary="Six mois en centre, six en entreprise.",
    )
    e2c = course_page(
        title="Impression 3D E2C", format=CourseFormat.PARTNER, summary="Modéliser une pièce utile."
    )
    for page, slugs in ((laser, ["tout-public", "jeunes"]), (long, ["demandeurs-emploi"]), (e2c, ["jeunes"])):
        page.audiences.set([audience(s) for s in slugs])
        page.save_revision().publish()
    soon = TODAY + timedelta(days=10)
    cohort_for(
        code="DL-SOON",
        course=laser,
        status=Cohort.Status.OPEN,
        start_date=soon,
        end_date=soon + timedelta(days=14),
        capacity=10,
    )
    cohort_for(
        code="AN-PAST",
        course=long,
        status=Cohort.Status.CLOSED,
        start_date=date(2024, 9, 2),
        end_date=date(2025, 8, 29),
    )
    cohort_for(code="E2C-DRAFT", course=e2c, status=Cohort.Status.DRAFT, start_date=soon, end_date=soon)
    return {"laser": laser, "long": long, "e2c": e2c}


def test_catalogue_filters_by_format_audience_and_upcoming_dates(client, catalogue):
    assert _titles(client) == {"Découpe laser", "Artisans numériques", "Impression 3D E2C"}
    assert _titles(client, format="long") == {"Artisans numériques"}
    assert _titles(client, public="jeunes") == {"Découpe laser", "Impression 3D E2C"}
    assert _titles(client, public="jeunes", format="partner") == {"Impression 3D E2C"}
    # Closed and draft cohorts are not "dates to come".
    assert _titles(client, a_venir="1") == {"Découpe laser"}
    # Unknown values are ignored rather than failing.
    assert len(_titles(client, format="n'importe", public="quoi")) == 3


def test_catalogue_search_box_uses_wagtail_search(client, catalogue):
    assert _titles(client, q="laser") == {"Découpe laser"}
    assert _titles(client, q="entreprise") == {"Artisans numériques"}
    text = _text(client.get(catalog_page().url, {"q": "tricot"}))
    assert "Aucune formation ne correspond à ces critères." in text
    assert re.search(r"0 formations? pour « tricot »", text)


def test_catalogue_card_shows_next_dates_and_seats_left(client, catalogue):
    cohort = Cohort.objects.get(code="DL-SOON")
    for _ in range(3):
        EnrolmentFactory(cohort=cohort, status=Enrolment.Status.ADMITTED)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.CANCELLED)
    text = _text(client.get(catalog_page().url))
    start = cohort.start_date
    assert f"du {start.day}" in text
    assert "7 places restantes" in text


def test_course_page_shows_programme_next_cohorts_and_calendar_link(client):
    course = course_with_modules(title="Découpe laser")
    start = TODAY + timedelta(days=3)
    cohort = cohort_for(
        code="DL-NEXT",
        course=course,
        status=Cohort.Status.OPEN,
        start_date=start,
        end_date=start + timedelta(days=7),
        capacity=1,
    )
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.ADMITTED)
    text = _text(client.get(course.url))
    assert "Sécurité et réglages" in text and "Fabriquer son objet" in text
    assert "DL-NEXT" in text
    assert "Complet" in text
    assert reverse("courses:cohort_calendar", args=["DL-NEXT"]) in text


def _finished_cohort(course, code, completed, dropped, in_training=0):
    cohort = cohort_for(
        code=code,
        course=course,
        status=Cohort.Status.CLOSED,
        start_date=date(2025, 9, 1),
        end_date=date(2026, 2, 27),
        capacity=20,
    )
    for _ in range(completed):
        EnrolmentFactory(cohort=cohort, status=Enrolment.Status.COMPLETED)
    for _ in range(dropped):
        EnrolmentFactory(
            cohort=cohort,
            status=Enrolment.Status.DROPPED_OUT,
            dropout_reason="emploi",
            dropout_date=date(2025, 11, 3),
        )
    for _ in range(in_training):
        EnrolmentFactory(cohort=cohort, status=Enrolment.Status.IN_TRAINING)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.CANCELLED)  # never started: not counted
    return cohort


def test_results_block_hidden_under_five_learners(client):
    course = course_page(title="Atelier soudure")
    _finished_cohort(course, "S-1", completed=3, dropped=1)
    text = _text(client.get(course.url))
    assert "Résultats de la formation" not in text


def test_results_block_computed_from_enrolments(client):
    course = course_page(title="Atelier soudure")
    _finished_cohort(course, "S-1", completed=6, dropped=1, in_training=1)
    # A running cohort does not count yet.
    running = cohort_for(
        code="S-2",
        course=course,
        status=Cohort.Status.RUNNING,
        start_date=TODAY - timedelta(days=3),
        end_date=TODAY + timedelta(days=30),
    )
    EnrolmentFactory(cohort=running, status=Enrolment.Status.IN_TRAINING)
    text = _text(client.get(course.url))
    assert "Résultats de la formation" in text
    assert "Stagiaires accueillis" in text
    assert ">8<" in text.replace(" ", "")  # 6 completed + 1 dropped out + 1 never finished
    assert "75 %" in text  # 6 of 8
    assert "Sur 1 session terminée, de septembre 2025 à février 2026." in text


def test_cohort_calendar_lists_each_session(client):
    course = course_page(title="Découpe laser")
    cohort = cohort_for(
        code="DL-2027-03",
        course=course,
        status=Cohort.Status.OPEN,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 3, 31),
    )
    session(cohort, date(2027, 3, 2), time(9, 0), time(12, 30))
    SessionFactory(
        cohort=cohort,
        date=date(2027, 3, 4),
        start_time=time(14, 0),
        end_time=time(17, 0),
        place="Atelier bois",
        what_to_bring="Chaussures fermées",
    )

    response = client.get(reverse("courses:cohort_calendar", args=["DL-2027-03"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="DL-2027-03.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Découpe laser (DL-2027-03)"
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert len(events) == 2
    first, second = events
    assert first.decoded("dtstart").isoformat() == "2027-03-02T09:00:00+01:00"
    assert first.decoded("dtend").isoformat() == "2027-03-02T12:30:00+01:00"
    assert str(first["summary"]) == "Découpe laser"
    assert str(first["location"]) == "Fab lab, Amiens"  # the cohort's place
    assert str(second["location"]) == "Atelier bois"
    assert str(second["description"]) == "À apporter : Chaussures fermées"
    assert len({str(e["uid"]) for e in events}) == 2


def test_calendar_of_a_draft_cohort_is_not_public(client):
    cohort = cohort_for(code="SECRET", status=Cohort.Status.DRAFT)
    assert client.get(reverse("courses:cohort_calendar", args=[cohort.code])).status_code == 404


def test_api_lists_published_courses_with_next_cohorts(client, catalogue):
    cohort = Cohort.objects.get(code="DL-SOON")
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.ADMITTED)
    draft = course_page(title="Brouillon", publish=False)

    response = client.get("/api/v2/formations/")
    assert response.status_code == 200
    items = {item["title"]: item for item in response.json()["items"]}
    assert set(items) == {"Découpe laser", "Artisans numériques", "Impression 3D E2C"}
    assert draft.title not in items
    laser = items["Découpe laser"]
    assert laser["format"] == "discovery"
    assert laser["summary"] == "Dessiner et découper."
    assert laser["hours_centre"] == 15
    assert laser["price"] is None
    assert laser["next_cohorts"] == [
        {
            "code": "DL-SOON",
            "start_date": cohort.start_date.isoformat(),
            "end_date": cohort.end_date.isoformat(),
            "place": "Fab lab, Amiens",
            "status": "open",
            "capacity": 10,
            "seats_left": 9,
            "calendar_url": "http://testserver/sessions/DL-SOON/calendrier.ics",
        }
    ]
    assert items["Artisans numériques"]["next_cohorts"] == []  # only a closed one

    detail = client.get(f"/api/v2/formations/{laser['id']}/").json()
    assert set(detail["audiences"]) == {"Tout public", "Jeunes de 16 à 25 ans"}
    assert detail["next_cohorts"][0]["seats_left"] == 9


def test_api_is_read_only(client, catalogue):
    assert client.post("/api/v2/formations/", {"title": "x"}).status_code == 405


def test_catalogue_query_count_is_constant(client, django_assert_max_num_queries):
    catalog = catalog_page()
    courses = [course_page(title=f"Formation {i:03d}") for i in range(200)]
    start = TODAY + timedelta(days=7)
    Cohort.objects.bulk_create(
        [
            Cohort(
                code=f"C-{i:04d}",
                course=courses[i % 200],
                start_date=start + timedelta(days=i % 30),
                end_date=start + timedelta(days=60),
                place="Amiens",
                capacity=12,
                status=Cohort.Status.OPEN,
            )
            for i in range(1000)
        ]
    )
    with django_assert_max_num_queries(14):
        text = _text(client.get(catalog.url))
    assert "200 formations" in text
    with django_assert_max_num_queries(14):
        _text(client.get(catalog.url, {"a_venir": "1", "public": "jeunes", "page": "2"}))
    with django_assert_max_num_queries(16):
        text = _text(client.get(catalog.url, {"q": "Formation 123"}))
    assert "Formation 123" in text


def test_results_block_shows_positive_exits_at_six_months(client):
    from learners.outcomes.models import Outcome

    course = course_page(title="Atelier menuiserie numérique")
    cohort = _finished_cohort(course, "MN-1", completed=6, dropped=0)
    cohort.end_date = TODAY - timedelta(days=250)
    cohort.start_date = TODAY - timedelta(days=300)
    cohort.save()
    enrolments = list(cohort.enrolments.filter(status=Enrolment.Status.COMPLETED))
    for enrolment, situation in zip(
        enrolments, ["cdi", "cdi", "apprentissage", "recherche_emploi", "inactif", "cdi"], strict=True
    ):
        Outcome.objects.create(
            enrolment=enrolment,
            checkpoint="6_mois",
            situation=situation,
            observed_on=TODAY - timedelta(days=60),
        )
    text = _text(client.get(course.url))
    assert "6 mois après" in text
    assert "67 %" in text  # 4 positive exits of 6
