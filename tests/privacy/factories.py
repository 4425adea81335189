"""A learner with something in every corner of their file, for the privacy suite."""

from datetime import date, timedelta

from django.db.models import F
from django.utils import timezone

from courses.models import Cohort, Session
from learners.immersion.models import CompanyHours, PlacementEvaluation
from learners.models import Attendance, AttendanceSheet, LearnerProfile, ProgressNote
from learners.outcomes.models import ReportRun
from learners.outcomes.services import record_outcome
from learners.privacy.models import ConsentPurpose
from learners.privacy.services import give_consent
from tests.factories import coordinator, learner_user
from tests.learners.factories import PNG_SIGNATURE, PlacementFactory

PHONE = "06 11 22 33 44"


def full_file(*, certificate=True, learners=1, signed_by_qr=False):
    """A finished cohort (2027-03) whose first learner has attendance with a drawn signature,
    a skill, a placement with a tutor evaluation and company hours, an outcome and its history,
    a staff note, an RQTH consent, a certificate and a GEN report that counted them."""
    from certificates.models import CertificateKind
    from certificates.services import issue_certificate
    from tests.certificates.factories import finished_cohort, templates_for_every_kind

    templates_for_every_kind()
    cohort, enrolments = finished_cohort(learners=learners, format="long")
    # Two years back: outcomes cannot be observed in the future.
    Cohort.objects.filter(pk=cohort.pk).update(start_date=date(2025, 3, 1), end_date=date(2025, 3, 31))
    Session.objects.filter(cohort=cohort).update(date=F("date") - timedelta(days=730))
    cohort.refresh_from_db()
    enrolment = enrolments[0]
    learner = enrolment.learner
    learner.first_name, learner.last_name = "Inès", "Belkacem"
    learner.email, learner.phone, learner.postal_code = "ines@example.org", PHONE, "80000"
    learner.birth_date = date(2001, 8, 14)
    learner.save()
    user = learner_user(learner=learner)
    boss = coordinator(first_name="Claire", last_name="Dumas")
    Attendance.objects.filter(enrolment=enrolment).update(signature=PNG_SIGNATURE, method="drawn")
    if signed_by_qr:
        # Scanned on their own phone: the sheet names the learner's account as who recorded it.
        Attendance.objects.filter(enrolment=enrolment).update(method="qr", recorded_by=user)
    # Closed and countersigned: from now on the database refuses any change to these marks.
    for session in Session.objects.filter(cohort=cohort):
        AttendanceSheet.objects.create(
            session=session, closed_at=timezone.now(), closed_by=boss, trainer_signature=PNG_SIGNATURE
        )
    placement = PlacementFactory(
        enrolment=enrolment, start_date=cohort.end_date, end_date=cohort.end_date + timedelta(days=30)
    )
    PlacementEvaluation.objects.create(
        placement=placement,
        kind="mid",
        tutor_name="Paul Leroy",
        punctuality=4,
        teamwork=3,
        comments="Très à l'aise avec la découpeuse.",
    )
    CompanyHours.objects.create(
        placement=placement, week_start=date(2025, 4, 7), hours=30, comment="malade mardi"
    )
    record_outcome(
        enrolment=enrolment,
        checkpoint="sortie",
        situation="recherche_emploi",
        observed_on=cohort.end_date,
        by=boss,
        comment="Cherche du côté de Abbeville",
    )
    record_outcome(
        enrolment=enrolment, checkpoint="sortie", situation="cdi", observed_on=cohort.end_date, by=boss
    )
    ProgressNote.objects.create(enrolment=enrolment, author=boss, text="Difficultés de garde d'enfant.")
    give_consent(learner=learner, purpose=ConsentPurpose.HEALTH, by=boss)
    LearnerProfile.objects.filter(learner=learner).update(rqth=True, rsa=None)
    if certificate:
        issue_certificate(enrolment=enrolment, kind=CertificateKind.END_OF_TRAINING, issued_by=boss)
    ReportRun.objects.create(
        params={"year": cohort.end_date.year}, file_format="xlsx", status="done", created_by=boss
    )
    ReportRun.objects.create(params={"year": 2019}, file_format="csv", status="done", created_by=boss)
    return {"cohort": cohort, "enrolment": enrolment, "learner": learner, "user": user, "coordinator": boss}
