"""Immersions in host companies: status history, tutor links, tutor evaluations, company hours.

The Placement itself (agreement data and status) lives in learners.models; what this app adds
hangs off it so that its migrations stand apart.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlacementEvent(models.Model):
    """One dated step of a placement's agreement: sent, signed by a party, started, ended…"""

    placement = models.ForeignKey("learners.Placement", on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("avant"), max_length=12, blank=True)
    to_status = models.CharField(_("après"), max_length=12)
    action = models.CharField(_("action"), max_length=40)
    at = models.DateTimeField(_("le"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("étape de l'immersion")
        verbose_name_plural = _("étapes de l'immersion")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.placement_id}: {self.action}"


class TutorLink(models.Model):
    """A link the coordinator sends to a tutor: no account, one placement, expires, revocable.

    Only a hash of the secret is stored; the URL carries the link's UUID and the secret.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    placement = models.ForeignKey(
        "learners.Placement",
        on_delete=models.CASCADE,
        related_name="tutor_links",
        verbose_name=_("immersion"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    sent_to = models.EmailField(_("envoyé à"), blank=True)

    class Meta:
        verbose_name = _("lien tuteur")
        verbose_name_plural = _("liens tuteur")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="tutorlink_expires_later"
            ),
        ]

    def __str__(self):
        return f"{_('Lien tuteur')} {self.placement_id} ({self.expires_at:%d/%m/%Y})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class EvaluationKind(models.TextChoices):
    MID_TERM = "mid", _("Évaluation à mi-parcours")
    FINAL = "final", _("Évaluation finale")


class Rating(models.IntegerChoices):
    """A four-step scale in plain words (no middle option to hide behind)."""

    NOT_YET = 1, _("Pas encore")
    SOMETIMES = 2, _("Parfois")
    OFTEN = 3, _("Souvent")
    ALWAYS = 4, _("Toujours")


class PlacementEvaluation(models.Model):
    """A tutor's mid-term or final evaluation of the learner in their company."""

    placement = models.ForeignKey(
        "learners.Placement",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("immersion"),
    )
    kind = models.CharField(_("évaluation"), max_length=5, choices=EvaluationKind)
    tutor_name = models.CharField(_("rempli par"), max_length=200)
    punctuality = models.PositiveSmallIntegerField(_("ponctualité"), choices=Rating)
    teamwork = models.PositiveSmallIntegerField(_("travail en équipe"), choices=Rating)
    comments = models.TextField(_("commentaires"), blank=True)
    submitted_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    link = models.ForeignKey(
        TutorLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations"
    )

    class Meta:
        verbose_name = _("évaluation du tuteur")
        verbose_name_plural = _("évaluations du tuteur")
        ordering = ["placement", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind"], name="evaluation_once_per_kind"),
            models.CheckConstraint(
                condition=Q(punctuality__gte=1)
                & Q(punctuality__lte=4)
                & Q(teamwork__gte=1)
                & Q(teamwork__lte=4),
                name="evaluation_ratings_1_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.placement}"


class EvaluationSkill(models.Model):
    """A skill the tutor observed, at a level (0: not observed). May back a SkillValidation."""

    evaluation = models.ForeignKey(PlacementEvaluation, on_delete=models.CASCADE, related_name="skill_levels")
    skill = models.ForeignKey(
        "courses.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("compétence")
    )
    level = models.PositiveSmallIntegerField(_("niveau observé"))
    validation = models.ForeignKey(
        "learners.SkillValidation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("compétence observée")
        verbose_name_plural = _("compétences observées")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "skill"], name="evaluationskill_once"),
            models.CheckConstraint(
                condition=Q(level__gte=0) & Q(level__lte=3), name="evaluationskill_level_0_to_3"
            ),
        ]

    def __str__(self):
        return f"{self.skill} : {self.level}"


class CompanyHours(models.Model):
    """Hours actually done in the company in one week (Monday), counted in the learner's hours."""

    placement = models.ForeignKey(
        "learners.Placement",
        on_delete=models.CASCADE,
        related_name="company_hours",
        verbose_name=_("immersion"),
    )
    week_start = models.DateField(_("semaine du (lundi)"))
    hours = models.DecimalField(_("heures"), max_digits=4, decimal_places=1)
    comment = models.CharField(_("commentaire"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("saisi le"), auto_now=True)

    class Meta:
        verbose_name = _("heures en entreprise")
        verbose_name_plural = _("heures en entreprise")
        ordering = ["placement", "week_start"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "week_start"], name="companyhours_once_per_week"),
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(hours__lte=48), name="companyhours_0_to_48"),
        ]

    def __str__(self):
        return f"{self.placement_id} {self.week_start:%d/%m/%Y} : {self.hours} h"

    def clean(self):
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": _("Indiquez le lundi de la semaine.")})
