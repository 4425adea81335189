"""`appliquer_conservation`: dry-run by default, then the three phases for real, periods from
the settings; the funder figures survive anonymisation."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from certificates.models import Certificate
from learners.intake.models import GroupImport
from learners.intake.services import confirm_import, upload_import
from learners.models import Attendance, Enrolment, Learner, ProgressNote
from learners.outcomes.models import ReportRun
from learners.privacy.models import LegalHold, RetentionState
from lms.reporting.data import ReportFilters
from lms.reporting.services import build_report
from tests.factories import CohortFactory, EnrolmentFactory
from tests.intake.factories import csv_bytes, open_cohort, partner_with_staff, person
from tests.reporting import dataset
from tests.reporting.test_indicators import rows

from .factories import full_file

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("appliquer_conservation", *args, stdout=out)
    return out.getvalue()


def _candidate():
    """Applied to a cohort that ended in January 2025, never admitted."""
    cohort = CohortFactory(start_date=date(2024, 10, 1), end_date=date(2025, 1, 31))
    return EnrolmentFactory(cohort=cohort, status=Enrolment.Status.CANDIDATE).learner


def test_dry_run_says_what_it_would_do_in_french_and_changes_nothing():
    f = full_file()
    _candidate()
    out = run("--date", "2027-06-01")
    pseudonym = str(f["learner"].pseudonym)[:8]
    assert f"Stagiaire {pseudonym} : à archiver (fin de la phase active), échéance du 31/03/2026" in out
    assert "à supprimer (candidature sans suite)" in out
    assert "1 dossier(s) à archiver, 0 à anonymiser, 1 à supprimer" in out
    assert "Simulation : rien n'a été modifié. Relancez avec --appliquer pour agir." in out
    assert "Belkacem" not in out  # names never go to cron mail
    assert Learner.objects.count() == 2 and not RetentionState.objects.exists()
    assert Learner.objects.get(pk=f["learner"].pk).email == "ines@example.org"


def test_periods_come_from_the_settings(settings):
    full_file()
    assert "0 dossier(s) à archiver" in run("--date", "2026-01-15")
    settings.PRIVACY_ACTIVE_MONTHS = 6
    assert "1 dossier(s) à archiver" in run("--date", "2026-01-15")


def test_archive_then_anonymise_at_the_end_of_the_hold():
    f = full_file()
    learner, user = f["learner"], f["user"]
    candidate = _candidate()

    out = run("--date", "2027-06-01", "--appliquer")
    assert "Fait : 1 dossier(s) archivé(s), 0 anonymisé(s), 1 supprimé(s)" in out
    learner.refresh_from_db()
    assert RetentionState.objects.get(learner=learner).phase == "archive"
    assert (learner.email, learner.phone, learner.user_id) == ("", "", None)
    account = get_user_model().objects.get(pk=user.pk)
    assert not account.is_active and account.username == f"archive-{learner.pseudonym}"
    assert not ProgressNote.objects.filter(enrolment__learner=learner).exists()
    assert LegalHold.objects.get(learner=learner, kind="emargement").until == date(2031, 12, 31)
    assert not Learner.objects.filter(pk=candidate.pk).exists()
    # Running again finds nothing left to do.
    assert "0 dossier(s) à archiver, 0 à anonymiser, 0 à supprimer" in run("--date", "2027-06-02")

    assert "0 à anonymiser" in run("--date", "2031-12-31")
    # A correction made on a closed sheet: it stays as evidence, and must not block anonymisation.
    from learners.services.attendance import amend_attendance

    amend_attendance(
        attendance=Attendance.objects.filter(enrolment__learner=learner).first(),
        status="late",
        minutes=150,
        by=f["coordinator"],
        reason="Arrivée à 9 h 30 (bus)",
    )
    out = run("--date", "2032-01-01", "--appliquer")
    assert "0 dossier(s) archivé(s), 1 anonymisé(s)" in out
    learner.refresh_from_db()
    assert learner.last_name == "Anonyme" and "Inès" not in learner.first_name
    marks = Attendance.objects.filter(enrolment__learner=learner)
    assert marks.count() == 2 and not marks.exclude(signature="").exists()
    assert sum(marks.values_list("minutes", flat=True)) == 360  # the hours still count
    certificate = Certificate.objects.get(learner=learner)
    assert not certificate.pdf and certificate.content["learner"]["full_name"] == "Anonyme"
    assert LegalHold.objects.filter(learner=learner, released_at__isnull=False).count() == 2
    assert RetentionState.objects.get(learner=learner).phase == "anonyme"


def test_gen_report_totals_survive_the_whole_policy():
    dataset.build()
    before = rows(build_report(ReportFilters(year=2025)))
    run("--date", "2030-01-01", "--appliquer")
    run("--date", "2040-01-01", "--appliquer")
    assert not Learner.objects.exclude(last_name="Anonyme").exists()
    assert rows(build_report(ReportFilters(year=2025))) == before


def test_old_group_imports_lose_their_rows_and_expired_report_files_go(
    tmp_path, django_capture_on_commit_callbacks
):
    partner, staff = partner_with_staff()
    with django_capture_on_commit_callbacks(execute=True):
        imp = upload_import(user=staff, cohort=open_cohort(), partner=partner, upload=csv_bytes([person()]))
        confirm_import(group_import=imp, user=staff)
    GroupImport.objects.filter(pk=imp.pk).update(created_at=timezone.now() - timedelta(days=92))
    report = tmp_path / "rapport.xlsx"
    report.write_bytes(b"x")
    run_row = ReportRun.objects.create(
        params={}, file_format="xlsx", status="done", file_path=str(report), expires_at=timezone.now()
    )
    assert "1 import(s) de groupe dont les lignes sont à effacer ; 1 fichier(s) de rapport expiré(s)" in run()
    assert "1 import(s) purgé(s) ; 1 fichier(s) de rapport effacé(s)" in run("--appliquer")
    imp.refresh_from_db()
    assert imp.preview == {} and imp.enrolled == 1  # the counts stay
    assert not report.exists()
    run_row.refresh_from_db()
    assert run_row.file_path == "" and run_row.sha256 == ""  # the log row stays


def test_a_bad_date_is_refused_in_french():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Date invalide : 2027-13-01"):
        run("--date", "2027-13-01")


def test_the_database_keeps_a_signature_while_its_hold_runs():
    """Closed sheets never change; the only exception is clearing a signature whose hold was
    released by the retention policy."""
    from django.db import IntegrityError, transaction

    from learners.privacy.services import carry_out_erasure, record_erasure_request

    f = full_file()
    learner, boss = f["learner"], f["coordinator"]
    carry_out_erasure(request=record_erasure_request(learner=learner, by=boss, channel="oral"), by=boss)
    marks = Attendance.objects.filter(enrolment__learner=learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        marks.update(signature="")
    with pytest.raises(IntegrityError), transaction.atomic():
        marks.update(signature="", minutes=0)  # even once released, only the signature may go
    LegalHold.objects.filter(learner=learner).update(released_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        marks.update(signature="", minutes=0)
    assert marks.update(signature="") == 2


def test_one_file_that_fails_does_not_stop_the_others(monkeypatch):
    """The nightly run goes on past a file it cannot process, still purges imports, names the
    failure by pseudonym only, and exits in error so the timer reports it."""
    from django.core.management.base import CommandError

    from learners.privacy import minimise

    f = full_file()
    candidate = _candidate()

    def broken(learner, dates):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(minimise, "archive", broken)
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("appliquer_conservation", "--date", "2027-06-01", "--appliquer", stdout=out)
    message = str(failure.value)
    assert "1 dossier(s) en échec, à reprendre : Stagiaire" in message and "Belkacem" not in message
    assert "0 dossier(s) archivé(s), 0 anonymisé(s), 1 supprimé(s)" in out.getvalue()
    assert not Learner.objects.filter(pk=candidate.pk).exists()
    # The failed file is untouched (its transaction rolled back), ready for the next run.
    assert Learner.objects.get(pk=f["learner"].pk).email == "ines@example.org"
    assert not RetentionState.objects.filter(learner=f["learner"]).exists()
