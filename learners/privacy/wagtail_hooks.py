"""Wagtail admin: audit-log actions, the learner's personal-data page, erasure requests,
and the cohort funding that sets legal holds."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from lms.access import is_coordinator

from . import audit, views_admin
from .models import CohortFunding


@hooks.register("register_log_actions")
def register_log_actions(actions):
    audit.register(actions)


class CohortFundingViewSet(ModelViewSet):
    model = CohortFunding
    icon = "date"
    menu_label = _("Financements (conservation)")
    add_to_settings_menu = True
    list_display = ["cohort", "eu_funds", "last_payment_on"]
    form_fields = ["cohort", "eu_funds", "last_payment_on"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [CohortFundingViewSet("cohort_funding")]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("stagiaires/<int:learner_id>/donnees/", views_admin.learner_page, name="privacy_learner"),
        path(
            "stagiaires/<int:learner_id>/donnees/sensibles/",
            views_admin.sensitive_fields,
            name="privacy_sensitive",
        ),
        path("stagiaires/<int:learner_id>/donnees/accord/", views_admin.consent, name="privacy_consent"),
        path(
            "stagiaires/<int:learner_id>/donnees/export.<str:file_format>",
            views_admin.export,
            name="privacy_export",
        ),
        path(
            "stagiaires/<int:learner_id>/donnees/effacement/",
            views_admin.erasure_request,
            name="privacy_erasure_request",
        ),
        path("effacements/", views_admin.erasure_list, name="privacy_erasures"),
        path("effacements/<uuid:pk>/", views_admin.erasure_confirm, name="privacy_erasure"),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def register_erasures_menu():
    return CoordinatorMenuItem(
        _("Demandes d'effacement"), reverse_lazy("privacy_erasures"), icon_name="bin", order=160
    )
