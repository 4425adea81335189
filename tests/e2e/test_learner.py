"""Learner journey on a phone and a desktop: log in with the printed code, see the next session
and progress, listen to the page, sign by QR code, download a certificate and "my data"; then
the same journey with the keyboard only."""

import json
import re
from datetime import time
from pathlib import Path

import pytest
from django.utils import timezone

from certificates import services as certificates
from certificates.models import CertificateKind
from learners import qr
from learners.models import Attendance
from lms.services import issue_login_code

from .conftest import assert_focus_order, focus_walk, tab_to

pytestmark = pytest.mark.e2e

# Speech is recorded, not played: the test checks what would be read.
RECORD_SPEECH = """
window.__spoken = [];
if ('speechSynthesis' in window) {
  window.speechSynthesis.speak = (u) => {
    window.__spoken.push(u.text);
    setTimeout(() => u.onend && u.onend(), 50);
  };
}
"""


@pytest.fixture(scope="module")
def learner_data(demo):
    learner = demo["demo_learner"]
    discovery = demo["cohorts"]["discovery"]
    enrolment = learner.enrolments.get(cohort=discovery)
    certificate = certificates.issue_certificate(
        enrolment=enrolment,
        kind=CertificateKind.COMPLETION,
        issued_by=demo["users"]["coordination"],
        check=False,
    )
    certificates.render_pending(ids=[certificate.pk])
    today = discovery.sessions.get(date=timezone.localdate(), start_time=time(14, 0))  # the demo's
    user = demo["users"]["stagiaire"]
    return {**demo, "user": user, "learner": learner, "today": today, "enrolment": enrolment}


@pytest.fixture
def fresh_sheet(learner_data):
    """Each viewport signs today's session anew."""
    Attendance.objects.filter(session=learner_data["today"], enrolment=learner_data["enrolment"]).delete()
    return learner_data


def _log_in_with_code(page, data):
    code = issue_login_code(user=data["user"])
    page.goto(data["base"] + "/connexion/code/")
    return code


def test_learner_follows_their_path_signs_and_downloads(new_page, check, viewport, fresh_sheet):
    data = fresh_sheet
    page = new_page()
    page.add_init_script(RECORD_SPEECH)

    code = _log_in_with_code(page, data)
    check(page, "code", learner=True)
    page.get_by_label("Votre code").fill(code)
    page.get_by_role("button", name="Entrer").click()
    page.wait_for_url("**/mon-parcours/")
    assert page.get_by_role("heading", name="Bonjour Yasmine").is_visible()
    next_session = page.locator("section", has=page.get_by_role("heading", name="Ma prochaine séance"))
    assert re.search(r"De \d\dh\d\d à \d\dh\d\d", next_session.inner_text())
    progress = page.locator("section", has=page.get_by_role("heading", name="Mes progrès"))
    assert "Découverte de la découpe laser" in progress.inner_text()
    assert re.search(r"\d+ sur \d+", progress.inner_text())
    check(page, "mon-parcours", learner=True)

    # "Écouter" reads the main content aloud.
    listen = page.get_by_role("button", name="Écouter")
    assert listen.is_visible()
    listen.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and "Bonjour Yasmine" in spoken[0] and "Ma prochaine séance" in spoken[0]
    assert "Écouter" not in spoken[0]

    # Scanning the trainer's QR code opens the signing page.
    page.goto(data["base"] + f"/mon-parcours/signer/{qr.make_token(data['today'].pk)}/")
    assert "Je suis Yasmine Benali." in page.inner_text("main")
    check(page, "signer", learner=True)
    page.get_by_role("button", name="Je suis là, je signe").click()
    page.wait_for_url("**/mon-parcours/")
    assert "C'est signé. Merci !" in page.inner_text("main")
    check(page, "signe", learner=True)
    attendance = Attendance.objects.get(session=data["today"], enrolment=data["enrolment"])
    assert attendance.method == "qr" and attendance.signed_at

    # The certificate and "my data" download.
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").first.click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mes données (PDF)").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as download:
        page.get_by_role("link", name="Le même fichier pour un ordinateur (JSON)").click()
    mine = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "Yasmine" in json.dumps(mine, ensure_ascii=False)


def test_learner_journey_with_the_keyboard_only(new_page, viewport, fresh_sheet):
    data = fresh_sheet
    page = new_page()
    page.add_init_script(RECORD_SPEECH)
    code = _log_in_with_code(page, data)

    stops = focus_walk(page)
    assert_focus_order(stops, "code")
    assert stops[0]["text"] == "Aller au contenu"
    tab_to(page, "|code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/mon-parcours/")

    stops = focus_walk(page)
    assert_focus_order(stops, "mon-parcours")
    texts = [s["text"] for s in stops]
    expected_stops = ("Écouter", "Télécharger le PDF", "Télécharger mes données", "Accessibilité")
    for expected in expected_stops:
        assert any(expected in t for t in texts), f"{expected!r} absent du parcours clavier : {texts}"

    tab_to(page, "Écouter")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__spoken.length") == 1
    tab_to(page, "Télécharger mes données")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("mes-donnees-")

    page.goto(data["base"] + f"/mon-parcours/signer/{qr.make_token(data['today'].pk)}/")
    assert_focus_order(focus_walk(page), "signer")
    tab_to(page, "Je suis là, je signe")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mon-parcours/")
    assert Attendance.objects.filter(session=data["today"], enrolment=data["enrolment"]).exists()
