"""Coordinator on a phone and a desktop (Wagtail admin): issues a finished cohort's certificates
(the progress bar reaches 100 %), then generates the GEN report and downloads it."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from certificates.models import Certificate
from courses.models import Cohort
from learners.models import Enrolment
from lms.demo import _cohort, _enrol

from .conftest import click_and_wait, login

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cohorts(demo):
    """A finished cohort per viewport, its roll-calls recorded, no certificate yet."""
    from certificates.demo import _attendance_for_past_cohort

    course = demo["courses"]["artisans-numeriques"]
    trainers = [demo["users"]["formateur"]]
    end = timezone.localdate() - timedelta(days=20)
    made = {}
    for i, viewport in enumerate(("phone", "desktop")):
        cohort = _cohort(
            f"AN-E2E-{viewport.upper()}",
            course,
            end - timedelta(days=60),
            end,
            Cohort.Status.RUNNING,
            trainers,
            place="Fab lab, Amiens",
            schedule=([[1, 3], [2, 4]][i], 8),  # one trainer: never two sessions at once
        )
        for learner in demo["learners"][24 + 3 * i : 27 + 3 * i]:
            _enrol(learner, cohort, None, Enrolment.Status.COMPLETED, demo["users"]["coordination"])
        _attendance_for_past_cohort(cohort)
        made[viewport] = cohort
    return made


def test_coordinator_issues_certificates_and_the_gen_report(new_page, check, viewport, demo, cohorts):
    cohort, base = cohorts[viewport], demo["base"]
    page = new_page()
    login(page, base, "coordination", path="/admin/login/")
    page.goto(f"{base}/admin/attestations/sessions/{cohort.pk}/")
    assert "3 personnes remplissent les conditions." in page.inner_text("main")
    check(page, "attestations-session", admin=True)

    click_and_wait(page, page.get_by_role("button", name="Émettre les attestations", exact=False))
    bar = page.get_by_role("progressbar", name="Avancement")
    page.wait_for_function(
        "document.querySelector('[role=progressbar]').getAttribute('aria-valuenow') === '100'"
    )
    assert bar.get_attribute("aria-valuenow") == "100"
    assert "100 %" in page.inner_text("main")
    page.wait_for_selector("text=3 document(s) émis")
    check(page, "attestations-emises", admin=True)
    assert Certificate.objects.filter(enrolment__cohort=cohort, status="valid").count() == 3
    assert all(c.pdf_sha256 for c in Certificate.objects.filter(enrolment__cohort=cohort))

    # The GEN report: indicators on screen, then an XLSX built in the background.
    page.goto(f"{base}/admin/rapports/gen/")
    click_and_wait(page, page.get_by_role("button", name="Afficher", exact=True))
    assert page.get_by_role("heading", name="Indicateurs par session").is_visible()
    check(page, "rapport-gen", admin=True)
    click_and_wait(page, page.get_by_role("button", name="Exporter en XLSX"))
    page.wait_for_selector("a:has-text('Télécharger')")
    check(page, "rapport-gen-export", admin=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
