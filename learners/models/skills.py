from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SkillValidation(models.Model):
    """A trainer's (or tutor's) validation of a skill at a level for a learner. History is kept:
    a higher level is a new row; a withdrawal marks the row, it never deletes it."""

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="skill_validations"
    )
    skill = models.ForeignKey("courses.Skill", on_delete=models.PROTECT, related_name="validations")
    level = models.PositiveSmallIntegerField(_("niveau"))
    enrolment = models.ForeignKey(
        "learners.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skill_validations",
    )
    validated_on = models.DateField(_("validée le"))
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("commentaire"), blank=True)
    evidence = models.FileField(_("preuve (photo ou fichier)"), upload_to="preuves/%Y/%m/", blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(_("motif du retrait"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("validation de compétence")
        verbose_name_plural = _("validations de compétences")
        ordering = ["-validated_on", "-pk"]
        indexes = [models.Index(fields=["learner", "skill"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=3), name="validation_level_1_to_3"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="validation_withdrawal_has_reason",
            ),
            # One active validation per learner, skill and level.
            models.UniqueConstraint(
                fields=["learner", "skill", "level"],
                condition=Q(withdrawn_at__isnull=True),
                name="validation_active_unique",
            ),
        ]

    def __str__(self):
        return f"{self.learner} – {self.skill} niv. {self.level}"


class ProgressNote(models.Model):
    """A trainer's note on a learner's progress. Staff only: never shown to the learner or partners."""

    enrolment = models.ForeignKey("learners.Enrolment", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note de suivi")
        verbose_name_plural = _("notes de suivi")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.enrolment} ({self.created_at:%d/%m/%Y})"
