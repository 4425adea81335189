"""Trainers edit only the courses and cohorts they are assigned to; coordinators everything."""

import html
from datetime import date

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import Cohort
from tests.factories import coordinator, trainer

from .factories import assigned_course, cohort_for, publishing_setup

pytestmark = pytest.mark.django_db


def _replace(querydict, values):
    """Set form fields as a user would type them (QueryDict.update would append)."""
    for key, value in values.items():
        querydict[key] = value


def _as_lists(querydict):
    # The test client sends only the last value of each QueryDict key; send every value.
    return dict(querydict.lists())


@pytest.fixture
def team():
    publishing_setup()
    karim, lea = trainer(username="karim"), trainer(username="lea")
    karims_course = assigned_course(karim, title="Découpe laser")
    leas_course = assigned_course(lea, title="Impression 3D")
    dates = dict(start_date=date(2027, 3, 1), end_date=date(2027, 6, 30))
    return {
        "karim": karim,
        "lea": lea,
        "karims_course": karims_course,
        "leas_course": leas_course,
        "karims_cohort": cohort_for(karim, code="DL-2027-03", course=karims_course, **dates),
        "leas_cohort": cohort_for(lea, code="I3D-2027-03", course=leas_course, **dates),
    }


def _edit_page_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_trainer_edits_their_own_course(client, team):
    client.force_login(team["karim"])
    response = client.get(_edit_page_url(team["karims_course"]))
    assert response.status_code == 200
    assert "Découpe laser" in response.content.decode()


def test_trainer_cannot_open_or_save_another_trainers_course(client, team):
    leas_course = team["leas_course"]
    # Karim cannot reach Léa's editor, even with the URL typed by hand…
    client.force_login(team["lea"])
    form = querydict_from_html(
        client.get(_edit_page_url(leas_course)).content.decode(), form_id="page-edit-form"
    )
    client.force_login(team["karim"])
    response = client.get(_edit_page_url(leas_course))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")

    # …nor save it by posting the form.
    revisions = leas_course.revisions.count()
    form["title"] = "Piraté"
    response = client.post(_edit_page_url(leas_course), _as_lists(form))
    assert response.status_code == 302
    assert leas_course.revisions.count() == revisions
    leas_course.refresh_from_db()
    assert leas_course.title == "Impression 3D"


def test_explorer_offers_edit_only_on_the_trainers_own_course(client, team):
    client.force_login(team["karim"])
    catalog = Page.objects.get(pk=team["karims_course"].get_parent().pk)
    listing = client.get(reverse("wagtailadmin_explore", args=[catalog.pk])).content.decode()
    assert _edit_page_url(team["karims_course"]) in listing
    assert _edit_page_url(team["leas_course"]) not in listing


def test_a_trainer_assigned_later_by_the_coordinator_can_then_edit(client, team):
    leas_course = team["leas_course"]
    client.force_login(team["karim"])
    assert client.get(_edit_page_url(leas_course)).status_code == 302
    leas_course.trainers.add(team["karim"])
    leas_course.save_revision().publish()
    client.force_login(team["karim"])  # a fresh request, a fresh permission cache
    assert client.get(_edit_page_url(leas_course)).status_code == 200


def test_coordinator_edits_every_course_and_cohort(client, team):
    client.force_login(coordinator())
    assert client.get(_edit_page_url(team["leas_course"])).status_code == 200
    assert client.get(reverse("cohort:edit", args=[team["leas_cohort"].pk])).status_code == 200
    listing = client.get(reverse("cohort:index")).content.decode()
    assert "DL-2027-03" in listing and "I3D-2027-03" in listing


def test_trainer_lists_only_their_cohorts(client, team):
    client.force_login(team["karim"])
    listing = client.get(reverse("cohort:index")).content.decode()
    assert "DL-2027-03" in listing
    assert "I3D-2027-03" not in listing


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage", "generate"])
def test_trainer_cannot_reach_another_trainers_cohort(client, team, view):
    client.force_login(team["karim"])
    url = reverse(f"cohort:{view}", args=[team["leas_cohort"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse(f"cohort:{view}", args=[team["karims_cohort"].pk])).status_code == 200


def test_trainer_cannot_save_or_delete_another_trainers_cohort(client, team):
    leas_cohort = team["leas_cohort"]
    client.force_login(team["lea"])
    form = querydict_from_html(
        client.get(reverse("cohort:edit", args=[leas_cohort.pk])).content.decode(), form_id="w-editor-form"
    )
    client.force_login(team["karim"])
    form["capacity"] = "1"
    assert client.post(reverse("cohort:edit", args=[leas_cohort.pk]), _as_lists(form)).status_code == 404
    assert client.post(reverse("cohort:delete", args=[leas_cohort.pk])).status_code == 404
    leas_cohort.refresh_from_db()
    assert leas_cohort.capacity == 12


def test_trainer_attaches_new_cohorts_only_to_their_own_courses(client, team):
    client.force_login(team["karim"])
    form_html = client.get(reverse("cohort:add")).content.decode()
    assert "Découpe laser" in form_html
    assert "Impression 3D" not in form_html
    form = querydict_from_html(form_html, form_id="w-editor-form")
    _replace(
        form,
        {
            "code": "X-2027",
            "course": str(team["leas_course"].pk),
            "status": "draft",
            "start_date": "2027-04-01",
            "end_date": "2027-04-30",
            "place": "Amiens",
            "capacity": "8",
        },
    )
    client.post(reverse("cohort:add"), _as_lists(form))
    assert not Cohort.objects.filter(code="X-2027").exists()


def test_a_course_with_cohorts_is_not_deleted(client, team):
    client.force_login(coordinator())
    course = team["karims_course"]
    response = client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]), follow=True)
    assert "a des sessions : elle ne peut pas être supprimée" in html.unescape(response.content.decode())
    assert type(course).objects.filter(pk=course.pk).exists()
