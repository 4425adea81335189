from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage, is_ratelimited
from wagtail.admin.views.account import LoginView as WagtailLoginView

from .access import Role, is_coordinator, primary_role
from .forms import LoginCodeForm
from .models import Job
from .services import redeem_login_code


@never_cache
def health(request):
    """Liveness for load balancers: database and Redis (when configured) must answer."""
    report = {"database": "ok", "redis": "non configuré"}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        report["database"] = "erreur"
        healthy = False
    if settings.REDIS_URL:
        try:
            import django_rq

            django_rq.get_connection("default").ping()
            report["redis"] = "ok"
        except Exception:
            report["redis"] = "erreur"
            healthy = False
    report["status"] = "ok" if healthy else "erreur"
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_with_code(request):
    form = LoginCodeForm(request.POST or None)
    if request.method == "POST":
        # Counted per address: guessing codes from one place is slowed down to nothing.
        if is_ratelimited(
            request, group="login-code", key="ip", rate=settings.LOGIN_CODE_RATE, increment=True
        ):
            form.add_error(None, _("Trop d'essais. Attendez 10 minutes, puis réessayez."))
            return render(request, "registration/login_code.html", {"form": form}, status=429)
        # A code names no account, so "per account" is the whole site: a ceiling against guessing
        # spread over many addresses (far above a class logging in at once).
        if is_ratelimited(
            request,
            group="login-code-site",
            key=lambda _group, _request: "site",
            rate=settings.LOGIN_CODE_RATE_SITE,
            increment=True,
        ):
            form.add_error(
                None,
                _("Trop d'essais de codes en ce moment sur le site. Attendez 10 minutes, puis réessayez."),
            )
            return render(request, "registration/login_code.html", {"form": form}, status=429)
        if form.is_valid():
            user = redeem_login_code(code=form.cleaned_data["code"])
            if user is not None:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Bonjour ! Vous êtes connecté."))
                return redirect("home_for_role")
            form.add_error(
                "code",
                _(
                    "Ce code ne marche pas. Il est peut-être déjà utilisé ou trop ancien. "
                    "Demandez un nouveau code à votre formateur."
                ),
            )
    return render(request, "registration/login_code.html", {"form": form})


class LoginRateLimitMixin:
    """Password guessing slowed down per address and per account: failed attempts count, and
    once either limit is reached every attempt (even the right password) waits. Successes do
    not count, or a busy coordinator would lock themselves out."""

    def _login_counters(self, increment: bool) -> bool:
        username = (self.request.POST.get("username") or "").strip().lower()[:150]
        limited = False
        for group, key, rate in (
            ("login-ip", "ip", settings.LOGIN_RATE_PER_IP),
            ("login-account", lambda _group, _request: username, settings.LOGIN_RATE_PER_ACCOUNT),
        ):
            usage = get_usage(self.request, group=group, key=key, rate=rate, increment=increment)
            limited |= usage is not None and usage["count"] >= usage["limit"]
        return limited

    def post(self, request, *args, **kwargs):
        if self._login_counters(increment=False):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _(
                    "Trop d'essais de connexion. Attendez 15 minutes, puis réessayez. "
                    "Mot de passe oublié ? Utilisez le lien sous le formulaire."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        self._login_counters(increment=True)
        return super().form_invalid(form)


class RateLimitedLoginView(LoginRateLimitMixin, auth_views.LoginView):
    """The site's login page."""

    redirect_authenticated_user = True


class RateLimitedAdminLoginView(LoginRateLimitMixin, WagtailLoginView):
    """Wagtail's login page (/admin/login/) under the same limits: without them it was a way
    around the site's."""


@login_required
def home_for_role(request):
    """Send each person to their own space after login."""
    role = primary_role(request.user)
    if role == Role.COORDINATOR:
        return redirect("wagtailadmin_home")
    if role == Role.TRAINER:
        # Trainers' day is their sessions; course editing stays one click away in the admin.
        return redirect("trainer:home")
    if role == Role.PARTNER:
        return redirect("partners:learner_list")
    if role == Role.LEARNER:
        return redirect("learner_space:home")
    messages.info(request, _("Votre compte n'a pas encore de rôle. Contactez la coordination."))
    return redirect("/")


@never_cache
@login_required
def job_status(request, job_id):
    """Progress of a background job, for its author or a coordinator (JSON for the bar)."""
    job = get_object_or_404(Job, pk=job_id)
    if job.created_by_id != request.user.pk and not is_coordinator(request.user):
        raise Http404
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.progress_done,
            "total": job.progress_total,
            "percent": job.percent,
            "finished": job.is_finished,
            "error": _("La tâche a échoué. La coordination a été prévenue.") if job.error else "",
            "url": reverse("job_status", args=[job.pk]),
        }
    )


def coordinator_only(view):
    """Wraps third-party staff views (the RQ dashboard): others get a 404, not a hint."""

    def wrapped(request, *args, **kwargs):
        from rq.exceptions import NoSuchJobError

        if not is_coordinator(request.user):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except (NoSuchJobError, ValueError) as exc:
            # django-rq answers an unknown job id or worker key with a 500: it is a 404.
            raise Http404 from exc

    wrapped.__name__ = getattr(view, "__name__", "coordinator_view")
    return wrapped


def coordinators_in_admin(view):
    """A Wagtail admin view for coordinators only: others get the admin's own refusal."""
    from wagtail.admin.auth import permission_denied, require_admin_access

    @never_cache
    @require_admin_access
    def wrapped(request, *args, **kwargs):
        if not is_coordinator(request.user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return wrapped


def debug_media(request, path):
    """Wagtail's images under `runserver` (DEBUG only); a 404 otherwise."""
    from django.views.static import serve

    if not settings.DEBUG:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def accessibility(request):
    """The accessibility statement (RGAA model): compliance, derogations, contact, recourse."""
    return render(
        request,
        "lms/accessibility.html",
        {"contact": settings.ACCESSIBILITY_CONTACT, "site_url": settings.SITE_URL},
    )
