import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's front page: who the place is for and where to start."""

    tagline = models.CharField(_("accroche"), max_length=200, blank=True)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("tagline"), FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import upcoming_cohorts_for_home

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_cohorts"] = upcoming_cohorts_for_home()
        return context


class Job(models.Model):
    """A durable record of background work: what to run, where it stands, how it ended.

    The row is written before anything is queued, so a job survives Redis being down and a worker
    dying; `dispatch_pending` hands out again what was never delivered or went silent.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        QUEUED = "queued", _("Dans la file")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    class Queue(models.TextChoices):
        DEFAULT = "default", _("Général")
        PDF = "pdf", _("PDF")
        REPORTS = "reports", _("Rapports")

    # UUID: job ids appear in URLs (progress pages) and must not reveal volume.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    handler = models.CharField(_("traitement"), max_length=200)
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    queue = models.CharField(_("file"), max_length=20, choices=Queue, default=Queue.DEFAULT)
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.PENDING)
    progress_done = models.PositiveIntegerField(_("fait"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("mis en file le"), null=True, blank=True)
    started_at = models.DateTimeField(_("démarré le"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("tâche de fond")
        verbose_name_plural = _("tâches de fond")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            # A progress bar past 100 % means a handler counted wrong: refuse it at the source.
            models.CheckConstraint(
                condition=Q(progress_total=0) | Q(progress_done__lte=F("progress_total")),
                name="job_progress_within_total",
            ),
        ]

    def __str__(self):
        return self.label or self.handler

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def report_progress(self, done: int, total: int | None = None) -> None:
        from .jobs import report_progress

        report_progress(self, done, total)


class LoginCode(models.Model):
    """A one-time code a coordinator prints for a learner who has no email address.

    Only a hash is stored: a database leak must not hand out working codes.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("code de connexion")
        verbose_name_plural = _("codes de connexion")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="login_code_expires_after_creation"
            ),
        ]

    def __str__(self):
        return f"Code de {self.user} (expire le {self.expires_at:%d/%m/%Y %H:%M})"
