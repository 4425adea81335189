"""Certificate templates (editable) and issued certificates (frozen at issue time)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField

from lms.validators import validate_siret


class CertificateKind(models.TextChoices):
    END_OF_TRAINING = "fin_formation", _("Attestation de fin de formation")
    COMPLETION = "realisation", _("Certificat de réalisation")
    SKILLS = "competences", _("Attestation de compétences")


class Orientation(models.TextChoices):
    PORTRAIT = "portrait", _("Portrait")
    LANDSCAPE = "landscape", _("Paysage")


class ActionNature(models.TextChoices):
    """The four natures of the ministry's certificat de réalisation."""

    TRAINING = "formation", _("action de formation")
    SKILLS_ASSESSMENT = "bilan", _("bilan de compétences")
    VAE = "vae", _("action de VAE")
    APPRENTICESHIP = "apprentissage", _("action de formation par apprentissage")


class TextBlocks(blocks.StreamBlock):
    # Plain text only: printed escaped, so an editor cannot break the PDF layout or inject markup.
    heading = blocks.CharBlock(label=_("intertitre"), max_length=120)
    paragraph = blocks.TextBlock(label=_("paragraphe"))


validate_nda = RegexValidator(
    r"^\d{11}$", _("Le numéro de déclaration d'activité compte 11 chiffres, sans espace.")
)


class CertificateTemplate(ClusterableModel):
    """How a kind of certificate looks and who issues it. Mandatory mentions are not fields:
    they live in the PDF templates, so no edit here can remove them."""

    name = models.CharField(_("nom du modèle"), max_length=120, unique=True)
    kind = models.CharField(_("type de document"), max_length=20, choices=CertificateKind)
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation, default=Orientation.PORTRAIT
    )
    is_default = models.BooleanField(
        _("modèle par défaut pour ce type"),
        default=False,
        help_text=_("Utilisé pour les formations qui n'ont pas de modèle attribué."),
    )
    courses = ParentalManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="certificate_templates",
        verbose_name=_("formations qui utilisent ce modèle"),
    )
    action_nature = models.CharField(
        _("nature de l'action"), max_length=20, choices=ActionNature, default=ActionNature.TRAINING
    )
    organisation_name = models.CharField(_("organisme de formation"), max_length=200)
    organisation_address = models.TextField(_("adresse de l'organisme"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    activity_declaration_number = models.CharField(
        _("numéro de déclaration d'activité"), max_length=11, blank=True, validators=[validate_nda]
    )
    activity_declaration_region = models.CharField(
        _("région de la déclaration d'activité"), max_length=80, blank=True, default="Hauts-de-France"
    )
    qualiopi_number = models.CharField(_("numéro de certificat Qualiopi"), max_length=60, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    legal_representative = models.CharField(_("représentant légal (prénom et nom)"), max_length=120)
    legal_representative_title = models.CharField(
        _("qualité du signataire"), max_length=120, default="Président"
    )
    signature = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image de la signature et du cachet"),
    )
    place = models.CharField(_("fait à (ville)"), max_length=120)
    texts = StreamField(TextBlocks(), blank=True, verbose_name=_("textes libres"))
    accent_colour = models.CharField(
        _("couleur d'accent"),
        max_length=7,
        default="#0B5D4B",
        validators=[RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Une couleur au format #RRVVBB."))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldRowPanel([FieldPanel("kind"), FieldPanel("orientation")])],
            heading=_("Modèle"),
        ),
        MultiFieldPanel(
            [FieldPanel("is_default"), FieldPanel("courses")], heading=_("Formations concernées")
        ),
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_address"),
                FieldRowPanel([FieldPanel("siret"), FieldPanel("qualiopi_number")]),
                FieldRowPanel(
                    [FieldPanel("activity_declaration_number"), FieldPanel("activity_declaration_region")]
                ),
                FieldPanel("logo"),
            ],
            heading=_("Identité de l'organisme"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("legal_representative"), FieldPanel("legal_representative_title")]),
                FieldPanel("signature"),
                FieldPanel("place"),
            ],
            heading=_("Signature"),
        ),
        FieldPanel("action_nature"),
        FieldPanel("texts"),
        FieldPanel("accent_colour"),
    ]

    class Meta:
        verbose_name = _("modèle d'attestation")
        verbose_name_plural = _("modèles d'attestation")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(is_default=True),
                name="certificate_template_one_default_per_kind",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        # The ministry's model needs the provider's activity declaration number to be usable.
        if self.kind == CertificateKind.COMPLETION and not self.activity_declaration_number:
            raise ValidationError(
                {
                    "activity_declaration_number": _(
                        "Le certificat de réalisation exige le numéro de déclaration d'activité."
                    )
                }
            )
        if self.is_default and self.kind:
            clash = CertificateTemplate.objects.filter(kind=self.kind, is_default=True).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"is_default": _("Un autre modèle est déjà le modèle par défaut pour ce type.")}
                )


class CertificateCounter(models.Model):
    """Last number given per year: locked row so numbers are unique and gap-free."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("compteur de numéros")
        verbose_name_plural = _("compteurs de numéros")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Certificate(models.Model):
    """An issued document. `content` holds every printed field as it was at issue time."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valide")
        REVOKED = "revoked", _("Révoqué")
        SUPERSEDED = "superseded", _("Remplacé")

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("stagiaire")
    )
    enrolment = models.ForeignKey(
        "learners.Enrolment",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("inscription"),
    )
    template = models.ForeignKey(
        CertificateTemplate, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("modèle")
    )
    kind = models.CharField(_("type"), max_length=20, choices=CertificateKind)
    year = models.PositiveSmallIntegerField(_("année"))
    sequence = models.PositiveIntegerField(_("rang dans l'année"))
    number = models.CharField(_("numéro"), max_length=20, unique=True)
    code = models.CharField(_("code de vérification"), max_length=20, unique=True)
    issued_on = models.DateField(_("date d'émission"))
    issued_at = models.DateTimeField(_("émis le"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("émis par"),
    )
    content = models.JSONField(_("contenu figé"))
    content_sha256 = models.CharField(_("empreinte du contenu"), max_length=64)
    badge_sha256 = models.CharField(_("empreinte du badge"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="certificats/", blank=True)
    pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("PDF produit le"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=12, choices=Status, default=Status.VALID)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.TextField(_("motif de la révocation"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("remplace"),
    )
    email_sent_at = models.DateTimeField(_("courriel envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("attestation émise")
        verbose_name_plural = _("attestations émises")
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["enrolment", "kind"]),
        ]
        constraints = [
            # Issuing twice (double click, job delivered twice) can never give two live documents.
            models.UniqueConstraint(
                fields=["enrolment", "kind"],
                condition=Q(status="valid"),
                name="certificate_one_valid_per_kind",
            ),
            models.UniqueConstraint(fields=["year", "sequence"], name="certificate_unique_sequence"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="certificate_sequence_positive"),
            models.CheckConstraint(
                condition=~Q(status="revoked") | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
                name="certificate_revoked_has_reason_and_date",
            ),
            models.CheckConstraint(
                condition=Q(pdf_sha256="") | Q(pdf_sha256__regex=r"^[0-9a-f]{64}$"),
                name="certificate_pdf_sha256_hex",
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.holder_name}"

    @property
    def holder_name(self) -> str:
        return self.content.get("learner", {}).get("full_name", "")

    @property
    def title(self) -> str:
        return self.content.get("course", {}).get("title", "")

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def is_ready(self) -> bool:
        return bool(self.pdf_sha256)
