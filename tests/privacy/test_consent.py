"""Consents for sensitive and optional fields; RQTH for coordinators' eyes only; the audit log."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from learners.models import LearnerProfile
from learners.privacy import audit
from learners.privacy.models import Consent
from learners.privacy.policy import coarse_birth_date
from learners.privacy.services import give_consent, set_sensitive_fields, withdraw_consent
from lms.reporting.data import ReportFilters
from lms.reporting.exports import to_csv
from lms.reporting.services import build_report
from tests.factories import partner_staff
from tests.factories import trainer as make_trainer

from .factories import full_file

pytestmark = pytest.mark.django_db


def test_learner_withdraws_in_their_space_and_the_value_is_cleared(client):
    f = full_file()
    client.force_login(f["user"])
    page = client.get(reverse("learner_space:home")).content.decode()
    assert "Je retire mon accord" in page and "RQTH" in page
    # The first tap only opens the question; the button that erases is behind it.
    assert page.index("<summary>Je retire mon accord</summary>") < page.index("Oui, je retire mon accord")
    response = client.post(reverse("learner_space:withdraw_consent", args=["rqth"]), follow=True)
    assert "votre accord est retiré" in response.content.decode()
    profile = LearnerProfile.objects.get(learner=f["learner"])
    assert profile.rqth is None and not profile.sensitive_consent
    consent = Consent.objects.get(learner=f["learner"])
    assert consent.withdrawn_at is not None and consent.withdrawn_by == f["user"]
    assert ModelLogEntry.objects.filter(action=audit.CONSENT_WITHDRAWN, user=f["user"]).exists()
    assert client.post(reverse("learner_space:withdraw_consent", args=["inconnu"])).status_code == 404


def test_a_sensitive_value_needs_its_consent_and_only_a_coordinator_sets_it():
    f = full_file()
    learner, boss = f["learner"], f["coordinator"]
    with pytest.raises(ValidationError, match="Sans consentement"):
        set_sensitive_fields(learner=learner, by=boss, rqth=True, rsa=True)
    give_consent(learner=learner, purpose="rsa", by=boss)
    set_sensitive_fields(learner=learner, by=boss, rqth=True, rsa=True)
    assert LearnerProfile.objects.get(learner=learner).rsa is True
    entry = ModelLogEntry.objects.get(action=audit.SENSITIVE_CHANGE)
    assert entry.data == {"champs": ["rsa"]} and entry.user == boss  # which field, never the value
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        set_sensitive_fields(learner=learner, by=make_trainer(), rqth=None, rsa=None)
    assert withdraw_consent(learner=learner, purpose="rsa", by=boss) == 1
    assert LearnerProfile.objects.get(learner=learner).rsa is None


def test_rqth_shows_to_coordinators_only_and_each_look_is_logged(client):
    f = full_file()
    learner, boss, enrolment = f["learner"], f["coordinator"], f["enrolment"]
    client.force_login(boss)
    page = client.get(reverse("privacy_learner", args=[learner.pk])).content.decode()
    assert 'name="rqth"' in page and '<option value="oui" selected>' in page
    view = ModelLogEntry.objects.get(action=audit.SENSITIVE_VIEW)
    assert view.user == boss and "Belkacem" not in view.label

    teacher = make_trainer()
    f["cohort"].trainers.add(teacher)
    client.force_login(teacher)
    assert client.get(reverse("privacy_learner", args=[learner.pk])).status_code == 404
    trainer_page = client.get(reverse("trainer:learner", args=[enrolment.pk])).content.decode()
    assert "Belkacem" in trainer_page and "RQTH" not in trainer_page
    partner = partner_staff()
    client.force_login(partner)
    # Partners have no admin access at all: sent to the admin login.
    assert client.get(reverse("privacy_learner", args=[learner.pk])).status_code == 302
    # Funder exports hold no RQTH column; the audit entries stay out of trainers' reach.
    report = to_csv(build_report(ReportFilters(year=2025))).decode("utf-8-sig")
    assert "rqth" not in report.lower()
    assert not ModelLogEntry.objects.viewable_by_user(teacher).filter(action=audit.SENSITIVE_VIEW).exists()
    assert ModelLogEntry.objects.viewable_by_user(boss).filter(action=audit.SENSITIVE_VIEW).exists()


def test_report_exports_are_logged_with_their_parameters():
    from lms.reporting.services import request_export

    f = full_file()
    request_export(user=f["coordinator"], filters=ReportFilters(year=2025), file_format="csv", diffusion=True)
    entry = ModelLogEntry.objects.get(action=audit.EXPORT_REPORT)
    assert entry.user == f["coordinator"]
    assert entry.data == {"year": 2025, "format": "csv", "diffusion": True, "origine": "web"}


def test_import_consents_become_records():
    from learners.intake.services import confirm_import, upload_import
    from tests.intake.factories import csv_bytes, open_cohort, partner_with_staff, person

    partner, staff = partner_with_staff()
    rows = [person(rqth="oui", consentement_donnees_sensibles="oui", rsa="non"), person(nom="Autre")]
    imp = upload_import(user=staff, cohort=open_cohort(), partner=partner, upload=csv_bytes(rows))
    confirm_import(group_import=imp, user=staff)
    assert sorted(Consent.objects.values_list("purpose", "source")) == [("rqth", "import"), ("rsa", "import")]


@pytest.mark.parametrize(
    ("birth", "starts", "expected"),
    [
        (date(2000, 8, 14), [date(2025, 3, 1)], date(2000, 3, 2)),
        (date(2000, 2, 10), [date(2025, 3, 1)], date(2000, 1, 1)),
        (date(2001, 3, 5), [date(2024, 2, 29)], date(2001, 3, 1)),
        (date(2000, 8, 14), [date(2025, 3, 1), date(2026, 9, 1), date(2026, 6, 1)], date(2000, 6, 2)),
    ],
)
def test_coarse_birth_date_keeps_the_age_at_every_start(birth, starts, expected):
    coarse = coarse_birth_date(birth, starts)
    assert coarse == expected

    def age(b, s):
        return s.year - b.year - ((s.month, s.day) < (b.month, b.day))

    assert all(age(coarse, s) == age(birth, s) for s in starts)
