"""Tutor links: no account, one placement, expire, revocable; the evaluation validates skills."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learners.immersion import services
from learners.immersion.models import EvaluationSkill, PlacementEvaluation, TutorLink
from learners.models import Placement, SkillValidation
from tests.factories import coordinator

from .factories import draft_placement, placement, skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    laser, cad = skill(name="Découpe laser"), skill(name="Dessin vectoriel", max_level=2)
    p = placement(skills=[laser, cad])
    p.enrolment.learner.first_name, p.enrolment.learner.last_name = "Awa", "Ndiaye"
    p.enrolment.learner.save()
    link, token = services.create_tutor_link(placement=p, by=coordinator())
    return {"placement": p, "link": link, "token": token, "laser": laser, "cad": cad}


def url(link, token, kind=None):
    if kind:
        return reverse("tutor:evaluate", args=[link.pk, token, kind])
    return reverse("tutor:home", args=[link.pk, token])


def form_data(s, **over):
    data = {
        "tutor_name": "Martine Carpentier",
        "punctuality": "4",
        "teamwork": "3",
        "comments": "Très bon début.",
        f"skill_{s['laser'].pk}": "2",
        f"skill_{s['cad'].pk}": "0",
    }
    data.update(over)
    return data


def test_tutor_fills_mid_term_without_account(client, setup):
    link, token = setup["link"], setup["token"]
    page = client.get(url(link, token))
    assert page.status_code == 200
    assert "Awa Ndiaye" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    form = client.get(url(link, token, "mid"))
    assert "Découpe laser" in form.content.decode()
    response = client.post(url(link, token, "mid"), form_data(setup))
    assert response.status_code == 302
    evaluation = PlacementEvaluation.objects.get()
    assert (evaluation.kind, evaluation.punctuality, evaluation.teamwork) == ("mid", 4, 3)
    assert evaluation.link == link
    assert {(e.skill.name, e.level) for e in EvaluationSkill.objects.all()} == {
        ("Découpe laser", 2),
        ("Dessin vectoriel", 0),
    }
    assert "Envoyée le" in client.get(url(link, token)).content.decode()
    # Each evaluation is given once.
    again = client.post(url(link, token, "mid"), form_data(setup))
    assert again.status_code == 302 and PlacementEvaluation.objects.count() == 1


def test_form_errors_keep_what_was_typed(client, setup):
    response = client.post(url(setup["link"], setup["token"], "final"), form_data(setup, punctuality=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choisissez une réponse" in page and "Martine Carpentier" in page
    assert PlacementEvaluation.objects.count() == 0


def test_level_above_the_skill_maximum_is_refused(client, setup):
    response = client.post(
        url(setup["link"], setup["token"], "final"), form_data(setup, **{f"skill_{setup['cad'].pk}": "3"})
    )
    assert response.status_code == 200
    assert PlacementEvaluation.objects.count() == 0


def test_expired_link_is_refused(client, setup):
    past = timezone.now() - timedelta(days=200)
    TutorLink.objects.filter(pk=setup["link"].pk).update(
        created_at=past, expires_at=past + timedelta(days=120)
    )
    assert client.get(url(setup["link"], setup["token"])).status_code == 410
    assert client.post(url(setup["link"], setup["token"], "mid"), form_data(setup)).status_code == 410
    assert PlacementEvaluation.objects.count() == 0


def test_revoked_link_is_refused(client, setup):
    services.revoke_tutor_link(link=setup["link"], by=coordinator())
    assert client.get(url(setup["link"], setup["token"])).status_code == 410
    assert client.post(url(setup["link"], setup["token"], "mid"), form_data(setup)).status_code == 410


@pytest.mark.parametrize("mutation", ["token", "id", "truncate"])
def test_tampered_link_is_refused(client, setup, mutation):
    import uuid

    link_id, token = setup["link"].pk, setup["token"]
    if mutation == "token":
        token = ("A" if token[0] != "A" else "B") + token[1:]
    elif mutation == "id":
        link_id = uuid.uuid4()
    else:
        token = token[:-3]
    response = client.get(reverse("tutor:home", args=[link_id, token]))
    assert response.status_code == 410
    assert "Awa" not in response.content.decode()


def test_link_of_another_placement_cannot_reach_this_one(client, setup):
    other = placement()
    other_link, other_token = services.create_tutor_link(placement=other, by=None)
    # This placement's id with the other link's secret, and the other way round: refused.
    assert client.get(reverse("tutor:home", args=[setup["link"].pk, other_token])).status_code == 410
    assert client.get(reverse("tutor:home", args=[other_link.pk, setup["token"]])).status_code == 410
    # The other link shows only its own learner.
    page = client.get(url(other_link, other_token)).content.decode()
    assert "Awa" not in page and "Ndiaye" not in page
    client.post(url(other_link, other_token, "mid"), {"tutor_name": "X", "punctuality": "1", "teamwork": "1"})
    assert PlacementEvaluation.objects.get().placement == other


def test_skills_of_another_placement_cannot_be_posted(setup):
    stranger = skill(name="Soudure")
    with pytest.raises(ValidationError, match="ne fait pas partie"):
        services.submit_evaluation(
            link=setup["link"],
            kind="mid",
            tutor_name="X",
            punctuality=1,
            teamwork=1,
            comments="",
            skill_levels={stranger.pk: 2},
        )


def test_no_link_for_a_draft_or_broken_off_placement():
    with pytest.raises(ValidationError):
        services.create_tutor_link(placement=draft_placement(), by=None)


def test_link_stops_when_the_placement_is_broken_off(client, setup):
    services.break_off_placement(placement=setup["placement"], by=None, reason="Arrêt")
    assert client.get(url(setup["link"], setup["token"])).status_code == 410


def test_unknown_evaluation_kind_is_refused(client, setup):
    assert client.get(url(setup["link"], setup["token"], "annual")).status_code == 410


def test_coordinator_turns_observed_levels_into_skill_validations(setup):
    boss = coordinator()
    evaluation = services.submit_evaluation(
        link=setup["link"],
        kind="final",
        tutor_name="Martine Carpentier",
        punctuality=4,
        teamwork=4,
        comments="",
        skill_levels={setup["laser"].pk: 2, setup["cad"].pk: 0},
    )
    created = services.validate_skills_from_evaluation(evaluation=evaluation, by=boss)
    assert len(created) == 1
    validation = SkillValidation.objects.get()
    assert (validation.skill, validation.level, validation.validated_by) == (setup["laser"], 2, boss)
    assert validation.learner == setup["placement"].enrolment.learner
    assert "Martine Carpentier" in validation.comment
    # Idempotent: validating again creates nothing new.
    assert services.validate_skills_from_evaluation(evaluation=evaluation, by=boss) == []
    assert SkillValidation.objects.count() == 1


def test_link_secret_is_not_stored_in_clear(setup):
    link = TutorLink.objects.get()
    assert setup["token"] not in link.token_hash
    assert Placement.objects.get().tutor_links.count() == 1
