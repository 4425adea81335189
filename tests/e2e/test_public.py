"""Public journey: home, catalogue, a course page, login by code; on a phone and a desktop."""

import pytest

from lms.demo import seed_demo
from lms.services import issue_login_code

from .conftest import assert_accessible, assert_fits_phone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    return seed_demo()


def test_visitor_finds_a_course_and_its_dates(live_server, new_page, shot, viewport, demo):
    page = new_page()
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.is_visible()
    assert_accessible(page, "accueil")
    shot(page, "accueil")

    page.get_by_role("link", name="Voir les formations").click()
    page.wait_for_url("**/formations/")
    assert page.get_by_role("heading", name="Découverte de la découpe laser").is_visible()
    assert_accessible(page, "catalogue")
    shot(page, "catalogue")

    page.get_by_role("link", name="Découverte de la découpe laser").click()
    assert page.get_by_role("heading", name="Prochaines dates").is_visible()
    assert "places restantes" in page.content() or "place restante" in page.content()
    assert_accessible(page, "formation")
    shot(page, "formation")
    if viewport == "phone":
        assert_fits_phone(page)


def test_learner_logs_in_with_a_printed_code(live_server, new_page, shot, viewport, demo):
    code = issue_login_code(user=demo["users"]["stagiaire"])
    page = new_page()
    page.goto(live_server.url + "/connexion/code/")
    assert_accessible(page, "code")
    page.get_by_label("Votre code").fill(code)
    page.get_by_role("button", name="Entrer").click()
    page.wait_for_url("**/mon-parcours/")
    assert page.get_by_role("heading", name="Bonjour Yasmine").is_visible()
    assert_accessible(page, "mon-parcours")
    shot(page, "mon-parcours")
    if viewport == "phone":
        assert_fits_phone(page)
    print(f"poids de /mon-parcours/ ({viewport}) : {page.weight['bytes'] / 1024:.0f} Ko")


def test_keyboard_reaches_the_content_with_the_skip_link(live_server, new_page, demo):
    page = new_page()
    page.goto(live_server.url + "/formations/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
