from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from rest_framework import serializers
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.access import GROUP_NAMES, Role

from .page_forms import CoursePageForm
from .serializers import ModuleSerializer, NextCohortSerializer


def trainer_choices():
    # Only members of the trainers' group are offered where a trainer is picked.
    return Q(groups__name=GROUP_NAMES[Role.TRAINER])


class SkillLevel(models.IntegerChoices):
    """Levels of a skill; machine authorisations use all three."""

    DISCOVERY = 1, _("1 – Découverte")
    AUTONOMOUS = 2, _("2 – Autonome")
    CAN_TEACH = 3, _("3 – Peut former")


class SkillFramework(ClusterableModel):
    """A skill framework (référentiel): maker skills, digital skills, an RNCP title…"""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description"), InlinePanel("blocks", label=_("Blocs"))]

    class Meta:
        verbose_name = _("référentiel de compétences")
        verbose_name_plural = _("référentiels de compétences")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SkillBlock(Orderable):
    framework = ParentalKey(SkillFramework, on_delete=models.CASCADE, related_name="blocks")
    code = models.CharField(_("code"), max_length=30, blank=True)
    name = models.CharField(_("nom"), max_length=200)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("bloc de compétences")
        verbose_name_plural = _("blocs de compétences")
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="skillblock_unique_name"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}".strip()


class Skill(index.Indexed, models.Model):
    block = models.ForeignKey(
        SkillBlock, on_delete=models.PROTECT, related_name="skills", verbose_name=_("bloc")
    )
    code = models.CharField(_("code"), max_length=30, blank=True)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_machine_authorisation = models.BooleanField(
        _("habilitation machine"),
        default=False,
        help_text=_("Découpe laser, imprimante 3D, fraiseuse numérique…"),
    )
    max_level = models.PositiveSmallIntegerField(
        _("niveau maximal"), choices=SkillLevel, default=SkillLevel.DISCOVERY
    )

    panels = [
        FieldPanel("block"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("is_machine_authorisation"),
        FieldPanel("max_level"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("code")]

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["block__framework__name", "block__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["block", "name"], name="skill_unique_name_in_block"),
            models.CheckConstraint(
                condition=Q(max_level__gte=1) & Q(max_level__lte=3), name="skill_max_level_1_to_3"
            ),
        ]

    def __str__(self):
        return self.name


class Audience(models.Model):
    """A public a course is meant for (job seekers, young people 16–25…): a catalogue filter."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("public")
        verbose_name_plural = _("publics")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CatalogPage(Page):
    """The public catalogue of courses."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue")

    def serve(self, request, *args, **kwargs):
        from .caching import serve_cached

        return serve_cached(request, lambda: super(CatalogPage, self).serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        from .selectors import catalogue_courses

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_courses(catalog=self, params=request.GET))
        return context


class CourseFormat(models.TextChoices):
    DISCOVERY = "discovery", _("Atelier découverte")
    LONG = "long", _("Formation longue")
    IMMERSION = "immersion", _("Immersion en entreprise")
    PARTNER = "partner", _("Formation partenaire accueillie")


class GalleryItemBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("légende"), required=False)


class CourseBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("texte"))
    image = ImageBlock(label=_("image"))
    video = EmbedBlock(label=_("vidéo"), help_text=_("Adresse d'une vidéo (PeerTube, YouTube…)"))
    gallery = blocks.ListBlock(GalleryItemBlock(), label=_("ce que vous allez fabriquer"))
    programme = DocumentChooserBlock(label=_("programme à télécharger"))


class CoursePage(Page):
    """What is taught: the public description a funder and a learner read (Qualiopi ind. 1)."""

    format = models.CharField(_("format"), max_length=20, choices=CourseFormat)
    summary = models.TextField(_("résumé"), max_length=600)
    objectives = RichTextField(_("objectifs opérationnels"))
    audience = models.TextField(_("public visé"))
    audiences = ParentalManyToManyField(
        Audience,
        blank=True,
        related_name="courses",
        verbose_name=_("publics (filtre du catalogue)"),
    )
    prerequisites = models.TextField(_("prérequis"), blank=True, default="Aucun")
    access_conditions = models.TextField(_("modalités d'accès"), blank=True)
    access_delay = models.CharField(_("délai d'accès"), max_length=200, blank=True)
    hours_centre = models.PositiveIntegerField(_("heures en centre"), default=0)
    hours_company = models.PositiveIntegerField(_("heures en entreprise"), default=0)
    hours_distance = models.PositiveIntegerField(_("heures à distance"), default=0)
    price = models.DecimalField(
        _("prix (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Laisser vide si la formation est gratuite pour le public."),
    )
    gen_label = models.BooleanField(_("labellisée Grande École du Numérique"), default=False)
    rncp_reference = models.CharField(
        _("référence RNCP/RS"), max_length=40, blank=True, help_text=_("Vide : non certifiante")
    )
    accessibility = models.TextField(
        _("accessibilité"),
        default=_("Locaux accessibles. Contactez notre référente handicap pour adapter la formation."),
    )
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    contact_email = models.EmailField(_("courriel du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    min_attendance_rate = models.PositiveSmallIntegerField(
        _("assiduité minimale pour l'attestation (%)"), default=70
    )
    body = StreamField(CourseBodyBlock(), blank=True, verbose_name=_("contenu"))
    skills = ParentalManyToManyField(Skill, blank=True, verbose_name=_("compétences visées"))
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        limit_choices_to=trainer_choices,
        related_name="assigned_courses",
        verbose_name=_("formateurs assignés"),
        help_text=_("Seuls ces formateurs peuvent modifier la formation."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("format"),
        FieldPanel("summary"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("prerequisites"),
                FieldPanel("access_conditions"),
                FieldPanel("access_delay"),
            ],
            heading=_("Public et accès"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("hours_centre"),
                FieldPanel("hours_company"),
                FieldPanel("hours_distance"),
                FieldPanel("price"),
                FieldPanel("min_attendance_rate"),
            ],
            heading=_("Durée et prix"),
        ),
        MultiFieldPanel(
            [FieldPanel("gen_label"), FieldPanel("rncp_reference")], heading=_("Label et certification")
        ),
        MultiFieldPanel(
            [
                FieldPanel("accessibility"),
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Accessibilité et contact"),
        ),
        FieldPanel("body"),
        InlinePanel("modules", label=_("Modules")),
        FieldPanel("skills", widget=forms.CheckboxSelectMultiple),
        FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("audience"),
        index.FilterField("format"),
    ]
    base_form_class = CoursePageForm
    api_fields = [
        APIField("format"),
        APIField("summary"),
        APIField("objectives"),
        APIField("audience"),
        APIField("audiences", serializer=serializers.StringRelatedField(many=True)),
        APIField("prerequisites"),
        APIField("access_conditions"),
        APIField("access_delay"),
        APIField("hours_centre"),
        APIField("hours_company"),
        APIField("hours_distance"),
        APIField("price"),
        APIField("gen_label"),
        APIField("rncp_reference"),
        APIField("accessibility"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("skills", serializer=serializers.StringRelatedField(many=True)),
        APIField("modules", serializer=ModuleSerializer(many=True, source="api_modules")),
        APIField("next_cohorts", serializer=NextCohortSerializer(many=True, source="api_next_cohorts")),
    ]
    parent_page_types = ["courses.CatalogPage"]
    subpage_types = ["learning.ModulePage"]

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")

    @property
    def total_hours(self) -> int:
        return self.hours_centre + self.hours_company + self.hours_distance

    def permissions_for_user(self, user):
        # Trainers edit only the courses they are assigned to (rule in lms.access).
        from .permissions import CoursePagePermissionTester

        return CoursePagePermissionTester(user, self)

    @property
    def api_next_cohorts(self):
        # The catalogue and the API prefetch them as `next_cohorts`; a detail view asks here.
        if hasattr(self, "next_cohorts"):
            return self.next_cohorts
        from .selectors import upcoming_cohorts

        return upcoming_cohorts(course=self)

    @property
    def api_modules(self):
        return [
            {"title": m.title, "hours": m.hours, "skills": [s.name for s in m.skills.all()]}
            for m in self.modules.prefetch_related("skills")
        ]

    @property
    def hours_breakdown(self) -> list[str]:
        """Only the places that count, e.g. ["14 h en centre"] rather than three figures with zeros."""
        parts = [
            (self.hours_centre, _("%(h)s h en centre")),
            (self.hours_company, _("%(h)s h en entreprise")),
            (self.hours_distance, _("%(h)s h à distance")),
        ]
        return [str(label) % {"h": hours} for hours, label in parts if hours]

    @property
    def is_free(self) -> bool:
        return not self.price

    def serve(self, request, *args, **kwargs):
        from .caching import serve_cached

        return serve_cached(request, lambda: super(CoursePage, self).serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self))
        return context


class CourseModule(Orderable, ClusterableModel):
    # Clusterable: its skills (a ParentalManyToManyField) are kept in page revisions.
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("titre"), max_length=200)
    hours = models.PositiveIntegerField(_("heures"), default=0)
    description = models.TextField(_("description"), blank=True)
    skills = ParentalManyToManyField(Skill, blank=True, verbose_name=_("compétences"))

    panels = [
        FieldPanel("title"),
        FieldPanel("hours"),
        FieldPanel("description"),
        FieldPanel("skills", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self):
        return self.title


class Cohort(ClusterableModel):
    """One dated run of a course with its group of learners (a "session" in French)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        OPEN = "open", _("Inscriptions ouvertes")
        RUNNING = "running", _("En cours")
        CLOSED = "closed", _("Terminée")

    code = models.CharField(_("code"), max_length=30, unique=True, help_text=_("Par exemple AN-2027-03"))
    course = models.ForeignKey(
        CoursePage, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("formation")
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    place = models.CharField(_("lieu"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"), default=12)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.DRAFT)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        limit_choices_to=trainer_choices,
        related_name="cohorts_trained",
        verbose_name=_("formateurs"),
    )
    partner = models.ForeignKey(
        "learners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissioned_cohorts",
        verbose_name=_("partenaire commanditaire"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")
        ordering = ["-start_date", "code"]
        indexes = [models.Index(fields=["status", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
        ]

    def __str__(self):
        return self.code

    @property
    def seats_left(self) -> int:
        """Needs the `seats_taken` annotation from courses.selectors (no query per cohort)."""
        return max(0, self.capacity - getattr(self, "seats_taken", 0))

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La date de fin doit suivre la date de début.")
        if self.pk and self.capacity:
            from learners.models import Enrolment

            taken = self.enrolments.filter(status__in=Enrolment.HOLDS_SEAT).count()
            if self.capacity < taken:
                errors["capacity"] = _(
                    "%(taken)s places sont déjà prises : la capacité ne peut pas descendre à %(capacity)s."
                ) % {"taken": taken, "capacity": self.capacity}
        if errors:
            raise ValidationError(errors)


class Session(models.Model):
    """One dated meeting, at most a half-day: the legal unit of attendance (séance)."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to=trainer_choices,
        related_name="sessions_led",
        verbose_name=_("formateur"),
    )
    module = models.ForeignKey(
        CourseModule, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("module")
    )
    machines = models.ManyToManyField(
        Skill,
        blank=True,
        related_name="sessions",
        verbose_name=_("machines utilisées"),
        limit_choices_to={"is_machine_authorisation": True},
    )
    planned_minutes = models.PositiveSmallIntegerField(_("durée prévue (minutes)"), default=0)
    what_to_bring = models.CharField(_("à apporter"), max_length=200, blank=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("start_time"),
        FieldPanel("end_time"),
        FieldPanel("place"),
        FieldPanel("trainer"),
        FieldPanel("module"),
        FieldPanel("what_to_bring"),
    ]

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["date", "start_time"]), models.Index(fields=["trainer", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="session_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["cohort", "date", "start_time"], name="session_unique_slot_in_cohort"
            ),
        ]

    def __str__(self):
        return f"{self.cohort.code} – {self.date:%d/%m/%Y} {self.start_time:%H:%M}"

    def save(self, *args, **kwargs):
        if not self.planned_minutes and self.start_time and self.end_time:
            self.planned_minutes = self.duration_minutes
        super().save(*args, **kwargs)

    @property
    def duration_minutes(self) -> int:
        start = datetime.combine(self.date, self.start_time)
        end = datetime.combine(self.date, self.end_time)
        return int((end - start).total_seconds() // 60)

    def clean(self):
        errors = {}
        if self.start_time and self.end_time:
            if self.end_time <= self.start_time:
                errors["end_time"] = _("L'heure de fin doit suivre l'heure de début.")
            elif self.date and self.duration_minutes > settings.MAX_SESSION_MINUTES:
                errors["end_time"] = _("Une séance dure au plus une demi-journée (%(max)s minutes).") % {
                    "max": settings.MAX_SESSION_MINUTES
                }
        try:
            cohort = self.cohort
        except Cohort.DoesNotExist:
            cohort = None
        if cohort and self.date and not (cohort.start_date <= self.date <= cohort.end_date):
            errors["date"] = _("La séance doit avoir lieu entre le %(start)s et le %(end)s.") % {
                "start": f"{cohort.start_date:%d/%m/%Y}",
                "end": f"{cohort.end_date:%d/%m/%Y}",
            }
        if not errors and self.trainer_id and self.date and self.start_time and self.end_time:
            clash = (
                Session.objects.filter(
                    trainer_id=self.trainer_id,
                    date=self.date,
                    start_time__lt=self.end_time,
                    end_time__gt=self.start_time,
                )
                .exclude(pk=self.pk)
                .select_related("cohort")
                .first()
            )
            if clash:
                errors["trainer"] = _("Ce formateur anime déjà une séance à ce moment-là (%(session)s).") % {
                    "session": clash
                }
        if errors:
            raise ValidationError(errors)
