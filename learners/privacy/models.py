"""Personal data (RGPD): consents, erasure requests, legal holds, retention phases, funding.

Kept apart from learners.models so that its migrations stand alone; every row hangs off a learner
or a cohort.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    """Optional or sensitive data that is only held with the learner's consent."""

    HEALTH = "rqth", _("RQTH (reconnaissance de travailleur handicapé) : donnée de santé")
    SOCIAL_BENEFITS = "rsa", _("Bénéficiaire du RSA, pour les statistiques d'un financeur")


# The profile fields each consent allows; withdrawing clears them.
CONSENT_FIELDS = {ConsentPurpose.HEALTH: ("rqth",), ConsentPurpose.SOCIAL_BENEFITS: ("rsa",)}


class Consent(models.Model):
    """One consent given by a learner for one purpose; withdrawing marks it, never deletes it
    (the record proves what was allowed when)."""

    class Source(models.TextChoices):
        PAPER = "papier", _("Formulaire papier signé")
        IMPORT = "import", _("Fichier d'inscription du prescripteur")
        LEARNER_SPACE = "espace", _("Espace stagiaire")
        ADMIN = "admin", _("Saisi par la coordination")
        # Values found in profiles before consents were recorded: nobody knows how they were asked.
        LEGACY = "anterieur", _("Antérieur à Tremplin : à confirmer")

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="consents", verbose_name=_("stagiaire")
    )
    purpose = models.CharField(_("finalité"), max_length=10, choices=ConsentPurpose)
    given_at = models.DateTimeField(_("donné le"), default=timezone.now)
    source = models.CharField(_("recueilli par"), max_length=10, choices=Source, default=Source.ADMIN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["learner", "purpose", "-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.learner_id} – {self.get_purpose_display()}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class CohortFunding(models.Model):
    """What sets the legal hold of a cohort's evidence: EU funds lengthen it, and the hold runs
    from the end of the year of the last payment (the cohort's end when not known yet)."""

    cohort = models.OneToOneField(
        "courses.Cohort", on_delete=models.CASCADE, related_name="funding", verbose_name=_("session")
    )
    eu_funds = models.BooleanField(_("fonds européens (FSE+)"), default=False)
    last_payment_on = models.DateField(_("date du dernier paiement"), null=True, blank=True)

    class Meta:
        verbose_name = _("financement d'une session")
        verbose_name_plural = _("financements des sessions")

    def __str__(self):
        return str(self.cohort)


class ErasureRequest(models.Model):
    """A learner's request to erase their data, recorded first, carried out after confirmation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À traiter")
        DONE = "done", _("Effacement fait")
        CANCELLED = "cancelled", _("Annulée")

    class Channel(models.TextChoices):
        EMAIL = "courriel", _("Courriel")
        LETTER = "courrier", _("Courrier")
        IN_PERSON = "oral", _("De vive voix, sur place")
        PARTNER = "partenaire", _("Transmise par le prescripteur")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    learner = models.ForeignKey(
        "learners.Learner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="erasure_requests",
        verbose_name=_("stagiaire"),
    )
    # Survives the learner's deletion: which file was erased, without saying whose it was.
    learner_pseudonym = models.UUIDField(_("pseudonyme"))
    received_on = models.DateField(_("reçue le"), default=timezone.localdate)
    channel = models.CharField(_("reçue par"), max_length=12, choices=Channel, default=Channel.EMAIL)
    note = models.TextField(_("précisions"), blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.PENDING)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(_("effectué le"), null=True, blank=True)
    hold_until = models.DateField(_("conservation légale jusqu'au"), null=True, blank=True)
    summary = models.JSONField(_("bilan"), default=dict, blank=True)

    class Meta:
        verbose_name = _("demande d'effacement")
        verbose_name_plural = _("demandes d'effacement")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_at__isnull=False), name="erasure_done_has_date"
            ),
            models.UniqueConstraint(
                fields=["learner"], condition=Q(status="pending"), name="erasure_one_pending_per_learner"
            ),
        ]

    def __str__(self):
        return f"{_('Demande d’effacement')} {self.received_on:%d/%m/%Y}"


class LegalHold(models.Model):
    """Evidence kept after an erasure or the active phase because a funder rule requires it."""

    class Kind(models.TextChoices):
        ATTENDANCE = "emargement", _("Feuilles d'émargement et heures réalisées")
        CERTIFICATES = "certificats", _("Certificats et attestations délivrés")

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="legal_holds", verbose_name=_("stagiaire")
    )
    kind = models.CharField(_("pièces"), max_length=12, choices=Kind)
    until = models.DateField(_("conservées jusqu'au"))
    reason = models.CharField(_("motif"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(_("levée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("conservation légale")
        verbose_name_plural = _("conservations légales")
        ordering = ["until"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "kind"], name="legalhold_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.until:%d/%m/%Y}"


class RetentionPhase(models.TextChoices):
    ARCHIVED = "archive", _("Archive intermédiaire")
    ERASED = "efface", _("Effacé sur demande (pièces sous conservation légale)")
    ANONYMISED = "anonyme", _("Anonymisé")


class RetentionState(models.Model):
    """Where a learner's file stands in the three-phase policy; no row means the active base."""

    learner = models.OneToOneField(
        "learners.Learner", on_delete=models.CASCADE, related_name="retention", verbose_name=_("stagiaire")
    )
    phase = models.CharField(_("phase"), max_length=10, choices=RetentionPhase)
    since = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("phase de conservation")
        verbose_name_plural = _("phases de conservation")

    def __str__(self):
        return f"{self.learner_id}: {self.get_phase_display()}"
