"""Admin menu and URLs for outcomes follow-up and the funder report (lms.reporting views)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.access import is_coordinator
from lms.reporting import views as reporting_views

from . import views_admin


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


def _coordinators_only(view):
    """Same rule as the selectors: a non-coordinator gets a 404, not a hint."""
    from django.http import Http404

    def wrapped(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@hooks.register("register_admin_urls")
def register_admin_urls():
    c = _coordinators_only
    return [
        path("suivi/", c(views_admin.follow_up), name="outcomes_follow_up"),
        path(
            "suivi/inscription/<int:enrolment_id>/",
            c(views_admin.enrolment_outcomes),
            name="outcomes_enrolment",
        ),
        path("suivi/session/<int:cohort_id>/", c(views_admin.cohort_grid), name="outcomes_cohort_grid"),
        path("suivi/import/", c(views_admin.import_outcomes), name="outcomes_import"),
        path(
            "suivi/import/confirmer/", c(views_admin.import_outcomes_confirm), name="outcomes_import_confirm"
        ),
        path("rapports/gen/", c(reporting_views.gen_report), name="reporting_gen"),
        path("rapports/gen/export/", c(reporting_views.gen_export), name="reporting_gen_export"),
        path("rapports/produits/<uuid:run_id>/", c(reporting_views.run_detail), name="reporting_run"),
        path(
            "rapports/produits/<uuid:run_id>/fichier/",
            c(reporting_views.run_download),
            name="reporting_run_download",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_follow_up_menu():
    return CoordinatorMenuItem(
        _("Suivi des sorties"), reverse("outcomes_follow_up"), icon_name="tasks", order=420
    )


@hooks.register("register_admin_menu_item")
def register_report_menu():
    return CoordinatorMenuItem(_("Rapport GEN"), reverse("reporting_gen"), icon_name="table", order=430)
