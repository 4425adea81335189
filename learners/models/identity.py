import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Learner(models.Model):
    """A person who learns. Exists without an account (walk-ins); gets one later, history kept."""

    last_name = models.CharField(_("nom"), max_length=120)
    first_name = models.CharField(_("prénom"), max_length=120)
    birth_date = models.DateField(_("date de naissance"))
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learner",
        verbose_name=_("compte"),
    )
    # Row-level exports use this instead of the name (DOMAIN.md, personal data).
    pseudonym = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stagiaire")
        verbose_name_plural = _("stagiaires")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name", "birth_date"])]
        constraints = [
            # The group import matches people by email: two learners may not share one.
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="learner_unique_email"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class QualificationLevel(models.TextChoices):
    NONE = "sans", _("Sans diplôme")
    L3 = "3", _("Niveau 3 (CAP, BEP)")
    L4 = "4", _("Niveau 4 (bac)")
    L5 = "5", _("Niveau 5 (bac+2)")
    L6 = "6", _("Niveau 6 (licence)")
    L7 = "7", _("Niveau 7 (master)")
    L8 = "8", _("Niveau 8 (doctorat)")


class Situation(models.TextChoices):
    JOB_SEEKER = "demandeur_emploi", _("Demandeur d'emploi")
    NEET = "neet", _("Ni en emploi, ni en études, ni en formation")
    EMPLOYED = "salarie", _("Salarié")
    STUDENT = "etudiant", _("Étudiant")
    SELF_EMPLOYED = "independant", _("Indépendant")
    OTHER = "autre", _("Autre")


class Gender(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "H", _("Homme")
    OTHER = "X", _("Autre")


class LearnerProfile(models.Model):
    """Reporting profile, kept apart from identity: collected for funder statistics only,
    never for selection. Unknown is stored as NULL, not as "no"."""

    learner = models.OneToOneField(Learner, on_delete=models.CASCADE, related_name="profile")
    gender = models.CharField(_("genre"), max_length=1, choices=Gender)
    qualification_level = models.CharField(_("niveau de diplôme"), max_length=4, choices=QualificationLevel)
    situation = models.CharField(_("situation à l'entrée"), max_length=20, choices=Situation)
    france_travail_registered = models.BooleanField(_("inscrit à France Travail"), null=True, blank=True)
    france_travail_months = models.PositiveSmallIntegerField(
        _("durée d'inscription (mois)"), null=True, blank=True
    )
    qpv = models.BooleanField(_("réside en QPV"), null=True, blank=True)
    qpv_code = models.CharField(_("code QPV"), max_length=12, blank=True)
    zrr = models.BooleanField(_("réside en ZRR"), null=True, blank=True)
    career_change = models.BooleanField(_("reconversion"), null=True, blank=True)
    rsa = models.BooleanField(_("bénéficiaire du RSA"), null=True, blank=True)
    # Health data (RQTH): only with explicit consent, visible to coordinators only.
    rqth = models.BooleanField(_("RQTH"), null=True, blank=True)
    sensitive_consent = models.BooleanField(_("consentement données sensibles"), default=False)
    sensitive_consent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("profil statistique")
        verbose_name_plural = _("profils statistiques")
        constraints = [
            models.CheckConstraint(
                condition=Q(rqth__isnull=True) | Q(sensitive_consent=True),
                name="profile_rqth_requires_consent",
            ),
        ]

    def __str__(self):
        return str(self.learner)
