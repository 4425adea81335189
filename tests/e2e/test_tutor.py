"""Host-company tutor on a phone and a desktop: opens the signed link, fills an evaluation."""

import pytest

from learners.immersion.models import PlacementEvaluation
from learners.immersion.services import create_tutor_link, tutor_link_path
from learners.models import Enrolment, Placement

from .conftest import click_and_wait

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def placements(demo):
    """A placement per viewport, with no evaluation yet and a fresh tutor link."""
    coordinator = demo["users"]["coordination"]
    model = Placement.objects.order_by("pk").first()
    free = Enrolment.objects.filter(cohort=model.enrolment.cohort, status=Enrolment.Status.COMPLETED)
    free = free.exclude(placements__isnull=False).order_by("pk")[:2]
    links = {}
    for viewport, enrolment in zip(("phone", "desktop"), free, strict=True):
        placement = Placement.objects.create(
            enrolment=enrolment,
            company=model.company,
            tutor=model.tutor,
            start_date=model.start_date,
            end_date=model.end_date,
            weekly_hours=model.weekly_hours,
            schedule=model.schedule,
            place=model.place,
            status=model.status,
        )
        link, token = create_tutor_link(placement=placement, by=coordinator)
        links[viewport] = (placement, demo["base"] + tutor_link_path(link, token))
    return links


def test_tutor_opens_the_link_and_fills_the_evaluation(new_page, check, viewport, placements):
    placement, url = placements[viewport]
    before = PlacementEvaluation.objects.filter(placement=placement).count()
    page = new_page()
    page.goto(url)
    assert placement.company.name in page.inner_text("main")
    check(page, "lien-tuteur")

    click_and_wait(page, page.get_by_role("link", name="Remplir").first)
    check(page, "evaluation")
    # Sent with no answer ticked: clear messages, nothing saved.
    click_and_wait(page, page.get_by_role("button", name="Envoyer mon évaluation"))
    assert "Choisissez une réponse." in page.inner_text("main")
    assert not PlacementEvaluation.objects.filter(placement=placement).exists()
    check(page, "evaluation-erreurs")

    page.get_by_label("Votre nom").fill("Martine Carpentier")
    for group in page.locator("fieldset").all():
        group.locator("input[type=radio]").last.check()
    page.get_by_label("Vos remarques (facultatif)").fill("Soigneuse et à l'heure. Doit gagner en autonomie.")
    click_and_wait(page, page.get_by_role("button", name="Envoyer mon évaluation"))
    assert "Merci ! Votre évaluation est bien envoyée." in page.inner_text("main")
    check(page, "evaluation-envoyee")
    assert PlacementEvaluation.objects.filter(placement=placement).count() == before + 1
