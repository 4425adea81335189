from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.validators import validate_siret


class Partner(models.Model):
    """An organisation that refers and enrols learners (prescripteur)."""

    class Kind(models.TextChoices):
        AFPA = "afpa", _("AFPA")
        E2C = "e2c", _("École de la 2e Chance")
        MISSION_LOCALE = "mission_locale", _("Mission locale")
        FRANCE_TRAVAIL = "france_travail", _("France Travail")
        CAP_EMPLOI = "cap_emploi", _("Cap emploi")
        PLIE = "plie", _("PLIE")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    address = models.TextField(_("adresse"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnerStaff(models.Model):
    """A partner's staff account: sees only the learners this partner referred."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_staff"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="staff")

    class Meta:
        verbose_name = _("membre d'un partenaire")
        verbose_name_plural = _("membres des partenaires")

    def __str__(self):
        return f"{self.user} ({self.partner})"


class HostCompany(models.Model):
    """A company taking learners in immersion (entreprise d'accueil)."""

    name = models.CharField(_("raison sociale"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    sector = models.CharField(_("secteur"), max_length=120, blank=True)
    address = models.TextField(_("adresse"), blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("ville"), max_length=120, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("entreprise d'accueil")
        verbose_name_plural = _("entreprises d'accueil")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tutor(models.Model):
    company = models.ForeignKey(HostCompany, on_delete=models.CASCADE, related_name="tutors")
    last_name = models.CharField(_("nom"), max_length=120)
    first_name = models.CharField(_("prénom"), max_length=120)
    role = models.CharField(_("fonction"), max_length=120, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("tuteur")
        verbose_name_plural = _("tuteurs")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.company})"


class Placement(models.Model):
    """An immersion period of a learner in a host company, under a three-party agreement."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SENT = "sent", _("Convention envoyée")
        SIGNED = "signed", _("Convention signée par les trois parties")
        RUNNING = "running", _("En cours")
        ENDED = "ended", _("Terminée")
        BROKEN_OFF = "broken_off", _("Interrompue")

    enrolment = models.ForeignKey(
        "learners.Enrolment",
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("inscription"),
    )
    company = models.ForeignKey(
        HostCompany,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("entreprise"),
    )
    tutor = models.ForeignKey(
        Tutor, on_delete=models.PROTECT, related_name="placements", verbose_name=_("tuteur")
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    weekly_hours = models.DecimalField(_("heures par semaine"), max_digits=4, decimal_places=1)
    schedule = models.CharField(_("horaires"), max_length=200, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    tasks = models.TextField(_("activités confiées"), blank=True)
    evaluation_method = models.TextField(_("modalités d'évaluation"), blank=True)
    skills = models.ManyToManyField("courses.Skill", blank=True, verbose_name=_("compétences visées"))
    status = models.CharField(_("état"), max_length=12, choices=Status, default=Status.DRAFT)
    signed_by_organisation_at = models.DateTimeField(null=True, blank=True)
    signed_by_company_at = models.DateTimeField(null=True, blank=True)
    signed_by_learner_at = models.DateTimeField(null=True, blank=True)
    broken_off_reason = models.TextField(_("motif d'interruption"), blank=True)
    agreement_file = models.FileField(_("convention signée"), upload_to="conventions/", blank=True)

    class Meta:
        verbose_name = _("immersion")
        verbose_name_plural = _("immersions")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_hours__gt=0) & models.Q(weekly_hours__lte=48),
                name="placement_weekly_hours_legal",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="broken_off") | ~models.Q(broken_off_reason=""),
                name="placement_broken_off_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.learner} → {self.company}"

    def clean(self):
        if self.tutor_id and self.company_id and self.tutor.company_id != self.company_id:
            raise ValidationError({"tutor": _("Ce tuteur ne travaille pas dans cette entreprise.")})
