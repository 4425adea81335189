"""Group enrolment imports (inscriptions.md): the record of each upload, its preview and results."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GroupImport(models.Model):
    """One uploaded file for one cohort: who, when, what it held, what was enrolled.

    The preview (valid rows with their parsed values, rejected rows with their reasons, warnings)
    is kept as JSON so that it stays readable after the job that built it, and so that the
    confirmation enrols exactly what the user saw.
    """

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Vérification en cours")
        PREVIEW = "preview", _("En attente de confirmation")
        COMMITTING = "committing", _("Inscription en cours")
        DONE = "done", _("Inscriptions faites")
        REFUSED = "refused", _("Fichier refusé")
        FAILED = "failed", _("Échec, rien n'a été inscrit")
        CANCELLED = "cancelled", _("Abandonné")

    # In URLs: a UUID does not reveal how many imports exist nor invite guessing.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cohort = models.ForeignKey(
        "courses.Cohort", on_delete=models.PROTECT, related_name="group_imports", verbose_name=_("session")
    )
    partner = models.ForeignKey(
        "learners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_imports",
        verbose_name=_("prescripteur"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    file_name = models.CharField(_("fichier"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8, blank=True)
    # The uploaded bytes, kept only until the preview is built (big files are read by a job).
    source = models.BinaryField(editable=False, blank=True, default=b"")
    status = models.CharField(_("état"), max_length=12, choices=Status, default=Status.VALIDATING)
    rows_total = models.PositiveIntegerField(_("lignes"), default=0)
    rows_valid = models.PositiveIntegerField(_("lignes valides"), default=0)
    rows_rejected = models.PositiveIntegerField(_("lignes refusées"), default=0)
    learners_created = models.PositiveIntegerField(_("nouvelles fiches"), default=0)
    learners_reused = models.PositiveIntegerField(_("fiches existantes"), default=0)
    accounts_created = models.PositiveIntegerField(_("comptes créés"), default=0)
    enrolled = models.PositiveIntegerField(_("inscrits"), default=0)
    preview = models.JSONField(_("aperçu"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    job = models.ForeignKey(
        "lms.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("tâche")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmé par"),
    )
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription de groupe")
        verbose_name_plural = _("inscriptions de groupe")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_valid__lte=models.F("rows_total"))
                & Q(rows_rejected__lte=models.F("rows_total")),
                name="groupimport_counts_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(confirmed_at__isnull=False),
                name="groupimport_done_was_confirmed",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} → {self.cohort_id and self.cohort.code}"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.VALIDATING, self.Status.COMMITTING)

    @property
    def can_confirm(self) -> bool:
        return self.status == self.Status.PREVIEW and self.rows_valid > 0


class GroupImportRow(models.Model):
    """What one enrolled line of the file became: the learner, the enrolment, a new account."""

    group_import = models.ForeignKey(GroupImport, on_delete=models.CASCADE, related_name="results")
    line = models.PositiveIntegerField(_("ligne"))
    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="+", verbose_name=_("stagiaire")
    )
    enrolment = models.ForeignKey(
        "learners.Enrolment",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("inscription"),
    )
    learner_created = models.BooleanField(_("nouvelle fiche"), default=False)
    account_created = models.BooleanField(_("compte créé"), default=False)

    class Meta:
        verbose_name = _("ligne inscrite")
        verbose_name_plural = _("lignes inscrites")
        ordering = ["line"]
        constraints = [
            models.UniqueConstraint(fields=["group_import", "line"], name="groupimportrow_unique_line"),
        ]

    def __str__(self):
        return f"{self.group_import_id} l.{self.line}"
