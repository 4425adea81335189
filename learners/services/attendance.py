"""Attendance: roll-call, signatures (drawn or by QR code), closing, amendments, walk-ins.

A closed sheet never changes: every function here checks it under a row lock, and database
triggers (migration 0003) refuse any other write. Corrections go through `amend_attendance`.
"""

import base64
import binascii

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Session
from lms.access import can_manage_cohort, learner_of

from .. import qr
from ..models import Attendance, AttendanceAmendment, AttendanceSheet, Enrolment, Learner
from .enrolment import enrol_learner

Status = Attendance.Status
Method = Attendance.Method

# Who appears on a session's sheet.
ROSTER_STATUSES = (Enrolment.Status.ADMITTED, Enrolment.Status.IN_TRAINING, Enrolment.Status.COMPLETED)

PNG_PREFIX = "data:image/png;base64,"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _locked_sheet(session: Session) -> AttendanceSheet:
    """The session's sheet, created if missing, locked until the end of the transaction."""
    AttendanceSheet.objects.get_or_create(session=session)
    # No join here: when the lock was waited for, PostgreSQL re-reads the locked row but not the
    # joined user, so a sheet just closed by another trainer came back with closed_by None.
    return AttendanceSheet.objects.select_for_update().get(session_id=session.pk)


def _closed_error(sheet: AttendanceSheet) -> ValidationError:
    by = sheet.closed_by.get_full_name() or sheet.closed_by.get_username()
    return ValidationError(
        _(
            "La feuille d'émargement a été clôturée par %(by)s le %(at)s : elle ne peut plus être "
            "modifiée. Pour corriger, faites une correction avec un motif."
        )
        % {"by": by, "at": timezone.localtime(sheet.closed_at).strftime("%d/%m/%Y à %H:%M")}
    )


def _open_sheet(session: Session) -> AttendanceSheet:
    sheet = _locked_sheet(session)
    if sheet.is_closed:
        raise _closed_error(sheet)
    return sheet


def _check_staff(user, session: Session) -> None:
    if not can_manage_cohort(user, session.cohort):
        raise ValidationError(_("Seuls les formateurs de cette session peuvent faire l'émargement."))


def _roster_enrolment(session: Session, enrolment) -> Enrolment:
    enrolment_id = getattr(enrolment, "pk", enrolment)
    found = Enrolment.objects.filter(
        pk=enrolment_id, cohort_id=session.cohort_id, status__in=ROSTER_STATUSES
    ).first()
    if found is None:
        raise ValidationError(_("Cette personne n'est pas inscrite à cette séance."))
    return found


def _minutes_for(session: Session, status: str, minutes) -> int:
    if status not in Status.values:
        raise ValidationError(_("Choisissez un statut de présence."))
    if status not in Attendance.ATTENDED:
        return 0
    if minutes in (None, ""):
        return session.planned_minutes
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        raise ValidationError(_("Les minutes de présence doivent être un nombre entier."))
    if not 0 < minutes <= session.planned_minutes:
        raise ValidationError(
            _("Les minutes de présence doivent être entre 1 et %(max)s.") % {"max": session.planned_minutes}
        )
    return minutes


def decode_signature(data_url: str) -> str:
    """Check a drawn signature (PNG data URL from the canvas) and return it unchanged."""
    if not data_url or not data_url.startswith(PNG_PREFIX):
        raise ValidationError(_("La signature est vide : signez dans le cadre avec le doigt."))
    try:
        raw = base64.b64decode(data_url[len(PNG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(_("La signature est illisible. Recommencez."))
    if not raw.startswith(PNG_MAGIC):
        raise ValidationError(_("La signature est illisible. Recommencez."))
    if len(raw) > settings.ATTENDANCE_SIGNATURE_MAX_BYTES:
        raise ValidationError(_("La signature est trop lourde. Effacez et signez à nouveau."))
    return data_url


def _save(attendance: Attendance) -> Attendance:
    attendance.full_clean(exclude=["session", "enrolment"])
    attendance.save()
    return attendance


@transaction.atomic
def record_attendance(*, session: Session, enrolment, status: str, by, minutes=None) -> Attendance:
    """Trainer roll-call: one tap per learner; minutes default to the session's planned minutes."""
    _check_staff(by, session)
    _open_sheet(session)
    enrolment = _roster_enrolment(session, enrolment)
    minutes = _minutes_for(session, status, minutes)
    attendance = Attendance.objects.filter(session=session, enrolment=enrolment).first() or Attendance(
        session=session, enrolment=enrolment, method=Method.ROLL_CALL
    )
    attendance.status = status
    attendance.minutes = minutes
    attendance.recorded_by = by
    if status not in Attendance.ATTENDED:
        # An absent learner has no signature on the sheet.
        attendance.signature, attendance.signed_at, attendance.method = "", None, Method.ROLL_CALL
    return _save(attendance)


def _sign(session: Session, enrolment: Enrolment, *, method: str, signature: str, by) -> Attendance:
    attendance = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    if attendance and attendance.signed_at:
        raise ValidationError(
            _("%(name)s a déjà signé à %(at)s.")
            % {
                "name": enrolment.learner.full_name,
                "at": timezone.localtime(attendance.signed_at).strftime("%H:%M"),
            }
        )
    if attendance is None or attendance.status not in Attendance.ATTENDED:
        # Signing means being there; a late or early-leaving mark set by the trainer stays.
        attendance = attendance or Attendance(session=session, enrolment=enrolment)
        attendance.status = Status.PRESENT
        attendance.minutes = session.planned_minutes
    attendance.method = method
    attendance.signature = signature
    attendance.signed_at = timezone.now()
    attendance.recorded_by = by
    return _save(attendance)


@transaction.atomic
def sign_on_device(*, session: Session, enrolment, signature: str, by) -> Attendance:
    """A learner signs with their finger on the trainer's tablet or phone."""
    _check_staff(by, session)
    signature = decode_signature(signature)
    _open_sheet(session)
    enrolment = _roster_enrolment(session, enrolment)
    return _sign(session, enrolment, method=Method.DRAWN, signature=signature, by=by)


def session_for_token(token: str, *, scanned_at: float | None = None) -> Session:
    """The session of a QR token, checked against now, or against `scanned_at`: the time the
    server itself saw the token valid (kept in the learner's server-side session while they
    logged in), so that logging in first does not make a fresh scan expire."""
    session_id = qr.read_token(token, now=scanned_at)
    if session_id is None:
        raise ValidationError(
            _("Ce QR code n'est plus valable. Scannez le code affiché maintenant sur l'écran du formateur.")
        )
    session = Session.objects.select_related("cohort__course").filter(pk=session_id).first()
    if session is None:
        raise ValidationError(_("Ce QR code n'est plus valable."))
    return session


@transaction.atomic
def sign_with_qr(*, token: str, user, scanned_at: float | None = None) -> Attendance:
    """A learner, logged in on their own phone, scans the rotating code: they sign for themselves."""
    session = session_for_token(token, scanned_at=scanned_at)
    learner = learner_of(user)
    if learner is None:
        raise ValidationError(_("Connectez-vous avec votre compte de stagiaire pour signer."))
    enrolment = (
        Enrolment.objects.select_related("learner")
        .filter(learner=learner, cohort_id=session.cohort_id, status__in=ROSTER_STATUSES)
        .first()
    )
    if enrolment is None:
        raise ValidationError(_("Vous n'êtes pas inscrit(e) à cette séance."))
    if session.date != timezone.localdate():
        raise ValidationError(_("On ne signe que le jour de la séance."))
    _open_sheet(session)
    return _sign(session, enrolment, method=Method.QR, signature="", by=user)


@transaction.atomic
def close_sheet(*, session: Session, by, signature: str) -> AttendanceSheet:
    """The trainer countersigns: learners with no mark become absent without justification, and
    the sheet is frozen. Two trainers closing at once: the row lock lets one win, the other is told."""
    _check_staff(by, session)
    signature = decode_signature(signature)
    sheet = _open_sheet(session)
    marked = set(Attendance.objects.filter(session=session).values_list("enrolment_id", flat=True))
    missing = (
        Enrolment.objects.filter(cohort_id=session.cohort_id, status__in=ROSTER_STATUSES)
        .exclude(pk__in=marked)
        .values_list("pk", flat=True)
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                enrolment_id=pk,
                status=Status.ABSENT_UNJUSTIFIED,
                minutes=0,
                method=Method.ROLL_CALL,
                recorded_by=by,
            )
            for pk in missing
        ]
    )
    sheet.closed_at = timezone.now()
    sheet.closed_by = by
    sheet.trainer_signature = signature
    sheet.full_clean()
    sheet.save()
    return sheet


@transaction.atomic
def amend_attendance(*, attendance: Attendance, status: str, by, reason: str, minutes=None):
    """The only way to change a closed sheet: the amendment (who, when, why, before, after)
    is written first; the database accepts the change only because it is recorded."""
    attendance = Attendance.objects.select_related("session__cohort").get(pk=attendance.pk)
    session = attendance.session
    _check_staff(by, session)
    sheet = _locked_sheet(session)
    if not sheet.is_closed:
        raise ValidationError(_("La feuille n'est pas clôturée : modifiez directement l'appel."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif de la correction."))
    new_minutes = _minutes_for(session, status, minutes)
    if status == attendance.status and new_minutes == attendance.minutes:
        raise ValidationError(_("Rien à corriger : le statut et les minutes sont les mêmes."))
    amendment = AttendanceAmendment(
        attendance=attendance,
        reason=reason,
        author=by,
        old_status=attendance.status,
        new_status=status,
        old_minutes=attendance.minutes,
        new_minutes=new_minutes,
    )
    amendment.full_clean()
    amendment.save()
    Attendance.objects.filter(pk=attendance.pk).update(status=status, minutes=new_minutes)
    return amendment


@transaction.atomic
def add_walk_in(
    *, session: Session, by, first_name: str, last_name: str, birth_date, phone: str = ""
) -> Attendance:
    """Someone turns up at the door: find or create the learner, enrol them, mark them present."""
    _check_staff(by, session)
    _open_sheet(session)
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    learner = Learner.objects.filter(
        first_name__iexact=first_name, last_name__iexact=last_name, birth_date=birth_date
    ).first()
    if learner is None:
        learner = Learner(first_name=first_name, last_name=last_name, birth_date=birth_date, phone=phone)
        learner.full_clean()
        learner.save()
    enrolment = Enrolment.objects.filter(learner=learner, cohort_id=session.cohort_id).first()
    if enrolment is None:
        enrolment = enrol_learner(
            learner=learner,
            cohort=session.cohort,
            status=Enrolment.Status.IN_TRAINING,
            by=by,
            comment=_("Arrivé(e) sans inscription à la séance du %(date)s.")
            % {"date": f"{session.date:%d/%m/%Y}"},
        )
    elif enrolment.status not in ROSTER_STATUSES:
        raise ValidationError(
            _("%(name)s a une inscription « %(status)s » à cette session : voyez la coordination.")
            % {"name": learner.full_name, "status": enrolment.get_status_display()}
        )
    try:
        with transaction.atomic():
            return record_attendance(session=session, enrolment=enrolment, status=Status.PRESENT, by=by)
    except IntegrityError:
        raise ValidationError(_("Cette personne est déjà sur la feuille."))
