"""A trainer writes a course and submits it; a coordinator approves; the public then sees it."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, rich_text

from courses.models import Cohort, CoursePage
from courses.setup import WORKFLOW_NAME, ensure_publishing_rules
from tests.factories import SkillFactory, coordinator, trainer

from .factories import cohort_for, publishing_setup

pytestmark = pytest.mark.django_db


def _replace(querydict, values):
    """Set form fields as a user would type them (QueryDict.update would append)."""
    for key, value in values.items():
        querydict[key] = value


def _as_lists(querydict):
    # The test client sends only the last value of each QueryDict key; send every value.
    return dict(querydict.lists())


def _new_course_form(client, catalog, skills):
    url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalog.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    _replace(
        data,
        {
            "title": "Découverte de la découpe laser",
            "slug": "decouverte-decoupe-laser",
            "format": "discovery",
            "summary": "Cinq séances pour dessiner et découper un objet.",
            "objectives": rich_text("<p>Préparer un fichier vectoriel et lancer une découpe.</p>"),
            "audience": "Tout public, dès 16 ans.",
            "hours_centre": "15",
            "body-count": "0",  # the StreamField's editor is drawn by JavaScript
        },
    )
    modules = nested_form_data(
        {
            "modules": inline_formset(
                [
                    {"title": "Sécurité et réglages", "hours": "3", "description": ""},
                    {"title": "Dessiner son objet", "hours": "6", "description": ""},
                ]
            )
        }
    )
    _replace(data, modules)
    data.setlist("modules-0-skills", [str(skills[0].pk)])
    data.setlist("skills", [str(s.pk) for s in skills])
    return url, data


def test_trainer_submits_coordinator_approves_and_the_catalogue_shows_it(
    client, django_capture_on_commit_callbacks
):
    catalog = publishing_setup()
    karim, claire = trainer(username="karim"), coordinator(username="claire")
    skills = [SkillFactory(name="Découpe laser"), SkillFactory(name="Dessin vectoriel")]

    # 1. The trainer writes the course and submits it for moderation.
    client.force_login(karim)
    url, data = _new_course_form(client, catalog, skills)
    data["action-submit"] = "1"

    response = client.post(url, _as_lists(data))
    assert response.status_code == 302, (
        response.context["form"].errors,
        [f.errors for f in response.context["form"].formsets["modules"].forms],
    )
    course = CoursePage.objects.get(slug="decouverte-decoupe-laser")
    assert not course.live
    assert course.owner == karim
    assert course.workflow_in_progress
    assert [m.title for m in course.modules.all()] == ["Sécurité et réglages", "Dessiner son objet"]
    assert [s.name for s in course.modules.first().skills.all()] == ["Découpe laser"]
    assert {s.name for s in course.skills.all()} == {"Découpe laser", "Dessin vectoriel"}

    start = timezone.localdate() + timedelta(days=14)
    cohort_for(
        karim,
        code="DL-NEXT",
        course=course,
        status=Cohort.Status.OPEN,
        start_date=start,
        end_date=start + timedelta(days=20),
    )
    client.logout()
    assert "Découverte de la découpe laser" not in client.get(catalog.url).content.decode()

    # The trainer cannot publish it alone.
    client.force_login(karim)
    edit = querydict_from_html(
        client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode(),
        form_id="page-edit-form",
    )
    edit["action-publish"] = "1"
    edit["body-count"] = "0"
    client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), _as_lists(edit))
    course.refresh_from_db()
    assert not course.live

    # 2. The coordinator sees it waiting and approves it.
    client.force_login(claire)
    dashboard = html.unescape(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Découverte de la découpe laser" in dashboard
    task_state = course.current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):  # the public page cache forgets on commit
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk]),
            {"comment": "Parfait, merci !"},
        )
    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert course.live

    # 3. The public catalogue lists it with its next dates.
    client.logout()
    page = html.unescape(client.get(catalog.url).content.decode())
    assert "Découverte de la découpe laser" in page
    assert f"du {start.day}" in page


def test_publishing_rules_are_wagtails_own_and_idempotent():
    catalog = publishing_setup()
    ensure_publishing_rules()
    ensure_publishing_rules()
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert WorkflowPage.objects.get(page=catalog).workflow.name == WORKFLOW_NAME
    trainer_perms = set(
        GroupPagePermission.objects.filter(group__name="Formateurs").values_list(
            "permission__codename", flat=True
        )
    )
    coordinator_perms = set(
        GroupPagePermission.objects.filter(group__name="Coordinateurs").values_list(
            "permission__codename", flat=True
        )
    )
    assert trainer_perms == {"add_page"}
    assert "publish_page" in coordinator_perms
    assert GroupPagePermission.objects.filter(group__name="Formateurs").count() == 1
