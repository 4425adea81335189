"""Skill frameworks as Wagtail snippets: coordinators maintain them, trainers consult them."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.models import SkillFramework
from tests.factories import SkillFactory, coordinator, trainer

from .factories import publishing_setup

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_framework_with_its_blocks(client):
    publishing_setup()
    client.force_login(coordinator())
    data = nested_form_data(
        {
            "name": "Compétences maker",
            "description": "Habilitations machines du fab lab.",
            "blocks": inline_formset(
                [{"code": "HAB", "name": "Habilitations machines"}, {"code": "CON", "name": "Conception"}]
            ),
        }
    )
    response = client.post(reverse("wagtailsnippets_courses_skillframework:add"), data)
    assert response.status_code == 302
    framework = SkillFramework.objects.get(name="Compétences maker")
    assert [b.name for b in framework.blocks.order_by("sort_order")] == [
        "Habilitations machines",
        "Conception",
    ]


def test_skills_list_filters_machine_authorisations(client):
    publishing_setup()
    SkillFactory(name="Découpe laser", is_machine_authorisation=True)
    SkillFactory(name="Dessin vectoriel")
    client.force_login(coordinator())
    listing = client.get(
        reverse("wagtailsnippets_courses_skill:list"), {"is_machine_authorisation": "true"}
    ).content.decode()
    assert "Découpe laser" in listing
    assert "Dessin vectoriel" not in listing


def test_trainer_consults_skills_but_cannot_change_them(client):
    publishing_setup()
    skill = SkillFactory(name="Impression 3D")
    client.force_login(trainer())
    assert "Impression 3D" in client.get(reverse("wagtailsnippets_courses_skill:list")).content.decode()
    response = client.post(
        reverse("wagtailsnippets_courses_skill:edit", args=[skill.pk]),
        {"block": skill.block_id, "name": "Renommée", "max_level": 1},
    )
    assert response.status_code in (302, 403)
    skill.refresh_from_db()
    assert skill.name == "Impression 3D"
