"""Erasure on request: what no legal hold covers goes; attendance and certificates stay, with the
hold's end date; the funder figures do not move."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from learners.immersion.models import PlacementEvaluation
from learners.models import Attendance, Enrolment, Learner, LearnerProfile, ProgressNote, SkillValidation
from learners.outcomes.models import Outcome, OutcomeChange
from learners.privacy import audit
from learners.privacy.models import Consent, ErasureRequest, LegalHold, RetentionState
from learners.privacy.services import carry_out_erasure, record_erasure_request
from lms.reporting.data import ReportFilters
from lms.reporting.services import build_report
from tests.factories import coordinator, partner_staff
from tests.factories import trainer as make_trainer
from tests.reporting import dataset
from tests.reporting.test_indicators import rows

from .factories import full_file

pytestmark = pytest.mark.django_db


def test_coordinator_erases_from_the_admin_after_confirming(client):
    f = full_file()
    learner, boss = f["learner"], f["coordinator"]
    client.force_login(boss)
    page = client.get(reverse("privacy_learner", args=[learner.pk]))
    assert page.status_code == 200 and "Enregistrer la demande d'effacement" in page.content.decode()
    response = client.post(
        reverse("privacy_erasure_request", args=[learner.pk]),
        {"received_on": "2026-11-02", "channel": "courriel", "note": "Courriel du 2 novembre"},
    )
    erasure = ErasureRequest.objects.get()
    assert response.url == reverse("privacy_erasure", args=[erasure.pk])
    confirm = client.get(response.url).content.decode()
    assert "Sera gardé (obligation légale)" in confirm and "jusqu'au 31/12/2031" in confirm

    # Without ticking the box nothing happens, and the page says why.
    refused = client.post(response.url, {})
    assert "Cochez la case pour confirmer l&#x27;effacement." in refused.content.decode()
    assert Learner.objects.get(pk=learner.pk).email == "ines@example.org"

    client.post(response.url, {"confirm": "on"})
    erasure.refresh_from_db()
    assert erasure.status == "done" and erasure.hold_until == date(2031, 12, 31)
    learner.refresh_from_db()
    # Gone: contact details, account, notes, skills, tutor evaluations, outcome history, RQTH.
    assert (learner.email, learner.phone, learner.postal_code, learner.user_id) == ("", "", "", None)
    assert not get_user_model().objects.filter(pk=f["user"].pk).exists()
    assert not ProgressNote.objects.filter(enrolment__learner=learner).exists()
    assert not SkillValidation.objects.filter(learner=learner).exists()
    assert not PlacementEvaluation.objects.filter(placement__enrolment__learner=learner).exists()
    assert not OutcomeChange.objects.filter(outcome__enrolment__learner=learner).exists()
    profile = LearnerProfile.objects.get(learner=learner)
    assert profile.rqth is None and not profile.sensitive_consent
    assert not Consent.objects.filter(learner=learner, withdrawn_at__isnull=True).exists()
    # Born 14 August, cohort started 1 March: the same age at that start, month and day gone.
    assert learner.birth_date == date(2001, 3, 2)
    # Kept under hold: the sheets with their signatures, the certificate, the outcome itself.
    assert Attendance.objects.filter(enrolment__learner=learner).exclude(signature="").count() == 2
    assert Certificate.objects.filter(learner=learner).count() == 1
    assert Outcome.objects.get(enrolment__learner=learner).situation == "cdi"
    assert learner.last_name == "Belkacem"  # a sheet must still say who signed
    holds = dict(LegalHold.objects.filter(learner=learner).values_list("kind", "until"))
    assert holds == {"emargement": date(2031, 12, 31), "certificats": date(2031, 12, 31)}
    assert RetentionState.objects.get(learner=learner).phase == "efface"
    done = ModelLogEntry.objects.get(action=audit.ERASURE_DONE)
    assert done.user == boss and "Belkacem" not in done.label
    listing = client.get(reverse("privacy_erasures")).content.decode()
    assert "Effacement fait" in listing and "Belkacem" not in listing
    # The coarsened birth date is not passed off as a real one in the learners list.
    learners = client.get(reverse("learners:index")).content.decode()
    assert "2001 (année seulement)" in learners and "02/03/2001" not in learners


def test_erasure_leaves_the_gen_report_totals_unchanged():
    dataset.build()
    before = rows(build_report(ReportFilters(year=2025)))
    boss = coordinator()
    # l1: completed cohort A, attended, outcomes at every checkpoint; born 10 January 2000.
    held = Learner.objects.get(birth_date=date(2000, 1, 10))
    # l5: a candidate only, nothing held: deleted entirely.
    candidate = Enrolment.objects.get(status="candidate").learner
    for person in (held, candidate):
        carry_out_erasure(request=record_erasure_request(learner=person, by=boss, channel="oral"), by=boss)
    after = rows(build_report(ReportFilters(year=2025)))
    assert after == before
    assert Learner.objects.filter(pk=held.pk).exists()
    assert not Learner.objects.filter(pk=candidate.pk).exists()
    assert ErasureRequest.objects.get(learner_pseudonym=candidate.pseudonym).summary == {"supprime": True}


def test_only_coordinators_reach_the_privacy_pages(client):
    f = full_file()
    learner = f["learner"]
    urls = [
        reverse("privacy_learner", args=[learner.pk]),
        reverse("privacy_export", args=[learner.pk, "json"]),
        reverse("privacy_erasures"),
    ]
    teacher = make_trainer()
    f["cohort"].trainers.add(teacher)
    for user in (teacher, partner_staff(), f["user"]):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (302, 404), (user, url)
        response = client.post(
            reverse("privacy_erasure_request", args=[learner.pk]),
            {"channel": "oral", "received_on": "2026-11-02"},
        )
        assert response.status_code in (302, 404) and not ErasureRequest.objects.exists()
    client.force_login(f["coordinator"])
    assert client.get(urls[1]).json()["identite"]["nom"] == "Belkacem"


def test_a_second_pending_request_is_refused_with_a_message(client):
    f = full_file(certificate=False)
    client.force_login(f["coordinator"])
    url = reverse("privacy_erasure_request", args=[f["learner"].pk])
    client.post(url, {"channel": "oral", "received_on": "2026-11-02"})
    response = client.post(url, {"channel": "oral", "received_on": "2026-11-03"}, follow=True)
    assert "Une demande d&#x27;effacement est déjà en attente" in response.content.decode()
    assert ErasureRequest.objects.count() == 1


def test_erasure_of_a_learner_who_signed_by_qr_code_keeps_the_sheet_and_disables_the_account(client):
    """The closed sheet names the learner's account as who recorded the line: the account cannot
    be deleted, so it is disabled and loses the login name built from the person's name."""
    f = full_file(signed_by_qr=True)
    learner, boss = f["learner"], f["coordinator"]
    f["user"].username = "ines.belkacem"
    f["user"].save()
    erasure = record_erasure_request(
        learner=learner, received_on=date(2026, 11, 2), channel="courriel", by=boss
    )
    client.force_login(boss)
    response = client.post(reverse("privacy_erasure", args=[erasure.pk]), {"confirm": "on"})
    assert response.status_code == 302
    account = get_user_model().objects.get(pk=f["user"].pk)
    assert not account.is_active and not account.has_usable_password()
    assert account.username == f"archive-{learner.pseudonym}"
    assert Attendance.objects.filter(enrolment__learner=learner, recorded_by=account).count() == 2
    learner.refresh_from_db()
    assert learner.user_id is None and learner.email == ""


def test_site_history_shows_privacy_entries_to_coordinators_and_is_closed_to_trainers(client):
    f = full_file()
    learner, boss = f["learner"], f["coordinator"]
    assert not boss.is_superuser
    erasure = record_erasure_request(
        learner=learner, received_on=date(2026, 11, 2), channel="courriel", by=boss
    )
    carry_out_erasure(request=erasure, by=boss)
    client.force_login(boss)
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    page = history.content.decode()
    assert history.status_code == 200
    assert "Demande d&#x27;effacement enregistrée" in page or "Demande d'effacement enregistrée" in page
    assert "Données effacées" in page
    # Entries logged on the erasure request and on funder reports, not only on the learner.
    assert boss.has_perm("privacy.view_erasurerequest") and boss.has_perm("outcomes.view_reportrun")

    client.force_login(make_trainer())
    refused = client.get(reverse("wagtailadmin_reports:site_history"))
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_reports:site_history") not in menu


def test_erasure_also_clears_quiz_answers_import_lines_and_free_text_around_the_placement(
    django_capture_on_commit_callbacks,
):
    from courses.learning.models import LessonCompletion, QuizAttempt
    from courses.learning.services import mark_lesson_done, submit_quiz
    from learners.immersion.models import PlacementEvent
    from learners.intake.models import GroupImport, GroupImportRow
    from learners.models import Placement
    from tests.learning.factories import lesson_page, module_page

    f = full_file()
    learner, boss, user = f["learner"], f["coordinator"], f["user"]
    enrolment = Enrolment.objects.get(learner=learner)
    module = module_page(enrolment.cohort.course)
    quiz = lesson_page(module, quiz=True)
    submit_quiz(lesson=quiz, user=user, chosen={0: {0}, 1: {0}})
    mark_lesson_done(lesson=lesson_page(module), user=user)
    placement = Placement.objects.get(enrolment__learner=learner)
    Placement.objects.filter(pk=placement.pk).update(broken_off_reason="Hospitalisée en mai")
    PlacementEvent.objects.create(placement=placement, to_status="ended", action="rupture", comment="Conflit")
    imp = GroupImport.objects.create(
        cohort=enrolment.cohort,
        status="preview",
        preview={
            "valid": [
                {"line": 2, "name": "Inès Belkacem", "data": {"nom": "Belkacem"}, "warnings": []},
                {"line": 3, "name": "Paul Roux", "data": {"nom": "Roux"}, "warnings": []},
            ],
            "rejected": [],
        },
    )
    GroupImportRow.objects.create(group_import=imp, line=2, learner=learner, enrolment=enrolment)

    erasure = record_erasure_request(
        learner=learner, received_on=date(2026, 11, 2), channel="courriel", by=boss
    )
    carry_out_erasure(request=erasure, by=boss)

    assert not QuizAttempt.objects.filter(learner=learner).exists()
    assert not LessonCompletion.objects.filter(learner=learner).exists()
    assert Placement.objects.get(pk=placement.pk).broken_off_reason == ""
    assert not PlacementEvent.objects.filter(placement=placement).exclude(comment="").exists()
    imp.refresh_from_db()
    assert [row["name"] for row in imp.preview["valid"]] == ["Paul Roux"]  # the others' lines stay


def test_cancelling_a_request_whose_file_is_already_gone_goes_back_to_the_list(client):
    f = full_file(certificate=False)
    boss = f["coordinator"]
    erasure = record_erasure_request(
        learner=f["learner"], received_on=date(2026, 11, 2), channel="courriel", by=boss
    )
    ErasureRequest.objects.filter(pk=erasure.pk).update(learner=None)
    client.force_login(boss)
    response = client.post(reverse("privacy_erasure", args=[erasure.pk]), {"annuler": "1"})
    assert response.status_code == 302 and response.url == reverse("privacy_erasures")
    assert ErasureRequest.objects.get(pk=erasure.pk).status == "cancelled"


def test_an_erased_learner_gets_no_new_login_code_and_gives_back_their_seat(client):
    from courses.models import Cohort
    from tests.factories import CohortFactory, EnrolmentFactory

    f = full_file()
    learner, boss = f["learner"], f["coordinator"]
    upcoming = EnrolmentFactory(
        learner=learner, cohort=CohortFactory(status=Cohort.Status.OPEN), status=Enrolment.Status.ADMITTED
    )
    erasure = record_erasure_request(
        learner=learner, received_on=date(2026, 11, 2), channel="courriel", by=boss
    )
    carry_out_erasure(request=erasure, by=boss)
    upcoming.refresh_from_db()
    assert upcoming.status == Enrolment.Status.CANCELLED

    client.force_login(boss)
    url = reverse("lms_admin_learner_login_code", args=[learner.pk])
    page = client.post(url).content.decode()
    assert "elle ne peut plus se connecter" in page
    learner.refresh_from_db()
    assert learner.user_id is None


def test_an_erased_learner_leaves_the_partner_portal_and_training_is_flagged_before(client):
    from tests.factories import PartnerFactory

    f = full_file()
    learner, boss = f["learner"], f["coordinator"]
    partner = PartnerFactory()
    staff = partner_staff(partner=partner)
    Enrolment.objects.filter(learner=learner).update(partner=partner, status=Enrolment.Status.IN_TRAINING)
    erasure = record_erasure_request(
        learner=learner, received_on=date(2026, 11, 2), channel="courriel", by=boss
    )
    client.force_login(boss)
    confirm = client.get(reverse("privacy_erasure", args=[erasure.pk])).content.decode()
    assert "encore en formation" in confirm
    client.force_login(staff)
    assert "Belkacem" in client.get(reverse("partners:learner_list")).content.decode()
    carry_out_erasure(request=erasure, by=boss)
    assert "Belkacem" not in client.get(reverse("partners:learner_list")).content.decode()
    detail = reverse("partners:learner_detail", args=[learner.pseudonym])
    assert client.get(detail).status_code == 404
