from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AttendanceSheet(models.Model):
    """The attendance sheet of one session. Once closed and countersigned it never changes:
    corrections go through AttendanceAmendment."""

    session = models.OneToOneField(
        "courses.Session", on_delete=models.PROTECT, related_name="sheet", verbose_name=_("séance")
    )
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("clôturée par"),
    )
    # The trainer's drawn countersignature (PNG data URL), kept as evidence.
    trainer_signature = models.TextField(_("signature du formateur"), blank=True)

    class Meta:
        verbose_name = _("feuille d'émargement")
        verbose_name_plural = _("feuilles d'émargement")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | (Q(closed_by__isnull=False) & ~Q(trainer_signature="")),
                name="sheet_closed_has_trainer_and_signature",
            ),
        ]

    def __str__(self):
        return str(self.session)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Attendance(models.Model):
    """One learner's presence at one session, with how it was recorded."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Présent")
        LATE = "late", _("En retard")
        LEFT_EARLY = "left_early", _("Parti plus tôt")
        ABSENT_JUSTIFIED = "absent_justified", _("Absent justifié")
        ABSENT_UNJUSTIFIED = "absent_unjustified", _("Absent non justifié")

    class Method(models.TextChoices):
        ROLL_CALL = "roll_call", _("Appel par le formateur")
        DRAWN = "drawn", _("Signature sur l'appareil du formateur")
        QR = "qr", _("QR code scanné par le stagiaire")
        AMENDMENT = "amendment", _("Correction après clôture")

    # Statuses that count attended minutes.
    ATTENDED = (Status.PRESENT, Status.LATE, Status.LEFT_EARLY)

    session = models.ForeignKey(
        "courses.Session", on_delete=models.PROTECT, related_name="attendances", verbose_name=_("séance")
    )
    enrolment = models.ForeignKey(
        "learners.Enrolment",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("inscription"),
    )
    status = models.CharField(_("présence"), max_length=20, choices=Status)
    minutes = models.PositiveSmallIntegerField(_("minutes de présence"), default=0)
    method = models.CharField(_("mode"), max_length=12, choices=Method, default=Method.ROLL_CALL)
    signature = models.TextField(_("signature"), blank=True)
    signed_at = models.DateTimeField(_("signé le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now=True)

    class Meta:
        verbose_name = _("émargement")
        verbose_name_plural = _("émargements")
        indexes = [models.Index(fields=["enrolment", "session"])]
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once_per_session"),
            # An absence has no attended minutes; anything else is bounded by a half-day.
            models.CheckConstraint(
                condition=~Q(status__in=["absent_justified", "absent_unjustified"]) | Q(minutes=0),
                name="attendance_absent_has_no_minutes",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.learner} – {self.session}: {self.get_status_display()}"


class AttendanceAmendment(models.Model):
    """A correction made after the sheet was closed: who, when, why, before and after."""

    attendance = models.ForeignKey(Attendance, on_delete=models.PROTECT, related_name="amendments")
    reason = models.TextField(_("motif"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    old_status = models.CharField(max_length=20, choices=Attendance.Status)
    new_status = models.CharField(max_length=20, choices=Attendance.Status)
    old_minutes = models.PositiveSmallIntegerField()
    new_minutes = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("correction d'émargement")
        verbose_name_plural = _("corrections d'émargement")
        ordering = ["at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason"),
        ]

    def __str__(self):
        return f"{self.attendance}: {self.old_status} → {self.new_status}"


class AttendanceSummary(models.Model):
    """Attended minutes per enrolment (statuses in Attendance.ATTENDED), kept by database
    triggers on learners_attendance whatever writes it (services, bulk inserts, COPY): reports
    read 100,000 enrolments' minutes without summing millions of attendance rows.

    Never written by Django. No foreign-key constraint: a row is only ever read through its
    enrolment, so one left by a deleted enrolment is harmless."""

    enrolment = models.OneToOneField(
        "learners.Enrolment",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="attendance_summary",
    )
    attended_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cumul de présence")
        verbose_name_plural = _("cumuls de présence")

    def __str__(self):
        return f"{self.enrolment_id}: {self.attended_minutes} min"
