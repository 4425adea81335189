from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from django_rq.urls import get_admin_urlpatterns, get_api_urlpatterns
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .api import api_router

handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"


def _rq_dashboard_patterns():
    """django-rq's dashboard, every view (its JSON stats too) behind the coordinator check."""
    api = get_api_urlpatterns()
    for pattern in api:
        pattern.callback = views.coordinator_only(pattern.callback)
    return api + get_admin_urlpatterns(view_wrapper=views.coordinator_only)


def _site_history_patterns():
    """Wagtail's site history, shadowed at the same addresses: coordinators only (Wagtail shows
    any user every entry of the models they may edit, so trainers would read all learners')."""
    history = views.coordinators_in_admin
    return [
        path("admin/reports/site-history/", history(LogEntriesView.as_view())),
        path("admin/reports/site-history/results/", history(LogEntriesView.as_view(results_only=True))),
    ]


auth_patterns = [
    path("connexion/", views.RateLimitedLoginView.as_view(), name="login"),
    path("connexion/code/", views.login_with_code, name="login_code"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(
            html_email_template_name=None,
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/fait/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accueil/", views.home_for_role, name="home_for_role"),
]

urlpatterns = [
    path("sante/", views.health, name="health"),
    *auth_patterns,
    path("taches/<uuid:job_id>/", views.job_status, name="job_status"),
    path(
        "taches/rq/",
        include((_rq_dashboard_patterns(), "django_rq")),
    ),
    # Django's admin only backs the RQ dashboard's templates; coordinators alone are staff. Its
    # own login page would be a password form without the site's limits: it sends to the site's.
    path("django-admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("django-admin/", admin.site.urls),
    path("admin/login/", views.RateLimitedAdminLoginView.as_view()),
    *_site_history_patterns(),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("mon-parcours/", include("learners.urls.learner_space")),
    path("partenaires/", include("learners.urls.partners")),
    path("formateur/", include("learners.urls.trainer")),
    path("tuteur/", include("learners.immersion.urls")),
    path("suivi/", include("learners.outcomes.urls")),
    path("", include("certificates.urls")),
    path("", include("courses.urls")),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("", include(wagtail_urls)),
]

# `make run` shows the lessons' images (nginx serves them in production). Only Wagtail's image
# folders: personal files (signatures, agreements, certificates) stay behind Django's checks.
urlpatterns.insert(
    0,
    re_path(
        r"^media/(?P<path>(?:images|original_images)/[^/]+)$",
        views.debug_media,
        name="debug_media_images",
    ),
)

if settings.BENCH_FLOOR_VIEW:
    # The load benchmark's floor (bench/bench_load.py): a template rendered with no query.
    floor = TemplateView.as_view(template_name="lms/bench_floor.html")
    urlpatterns.insert(0, path("banc/plancher/", floor, name="bench_floor"))
