"""Wagtail admin for what cuts across apps: learners' accounts and codes, background jobs."""

from functools import wraps

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from learners.models import Learner

from . import views_admin
from .access import is_coordinator, learners_visible_to
from .models import Job


class JobViewSet(ModelViewSet):
    """Background jobs as coordinators see them: what ran, for whom, how it ended."""

    model = Job
    icon = "cogs"
    menu_label = _("Tâches de fond")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["label", "handler", "status", "percent", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "queue"]
    search_fields = ["label", "handler"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["label"]
    ordering = ["-created_at"]


class LearnerPermissionPolicy(ModelPermissionPolicy):
    """Adding and deleting a learner is the coordinators' job; trainers may view and correct."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete") and not is_coordinator(user):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


# Registered before the viewset so that every admin view of learners asks this policy.
register_permission_policy(Learner, LearnerPermissionPolicy(Learner))


def _learner_in_reach(view):
    """Every view about one learner (edit, inspect, history, usage…): 404 outside the user's reach."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and not learners_visible_to(request.user, Learner.objects.filter(pk=pk)).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _shown_birth_date(learner):
    """After an erasure only the year is true (the day is coarsened to keep the report's age
    bands): showing 01/01/1975 would pass it off as a real date."""
    from django.utils.formats import date_format

    from learners.privacy.models import RetentionPhase

    if learner.birth_date is None:
        return ""
    state = getattr(learner, "retention", None)  # no row: the active base
    if state is not None and state.phase in (RetentionPhase.ERASED, RetentionPhase.ANONYMISED):
        return _("%(year)s (année seulement)") % {"year": learner.birth_date.year}
    return date_format(learner.birth_date, "SHORT_DATE_FORMAT")


class LearnerViewSet(ModelViewSet):
    """Coordinators manage learners' identity here and print one-time login codes; a trainer
    sees only the learners of the cohorts they run."""

    model = Learner
    icon = "user"
    menu_label = _("Stagiaires")
    menu_order = 150
    add_to_admin_menu = True
    list_display = [
        "last_name",
        "first_name",
        Column("birth_date", label=_("Date de naissance"), accessor=_shown_birth_date),
        "email",
        # A tick or a cross: the raw user id said nothing to a coordinator.
        BooleanColumn("has_account", label=_("Compte"), accessor=lambda learner: learner.user_id is not None),
    ]
    search_fields = ["last_name", "first_name", "email"]
    list_filter = ["enrolments__cohort__course", "enrolments__status"]
    form_fields = ["last_name", "first_name", "birth_date", "email", "phone", "postal_code"]
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["last_name", "first_name"]

    def get_queryset(self, request):
        return learners_visible_to(
            request.user, Learner.objects.select_related("user", "retention").distinct()
        )

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = _learner_in_reach(pattern.callback)
        return patterns

    @property
    def index_view_class(self):
        base = super().index_view_class

        class LearnerIndexView(base):
            def get_list_more_buttons(self, instance):
                buttons = super().get_list_more_buttons(instance)
                buttons.append(
                    ListingButton(
                        _("Code de connexion"),
                        url=reverse("lms_admin_learner_login_code", args=[instance.pk]),
                        icon_name="key",
                        priority=5,
                    )
                )
                if is_coordinator(self.request.user):
                    buttons.append(
                        ListingButton(
                            _("Données personnelles"),
                            url=reverse("privacy_learner", args=[instance.pk]),
                            icon_name="lock",
                            priority=6,
                        )
                    )
                return buttons

        return LearnerIndexView


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [JobViewSet("jobs"), LearnerViewSet("learners")]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "stagiaires/<int:learner_id>/code/",
            views_admin.learner_login_code,
            name="lms_admin_learner_login_code",
        ),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def register_rq_dashboard():
    return CoordinatorMenuItem(_("Files RQ"), "/taches/rq/", icon_name="resubmit", order=910)


@hooks.register("construct_reports_menu")
def hide_site_history_from_trainers(request, menu_items):
    # The site history lists every learner and enrolment edit of the whole site (and exports
    # it): only coordinators follow that; trainers see the history of their own cohorts' files.
    if not is_coordinator(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]
