"""Outcomes after the training, their history, self-report links, and recorded report runs."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .categories import (
    CATEGORY_CHOICES,
    CHECKPOINT_CHOICES,
    SITUATION_CHOICES,
    SOURCE_CHOICES,
    category_of,
)


class Outcome(models.Model):
    """A learner's situation at one checkpoint of one cohort (one enrolment = one learner × cohort)."""

    enrolment = models.ForeignKey(
        "learners.Enrolment", on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("inscription")
    )
    checkpoint = models.CharField(_("échéance"), max_length=8, choices=CHECKPOINT_CHOICES)
    situation = models.CharField(_("situation"), max_length=30, choices=SITUATION_CHOICES)
    observed_on = models.DateField(_("date du constat"))
    situation_since = models.DateField(_("depuis le"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=SOURCE_CHOICES, default="autre")
    digital_trade = models.BooleanField(_("métier du numérique ou de la fabrication"), null=True, blank=True)
    # A learner's own answer waits for a coordinator to confirm or correct it.
    confirmed = models.BooleanField(_("confirmé"), default=True)
    comment = models.TextField(_("commentaire"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sortie")
        verbose_name_plural = _("sorties")
        ordering = ["enrolment", "checkpoint"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "checkpoint"], name="outcome_once_per_checkpoint"),
            models.CheckConstraint(
                condition=Q(checkpoint__in=[c for c, _l in CHECKPOINT_CHOICES]),
                name="outcome_checkpoint_known",
            ),
            models.CheckConstraint(
                condition=Q(situation__in=[c for c, _l in SITUATION_CHOICES]), name="outcome_situation_known"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} – {self.get_checkpoint_display()} : {self.get_situation_display()}"

    @property
    def category(self) -> str:
        """Derived from the situation by the mapping in categories.py, never typed."""
        return category_of(self.situation)

    @property
    def category_label(self) -> str:
        return dict(CATEGORY_CHOICES)[self.category]

    def snapshot(self) -> dict:
        return {
            "situation": self.situation,
            "observed_on": self.observed_on.isoformat() if self.observed_on else None,
            "situation_since": self.situation_since.isoformat() if self.situation_since else None,
            "source": self.source,
            "digital_trade": self.digital_trade,
            "confirmed": self.confirmed,
        }


class OutcomeChange(models.Model):
    """History: every creation, replacement and confirmation of an outcome, with before and after."""

    class Action(models.TextChoices):
        CREATED = "created", _("Création")
        REPLACED = "replaced", _("Remplacement")
        CONFIRMED = "confirmed", _("Confirmation")

    class Origin(models.TextChoices):
        SCREEN = "screen", _("Saisie à l'écran")
        GRID = "grid", _("Saisie rapide de la session")
        IMPORT = "import", _("Import de fichier")
        SELF_REPORT = "self_report", _("Réponse du stagiaire")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action)
    origin = models.CharField(max_length=12, choices=Origin)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("historique de sortie")
        verbose_name_plural = _("historique des sorties")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.outcome}: {self.get_action_display()}"


def new_token() -> str:
    # 16 url-safe characters ≈ 96 bits: unguessable, still short enough for an SMS.
    return secrets.token_urlsafe(12)


class SelfReportLink(models.Model):
    """A learner's personal link to say where they stand at one checkpoint (no account needed)."""

    enrolment = models.ForeignKey(
        "learners.Enrolment", on_delete=models.CASCADE, related_name="self_report_links"
    )
    checkpoint = models.CharField(_("échéance"), max_length=8, choices=CHECKPOINT_CHOICES)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien de suivi")
        verbose_name_plural = _("liens de suivi")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "checkpoint"], name="self_report_link_once"),
        ]

    def __str__(self):
        return f"{self.enrolment} – {self.get_checkpoint_display()}"


class ReportRun(models.Model):
    """Every funder report produced (screen export or command line): who, when, what, which file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        DONE = "done", _("Prêt")
        FAILED = "failed", _("Échec")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.CharField(_("rapport"), max_length=30, default="gen")
    params = models.JSONField(_("paramètres"), default=dict)
    file_format = models.CharField(_("format"), max_length=4)
    diffusion = models.BooleanField(_("version diffusion"), default=False)
    origin = models.CharField(_("origine"), max_length=10, default="web")
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.PENDING)
    job = models.ForeignKey("lms.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("produit le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("lien valable jusqu'au"), null=True, blank=True)
    file_name = models.CharField(_("fichier"), max_length=200, blank=True)
    file_path = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("lignes"), default=0)

    class Meta:
        verbose_name = _("rapport produit")
        verbose_name_plural = _("rapports produits")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.report} {self.created_at:%d/%m/%Y %H:%M}"
