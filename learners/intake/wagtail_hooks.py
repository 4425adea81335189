"""Admin menu and URLs for group enrolment (coordinators only; others get a 404)."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.access import is_coordinator

from . import views_admin


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


def _coordinators_only(view):
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
        path("inscriptions-groupe/", c(views_admin.import_list), name="intake_admin_list"),
        path("inscriptions-groupe/nouvelle/", c(views_admin.import_new), name="intake_admin_new"),
        path("inscriptions-groupe/<uuid:pk>/", c(views_admin.import_detail), name="intake_admin_detail"),
        path(
            "inscriptions-groupe/<uuid:pk>/confirmer/",
            c(views_admin.import_confirm),
            name="intake_admin_confirm",
        ),
        path(
            "inscriptions-groupe/<uuid:pk>/abandonner/",
            c(views_admin.import_cancel),
            name="intake_admin_cancel",
        ),
        path(
            "inscriptions-groupe/<uuid:pk>/codes.pdf", c(views_admin.import_codes), name="intake_admin_codes"
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_menu():
    return CoordinatorMenuItem(
        _("Inscriptions de groupe"), reverse("intake_admin_list"), icon_name="group", order=410
    )
