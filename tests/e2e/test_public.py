"""Public journey on a phone and a desktop: home, catalogue, a course page, the accessibility
statement, and the verification of a certificate by its code."""

import pytest

from certificates.models import Certificate

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_visitor_finds_a_course_and_checks_a_certificate(new_page, check, viewport, demo):
    base = demo["base"]
    page = new_page()
    page.goto(base + "/")
    assert page.locator("h1").first.is_visible()
    check(page, "accueil")

    page.get_by_role("link", name="Voir les formations").click()
    page.wait_for_url("**/formations/")
    assert page.get_by_role("heading", name="Découverte de la découpe laser").is_visible()
    check(page, "catalogue")

    page.get_by_role("link", name="Découverte de la découpe laser").click()
    assert page.get_by_role("heading", name="Prochaines dates").is_visible()
    assert "places restantes" in page.content() or "place restante" in page.content()
    check(page, "formation")

    # The footer leads to the accessibility statement (RGAA model).
    page.get_by_role("link", name="Accessibilité : partiellement conforme").click()
    page.wait_for_url("**/accessibilite/")
    for heading in ("État de conformité", "Contenus non accessibles", "Voies de recours"):
        assert page.get_by_role("heading", name=heading).is_visible()
    check(page, "accessibilite")

    # An employer checks a certificate with the code printed under its QR code.
    certificate = Certificate.objects.filter(status=Certificate.Status.VALID).order_by("pk").first()
    page.goto(base + "/verifier/")
    check(page, "verifier")
    page.get_by_label("Code de vérification").fill(certificate.code.lower())
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_load_state("networkidle")
    text = page.inner_text("main")
    assert "Document valide" in text and certificate.learner.last_name.upper() in text.upper()
    check(page, "attestation-valide")

    revoked = Certificate.objects.filter(status=Certificate.Status.REVOKED).first()
    page.goto(base + f"/verifier/{revoked.code}/")
    assert "Document révoqué" in page.inner_text("main")
    check(page, "attestation-annulee")


def test_keyboard_reaches_the_content_with_the_skip_link(new_page, viewport, demo):
    page = new_page()
    page.goto(demo["base"] + "/formations/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    assert_accessible(page, "catalogue (clavier)")
