"""Admin for immersions: companies, tutors, placements, and each placement's follow-up page."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.access import is_coordinator, is_staff_member

from . import views_admin


def _only(check):
    def decorator(view):
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        return wrapped

    return decorator


@hooks.register("register_admin_viewset")
def register_immersion_admin():
    from .viewsets import ImmersionGroup

    return ImmersionGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    coord = _only(is_coordinator)
    staff = _only(is_staff_member)
    return [
        path(
            "immersions/suivi/<int:pk>/",
            coord(views_admin.placement_detail),
            name="immersion_admin_placement",
        ),
        path(
            "immersions/suivi/<int:pk>/convention.pdf",
            coord(views_admin.agreement_pdf),
            name="immersion_admin_pdf",
        ),
        path("immersions/entreprises/", staff(views_admin.companies), name="immersion_admin_companies"),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


@hooks.register("register_admin_menu_item")
def register_companies_menu():
    return StaffMenuItem(
        _("Trouver une entreprise d'accueil"),
        reverse("immersion_admin_companies"),
        icon_name="search",
        order=321,
    )
