"""Partner journey (E2C advisor) on a phone and a desktop: upload a group file, see the line in
error, send the corrected file, confirm, then follow one of the learners; and the same journey
with the keyboard only."""

import pytest

from learners.models import Enrolment

from .conftest import (
    PASSWORD,
    assert_focus_order,
    choose_file_with_keyboard,
    click_and_wait,
    focus_walk,
    login,
    tab_to,
)

pytestmark = pytest.mark.e2e

HEADER = "nom;prenom;date_naissance;genre;email;telephone;code_postal;niveau_diplome;situation"
# One group per run (viewport, keyboard), so each run enrols new people.
GROUPS = {
    "phone": [("Aubert", "Lina"), ("Caron", "Bilal"), ("Garnier", "Inès")],
    "desktop": [("Joly", "Chloé"), ("Leroy", "Moussa"), ("Lebrun", "Jade")],
    "keyboard-phone": [("Roux", "Awa"), ("Faure", "Enzo")],
    "keyboard-desktop": [("Blanc", "Nora"), ("Henry", "Yanis")],
}


def _csv(people, *, bad_date=False):
    lines = [HEADER]
    for i, (last, first) in enumerate(people):
        birth = "31/02/2003" if bad_date and i == 1 else f"1{i}/03/2003"
        lines.append(f"{last};{first};{birth};F;;06 11 22 33 4{i};80000;sans;neet")
    return {"name": "groupe-e2c.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode("utf-8")}


@pytest.fixture(scope="module")
def partner_data(demo):
    cohort = demo["cohorts"]["e2c"]
    cohort.capacity = 30  # room for the four runs' groups
    cohort.save(update_fields=["capacity"])
    return {**demo, "cohort": cohort}


def test_partner_enrols_a_group_and_follows_a_learner(new_page, check, viewport, partner_data):
    data, people = partner_data, GROUPS[viewport]
    page = new_page()
    login(page, data["base"], "e2c")
    page.wait_for_url("**/partenaires/")
    check(page, "mes-stagiaires")

    page.get_by_role("link", name="Inscrire un groupe (fichier)").click()
    page.wait_for_url("**/inscriptions/nouvelle/")
    check(page, "inscrire-un-groupe")

    # A file with an impossible date: the preview says which line, nothing is written.
    page.get_by_label("Session").select_option(str(data["cohort"].pk))
    page.get_by_label("Fichier CSV ou Excel (.xlsx)").set_input_files(_csv(people, bad_date=True))
    click_and_wait(page, page.get_by_role("button", name="Voir l'aperçu"))
    rejected = page.locator("ul.rejected").inner_text()
    assert "Ligne 3" in rejected and people[1][0] in rejected
    assert not Enrolment.objects.filter(learner__last_name=people[0][0]).exists()
    check(page, "apercu-erreur")

    # The advisor drops this file and sends the corrected one.
    page.get_by_role("button", name="Abandonner ce fichier").click()
    page.wait_for_url("**/inscriptions/")
    assert "Import abandonné" in page.inner_text("main")
    page.get_by_role("link", name="Envoyer un fichier").click()
    page.get_by_label("Session").select_option(str(data["cohort"].pk))
    page.get_by_label("Fichier CSV ou Excel (.xlsx)").set_input_files(_csv(people))
    click_and_wait(page, page.get_by_role("button", name="Voir l'aperçu"))
    assert "Tout est bon" in page.inner_text("main")
    check(page, "apercu-correct")

    click_and_wait(
        page, page.get_by_role("button", name=f"Confirmer l'inscription de {len(people)} personnes")
    )
    assert f"{len(people)} personnes inscrites à la session {data['cohort'].code}" in page.inner_text("main")
    check(page, "inscription-faite")
    enrolled = Enrolment.objects.filter(cohort=data["cohort"], learner__last_name__in=[p[0] for p in people])
    assert enrolled.count() == len(people)

    # Following one of them.
    page.get_by_role("link", name="Mes stagiaires").first.click()
    page.wait_for_url("**/partenaires/")
    click_and_wait(page, page.get_by_role("link", name=f"{people[0][0]} {people[0][1]}"))
    assert page.get_by_role("heading", name=f"{people[0][1]} {people[0][0]}").is_visible() or (
        people[0][0] in page.locator("h1").inner_text()
    )
    assert data["cohort"].code in page.inner_text("main")
    check(page, "fiche-stagiaire")


def test_partner_journey_with_the_keyboard_only(new_page, viewport, partner_data):
    data, people = partner_data, GROUPS[f"keyboard-{viewport}"]
    page = new_page()
    page.goto(data["base"] + "/connexion/")
    tab_to(page, "|username")
    page.keyboard.type("e2c")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/partenaires/")

    assert_focus_order(focus_walk(page), "mes-stagiaires")
    tab_to(page, "Inscrire un groupe (fichier)")
    page.keyboard.press("Enter")
    page.wait_for_url("**/inscriptions/nouvelle/")
    assert_focus_order(focus_walk(page), "inscrire-un-groupe")

    tab_to(page, "|cohort")
    page.keyboard.type(data["cohort"].code)  # a closed select picks the option typed
    assert page.get_by_label("Session").input_value() == str(data["cohort"].pk)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "file"
    choose_file_with_keyboard(page, _csv(people))
    tab_to(page, "Voir l'aperçu")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Tout est bon" in page.inner_text("main")

    assert_focus_order(focus_walk(page), "apercu")
    tab_to(page, "Confirmer l'inscription")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"{len(people)} personnes inscrites" in page.inner_text("main")
    assert_focus_order(focus_walk(page), "inscription-faite")
    tab_to(page, "Mes stagiaires")
    page.keyboard.press("Enter")
    page.wait_for_url("**/partenaires/")
    tab_to(page, f"{people[0][0]} {people[0][1]}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert people[0][0] in page.locator("h1").inner_text()
    assert_focus_order(focus_walk(page), "fiche-stagiaire")
