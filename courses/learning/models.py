"""Course modules as Wagtail pages (ModulePage under a CoursePage, LessonPage under a module),
and what learners do with them: quiz attempts, lesson completions. Openings say from when a
module is readable by one cohort.

ModulePage *backs* the inline CourseModule rather than replacing it: the inline line stays the
public programme (title, hours, skills, shown in the catalogue and the API, pointed at by
Session.module) while the page holds the learning content. Nothing is migrated away, and the
`creer_pages_modules` command creates the pages of existing inline modules.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from courses.models import SkillLevel
from lms.access import ContentAccess

from .blocks import LessonBlock
from .forms import LessonPageForm, ModulePageForm


class LearningPage(Page):
    """Shared behaviour of module and lesson pages: who may open them, who may edit them."""

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        # Same rule as courses: a trainer edits the content of the courses they run.
        from .permissions import LearningPagePermissionTester

        return LearningPagePermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        from .selectors import readable_page

        # Anyone who may not read it gets 404: no hint that reserved content exists.
        if readable_page(user=request.user, page=self) is None:
            raise Http404
        if request.method == "POST" and hasattr(self, "handle_post"):
            return self.handle_post(request)
        return super().serve(request, *args, **kwargs)


class ModulePage(LearningPage):
    course_module = models.OneToOneField(
        "courses.CourseModule",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="page",
        verbose_name=_("ligne du programme"),
        help_text=_("Le module du programme de la formation que cette page détaille."),
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    access = models.CharField(
        _("qui peut lire"), max_length=10, choices=ContentAccess.choices, default=ContentAccess.LEARNERS
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("course_module"),
        FieldPanel("access"),
        InlinePanel(
            "openings",
            label=_("Ouverture à une session"),
            help_text=_(
                "Sans ouverture, toutes les sessions de la formation lisent le module dès sa "
                "publication. Dès qu'une session est nommée ici, seules les sessions nommées le "
                "lisent, à partir de la date ou de la séance choisie."
            ),
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["learning.LessonPage"]
    base_form_class = ModulePageForm
    template = "learning/module_page.html"

    class Meta:
        verbose_name = _("module (contenu)")
        verbose_name_plural = _("modules (contenu)")

    def get_context(self, request, *args, **kwargs):
        from .selectors import module_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(module_page_context(user=request.user, module=self))
        return context


class ModuleOpening(Orderable):
    """From when one cohort may read a module: a date, or the date of one of its sessions."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="openings")
    cohort = models.ForeignKey(
        "courses.Cohort", on_delete=models.CASCADE, related_name="module_openings", verbose_name=_("session")
    )
    opens_on = models.DateField(_("à partir du"), null=True, blank=True)
    session = models.ForeignKey(
        "courses.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="module_openings",
        verbose_name=_("ou à partir de la séance"),
    )

    panels = [FieldPanel("cohort"), FieldPanel("opens_on"), FieldPanel("session")]

    class Meta(Orderable.Meta):
        verbose_name = _("ouverture du module")
        verbose_name_plural = _("ouvertures du module")
        constraints = [
            models.UniqueConstraint(fields=["page", "cohort"], name="module_opening_one_per_cohort"),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=False) | Q(session__isnull=False),
                name="module_opening_has_date_or_session",
            ),
        ]

    def clean(self):
        if not self.opens_on and not self.session_id:
            raise ValidationError({"opens_on": _("Choisissez une date ou une séance.")})
        if self.session_id and self.cohort_id and self.session.cohort_id != self.cohort_id:
            raise ValidationError({"session": _("Cette séance n'appartient pas à la session choisie.")})

    @property
    def opening_date(self):
        return self.session.date if self.session_id else self.opens_on


class LessonPage(LearningPage):
    summary = models.CharField(_("en une phrase"), max_length=200, blank=True)
    access = models.CharField(
        _("qui peut lire"),
        max_length=10,
        choices=ContentAccess.choices,
        default=ContentAccess.PUBLIC,
        help_text=_("Une leçon n'est jamais plus ouverte que son module : « tout le monde » suit le module."),
    )
    body = StreamField(LessonBlock(), verbose_name=_("contenu"))
    quiz_skill = models.ForeignKey(
        "courses.Skill",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="theory_lessons",
        verbose_name=_("habilitation liée au quiz"),
        help_text=_("Réussir le quiz valide la partie théorique ; le formateur valide ensuite la pratique."),
    )
    quiz_level = models.PositiveSmallIntegerField(
        _("niveau de l'habilitation"), choices=SkillLevel, default=SkillLevel.DISCOVERY
    )
    quiz_pass_mark = models.PositiveSmallIntegerField(
        _("note pour réussir le quiz (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("access"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("quiz_pass_mark"), FieldPanel("quiz_skill"), FieldPanel("quiz_level")],
            heading=_("Quiz"),
        ),
    ]
    parent_page_types = ["learning.ModulePage"]
    subpage_types = []
    base_form_class = LessonPageForm
    template = "learning/lesson_page.html"

    class Meta:
        verbose_name = _("leçon")
        verbose_name_plural = _("leçons")
        constraints = [
            models.CheckConstraint(
                condition=Q(quiz_pass_mark__gte=1) & Q(quiz_pass_mark__lte=100),
                name="lesson_pass_mark_1_to_100",
            ),
            models.CheckConstraint(
                condition=Q(quiz_level__gte=1) & Q(quiz_level__lte=3), name="lesson_quiz_level_1_to_3"
            ),
        ]

    @property
    def quiz(self):
        """The lesson's quiz block value, or None."""
        for block in self.body:
            if block.block_type == "quiz":
                return block.value
        return None

    def handle_post(self, request):
        from .views import lesson_post

        return lesson_post(request, self)

    def get_context(self, request, *args, **kwargs):
        from .selectors import lesson_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            lesson_page_context(user=request.user, lesson=self, attempt_id=request.GET.get("essai"))
        )
        return context


class QuizAttempt(models.Model):
    """One try at a lesson's quiz. Every try is kept; a passed try tied to a skill level is the
    theory part of that machine authorisation."""

    learner = models.ForeignKey("learners.Learner", on_delete=models.CASCADE, related_name="quiz_attempts")
    lesson = models.ForeignKey(
        LessonPage,
        null=True,
        on_delete=models.SET_NULL,
        related_name="quiz_attempts",
        verbose_name=_("leçon"),
    )
    lesson_title = models.CharField(_("leçon"), max_length=255)
    skill = models.ForeignKey(
        "courses.Skill", null=True, blank=True, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    level = models.PositiveSmallIntegerField(_("niveau"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    pass_mark = models.PositiveSmallIntegerField(_("note pour réussir (%)"))
    passed = models.BooleanField(_("réussi"))
    answers = models.JSONField(_("réponses"), default=list)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("essai de quiz")
        verbose_name_plural = _("essais de quiz")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["learner", "lesson"]),
            models.Index(fields=["learner", "skill", "passed"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="quiz_attempt_score_0_to_100"),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1) & Q(pass_mark__lte=100), name="quiz_attempt_pass_mark_1_to_100"
            ),
            models.CheckConstraint(
                condition=Q(skill__isnull=True) | Q(level__gte=1, level__lte=3),
                name="quiz_attempt_skill_has_level",
            ),
        ]

    def __str__(self):
        return f"{self.learner} – {self.lesson_title} : {self.score} %"


class LessonCompletion(models.Model):
    class Via(models.TextChoices):
        MARKED = "marked", _("marquée comme lue")
        QUIZ = "quiz", _("quiz réussi")

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="completions")
    via = models.CharField(_("comment"), max_length=10, choices=Via)
    completed_at = models.DateTimeField(_("terminée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("leçon terminée")
        verbose_name_plural = _("leçons terminées")
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="lesson_completion_once"),
        ]

    def __str__(self):
        return f"{self.learner} – {self.lesson_id}"
