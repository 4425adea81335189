"""Wagtail admin for host companies, tutors and placements (coordinators; trainers read companies)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from learners.models import HostCompany, Placement, Tutor

from .selectors import companies_with_placements


class CompanyIndexView(generic.IndexView):
    def get_base_queryset(self):
        return companies_with_placements()


class CompanyViewSet(ModelViewSet):
    model = HostCompany
    icon = "site"
    menu_label = gettext_lazy("Entreprises d'accueil")
    index_view_class = CompanyIndexView
    copy_view_enabled = False
    list_display = [
        "name",
        "sector",
        "city",
        Column("placements_current", label=gettext_lazy("Immersions en cours")),
        Column("placements_total", label=gettext_lazy("Immersions (toutes)")),
    ]
    search_fields = ["name", "sector", "city", "siret"]
    search_backend_name = None
    list_filter = ["sector", "city"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("siret"), FieldPanel("sector")]),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    ]


class TutorViewSet(ModelViewSet):
    model = Tutor
    icon = "user"
    menu_label = gettext_lazy("Tuteurs")
    copy_view_enabled = False
    list_display = ["last_name", "first_name", "company", "role", "email", "phone"]
    search_fields = ["last_name", "first_name", "email"]
    search_backend_name = None
    list_filter = ["company"]
    form_fields = ["company", "last_name", "first_name", "role", "email", "phone"]


class PlacementIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Placement.objects.select_related("enrolment__learner", "enrolment__cohort", "company", "tutor")

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.insert(
            0,
            ListingButton(
                _("Suivi, convention et évaluations"),
                url=reverse("immersion_admin_placement", args=[instance.pk]),
                icon_name="tasks",
                priority=1,
            ),
        )
        return buttons


def _learner(placement):
    return placement.enrolment.learner


class PlacementViewSet(ModelViewSet):
    """Agreement data only: its status changes through the follow-up page (services.py rules)."""

    model = Placement
    icon = "tasks"
    menu_label = gettext_lazy("Immersions")
    index_view_class = PlacementIndexView
    copy_view_enabled = False
    list_display = [
        Column("learner", label=gettext_lazy("Stagiaire"), accessor=_learner),
        "company",
        "start_date",
        "end_date",
        "status",
    ]
    list_filter = ["status", "company"]
    search_fields = ["enrolment__learner__last_name", "company__name"]
    search_backend_name = None
    panels = [
        MultiFieldPanel(
            [FieldPanel("enrolment"), FieldRowPanel([FieldPanel("company"), FieldPanel("tutor")])],
            heading=gettext_lazy("Les trois parties"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("weekly_hours")]),
                FieldPanel("schedule"),
                FieldPanel("place"),
            ],
            heading=gettext_lazy("Dates et horaires"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("objectives"),
                FieldPanel("skills"),
                FieldPanel("tasks"),
                FieldPanel("evaluation_method"),
            ],
            heading=gettext_lazy("Contenu"),
        ),
        FieldPanel("agreement_file"),
    ]

    def get_edit_handler(self):
        from wagtail.admin.panels import ObjectList

        from .forms_admin import PlacementAdminForm

        return ObjectList(self.panels, base_form_class=PlacementAdminForm).bind_to_model(self.model)


class ImmersionGroup(ViewSetGroup):
    menu_label = gettext_lazy("Immersions")
    menu_icon = "site"
    menu_order = 320
    items = (
        CompanyViewSet("immersion_company"),
        TutorViewSet("immersion_tutor"),
        PlacementViewSet("immersion_placement"),
    )
