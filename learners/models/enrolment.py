from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A learner in a cohort. Its status changes only through learners.services.enrolment."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidat")
        ADMITTED = "admitted", _("Admis")
        IN_TRAINING = "in_training", _("En formation")
        COMPLETED = "completed", _("Parcours terminé")
        DROPPED_OUT = "dropped_out", _("Abandon")
        CANCELLED = "cancelled", _("Annulée")

    class DropoutReason(models.TextChoices):
        EMPLOYMENT = "emploi", _("Reprise d'emploi")
        OTHER_TRAINING = "autre_formation", _("Entrée dans une autre formation")
        HEALTH = "sante", _("Santé")
        FAMILY = "famille", _("Raisons familiales")
        MOBILITY = "mobilite", _("Transport, mobilité")
        MOTIVATION = "motivation", _("Perte de motivation")
        EXCLUDED = "exclusion", _("Exclusion")
        NO_NEWS = "sans_nouvelles", _("Sans nouvelles")
        OTHER = "autre", _("Autre")

    # Statuses counted as having started the training (GEN "entrants").
    STARTED = (Status.IN_TRAINING, Status.COMPLETED, Status.DROPPED_OUT)
    # Statuses that hold a seat in the cohort.
    HOLDS_SEAT = (Status.ADMITTED, Status.IN_TRAINING, Status.COMPLETED)

    learner = models.ForeignKey(
        "learners.Learner",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("stagiaire"),
    )
    cohort = models.ForeignKey(
        "courses.Cohort",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("session"),
    )
    partner = models.ForeignKey(
        "learners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("prescripteur"),
    )
    status = models.CharField(_("état"), max_length=12, choices=Status, default=Status.CANDIDATE)
    status_changed_at = models.DateTimeField(_("depuis le"), auto_now_add=True)
    dropout_reason = models.CharField(_("motif d'abandon"), max_length=20, choices=DropoutReason, blank=True)
    dropout_comment = models.TextField(_("précisions"), blank=True)
    dropout_date = models.DateField(_("date d'abandon"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["cohort", "learner"]
        indexes = [models.Index(fields=["cohort", "status"]), models.Index(fields=["partner", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["learner", "cohort"], name="enrolment_once_per_cohort"),
            # A drop-out without reason and date cannot be reported to funders.
            models.CheckConstraint(
                condition=~Q(status="dropped_out") | (~Q(dropout_reason="") & Q(dropout_date__isnull=False)),
                name="enrolment_dropout_has_reason_and_date",
            ),
        ]

    def __str__(self):
        return f"{self.learner} – {self.cohort}"


class EnrolmentEvent(models.Model):
    """One dated step of an enrolment's lifecycle: the history funders and auditors read."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=Enrolment.Status, blank=True)
    to_status = models.CharField(max_length=12, choices=Enrolment.Status)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("étape du parcours")
        verbose_name_plural = _("étapes du parcours")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.enrolment}: {self.from_status or '-'} → {self.to_status}"
