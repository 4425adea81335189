"""Wagtail admin for skill frameworks, audiences and cohorts with their sessions."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.access import can_manage_cohort, cohorts_managed_by

from .forms import CohortAdminForm, GenerateSessionsForm, SessionFormSet
from .models import Audience, Cohort, CoursePage, Skill, SkillFramework
from .services import generate_sessions

# --- Skill frameworks and audiences (snippets) ---------------------------------------------


class SkillFrameworkViewSet(SnippetViewSet):
    model = SkillFramework
    icon = "list-ul"
    menu_label = gettext_lazy("Référentiels")
    list_display = ["name", "description"]
    search_fields = ["name", "description"]
    search_backend_name = None


class SkillViewSet(SnippetViewSet):
    model = Skill
    icon = "tick-inverse"
    menu_label = gettext_lazy("Compétences")
    list_display = ["name", "code", "block", "is_machine_authorisation", "max_level"]
    list_filter = ["is_machine_authorisation", "max_level", "block"]
    search_fields = ["name", "code", "description"]
    search_backend_name = None

    def get_queryset(self, request):
        return Skill.objects.select_related("block__framework")


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = gettext_lazy("Publics")
    list_display = ["name", "slug", "sort_order"]


# --- Cohorts --------------------------------------------------------------------------------


class SessionInlinePanel(InlinePanel):
    """Sessions inline, validated together so that two sessions of a cohort never overlap."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = SessionFormSet
        return options


class CohortFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("État"),
        choices=Cohort.Status.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("Tous"),
    )
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Formation"), queryset=CoursePage.objects.order_by("title")
    )
    start_date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Début entre"), widget=DateRangePickerWidget
    )
    end_date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Fin entre"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Cohort
        fields = ["status", "course", "start_date", "end_date"]


class AssignedCohortsOnly:
    """Edit and delete: a trainer reaches only the cohorts assigned to them (else 404)."""

    def get_queryset(self):
        return cohorts_managed_by(self.request.user, Cohort.objects.all())


class AssignedCohortObject:
    """History and usage (listings about one cohort): the same rule on the cohort they show."""

    def get_base_object_queryset(self):
        return cohorts_managed_by(self.request.user, Cohort.objects.all())


class CohortIndexView(generic.IndexView):
    def get_base_queryset(self):
        return cohorts_managed_by(
            self.request.user,
            Cohort.objects.select_related("course").annotate(session_count=Count("sessions")),
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Générer des séances"),
                url=reverse("cohort:generate", args=[instance.pk]),
                icon_name="date",
                priority=15,
            )
        )
        return buttons


class CohortEditView(AssignedCohortsOnly, generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.insert(
            0,
            Button(
                _("Générer des séances"),
                url=reverse("cohort:generate", args=[self.object.pk]),
                icon_name="date",
                priority=5,
            ),
        )
        return buttons


class CohortDeleteView(AssignedCohortsOnly, generic.DeleteView):
    def delete_action(self):
        try:
            with transaction.atomic():
                super().delete_action()
        except ProtectedError as exc:
            raise CohortInUse from exc

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except CohortInUse:
            # Enrolments are the learners' history: a cohort with learners is closed, not deleted.
            messages.error(
                self.request,
                _(
                    "La session %(code)s a des stagiaires inscrits : elle ne peut pas être supprimée. "
                    "Passez-la à l'état « Terminée » pour la retirer du catalogue."
                )
                % {"code": self.object.code},
            )
            return redirect("cohort:edit", self.object.pk)


class CohortInUse(Exception):
    pass


class CohortHistoryView(AssignedCohortObject, HistoryView):
    pass


class CohortUsageView(AssignedCohortObject, UsageView):
    pass


class GenerateSessionsView(WagtailAdminTemplateMixin, FormView):
    """Form → courses.services.generate_sessions; all sessions are created or none."""

    template_name = "courses/admin/generate_sessions.html"
    form_class = GenerateSessionsForm
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(
            cohorts_managed_by(request.user, Cohort.objects.select_related("course")), pk=kwargs["pk"]
        )
        if not can_manage_cohort(request.user, self.cohort) or not request.user.has_perm(
            "courses.add_session"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Générer des séances")

    def get_page_subtitle(self):
        return f"{self.cohort.code} – {self.cohort.course.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("cohort:index"), "label": Cohort._meta.verbose_name_plural.capitalize()},
            {"url": reverse("cohort:edit", args=[self.cohort.pk]), "label": self.cohort.code},
            {"url": "", "label": _("Générer des séances")},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.cohort}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=_("Générer les séances"),
            submit_button_active_label=_("Génération…"),
            cohort=self.cohort,
            media=context["form"].media,
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            created = generate_sessions(
                cohort=self.cohort,
                weekdays=data["weekdays"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                from_date=data["from_date"],
                count=data["count"],
                until=data["until"],
                skip_dates=data["skip_dates"],
                trainer=data["trainer"],
                place=data["place"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        if not created:
            form.add_error(None, _("Aucune séance créée : toutes ces dates sont déjà prévues ou exclues."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(count)s séances créées pour %(code)s, du %(first)s au %(last)s.")
            % {
                "count": len(created),
                "code": self.cohort.code,
                "first": f"{created[0].date:%d/%m/%Y}",
                "last": f"{created[-1].date:%d/%m/%Y}",
            },
        )
        return redirect("cohort:edit", self.cohort.pk)


def _course_title(cohort):
    return cohort.course.title


# Plain dates: Wagtail's DateColumn shows "x minutes ago", meaningless for a future start.
def _start(cohort):
    return date_format(cohort.start_date, "d/m/Y")


def _end(cohort):
    return date_format(cohort.end_date, "d/m/Y")


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "date"
    menu_label = gettext_lazy("Sessions de formation")
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = CohortIndexView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    history_view_class = CohortHistoryView
    usage_view_class = CohortUsageView
    filterset_class = CohortFilterSet
    search_fields = ["code", "place", "course__title"]
    search_backend_name = None
    ordering = ["-start_date", "code"]
    list_display = [
        "code",
        Column("course", label=gettext_lazy("Formation"), accessor=_course_title),
        Column("start_date", label=gettext_lazy("Début"), accessor=_start, sort_key="start_date"),
        Column("end_date", label=gettext_lazy("Fin"), accessor=_end, sort_key="end_date"),
        Column("status", label=gettext_lazy("État"), accessor="get_status_display", sort_key="status"),
        Column("capacity", label=gettext_lazy("Places"), sort_key="capacity"),
        Column("session_count", label=gettext_lazy("Séances"), sort_key="session_count"),
    ]
    list_export = ["code", "course", "start_date", "end_date", "place", "capacity", "status"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("code"),
                    # A plain list: a trainer is offered only the courses they edit.
                    FieldPanel("course", widget=forms.Select),
                    FieldPanel("status"),
                ],
                heading=gettext_lazy("Formation"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                    FieldPanel("place"),
                    FieldPanel("capacity"),
                ],
                heading=gettext_lazy("Dates, lieu et places"),
            ),
            FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
            FieldPanel("partner"),
            SessionInlinePanel(
                "sessions",
                heading=gettext_lazy("Séances"),
                label=gettext_lazy("Séance"),
                panels=[
                    FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
                    FieldPanel("trainer"),
                    FieldPanel("place"),
                    FieldPanel("module"),
                    FieldPanel("what_to_bring"),
                ],
            ),
        ],
        base_form_class=CohortAdminForm,
    )

    @property
    def generate_view(self):
        return GenerateSessionsView.as_view()

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("generate/<int:pk>/", self.generate_view, name="generate"),
        ]


class CatalogueAdminGroup(ViewSetGroup):
    menu_label = gettext_lazy("Catalogue")
    menu_icon = "date"
    menu_order = 150
    items = (CohortViewSet("cohort"), SkillFrameworkViewSet, SkillViewSet, AudienceViewSet)
