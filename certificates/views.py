"""Public verification and the learner's own downloads. Thin: selectors and services do the work."""

import json
from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from . import badges, selectors, services
from .codes import normalise_code
from .forms import BadgeCheckForm, VerifyForm
from .models import Certificate

RATE_GROUP = "certificate-verify"


def _private(response):
    # Verification pages carry a person's name: never indexed, never sent as a referrer.
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _too_many(request) -> bool:
    return is_ratelimited(
        request, group=RATE_GROUP, key="ip", rate=settings.CERTIFICATE_VERIFY_RATE, increment=False
    )


def _count_miss(request) -> None:
    # Only failed look-ups count: employers scanning real codes are never slowed down,
    # while guessing codes stops after a few tries.
    is_ratelimited(request, group=RATE_GROUP, key="ip", rate=settings.CERTIFICATE_VERIFY_RATE, increment=True)


def _throttled(request):
    return _private(render(request, "certificates/verify_throttled.html", status=429))


@never_cache
@require_http_methods(["GET"])
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if request.GET:
        if _too_many(request):
            return _throttled(request)
        if form.is_valid():
            return redirect("certificates:verify", code=form.cleaned_data["code"])
        _count_miss(request)
    return _private(render(request, "certificates/verify_form.html", {"form": form}))


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, code):
    if _too_many(request):
        return _throttled(request)
    normalised = normalise_code(code)
    certificate = selectors.certificate_for_verification(normalised) if normalised else None
    if certificate is None:
        _count_miss(request)
        context = {"form": VerifyForm(), "malformed": normalised is None}
        return _private(render(request, "certificates/verify_unknown.html", context, status=404))
    if normalised != code:  # typed with dashes or lower case: one canonical address
        return redirect("certificates:verify", code=normalised)
    badge_form, badge_ok = None, None
    if certificate.badge_sha256:
        badge_form = BadgeCheckForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and badge_form.is_valid():
            badge_ok = badges.check_uploaded(
                badge_form.cleaned_data["badge"].read(), expected_sha256=certificate.badge_sha256
            )
    content = certificate.content
    context = {
        "certificate": certificate,
        "c": content,
        "start_date": date.fromisoformat(content["cohort"]["start_date"]),
        "end_date": date.fromisoformat(content["cohort"]["end_date"]),
        "badge_form": badge_form,
        "badge_ok": badge_ok,
    }
    return _private(render(request, "certificates/verify.html", context))


def pdf_not_ready(request, certificate):
    """A revoked document has no PDF to give; a valid one whose PDF could not be made in time
    gets a page that says so and when to retry, not an error."""
    if certificate.status == certificate.Status.REVOKED:
        raise Http404
    # 202, not 503: a document still being made is not a server error (nor an error mail).
    response = render(request, "certificates/pdf_pending.html", status=202)
    response["Retry-After"] = "60"
    return response


@login_required
def learner_pdf(request, code):
    certificate = selectors.learner_certificate(user=request.user, code=code)
    if not services.ensure_pdf(certificate):
        return pdf_not_ready(request, certificate)
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def learner_badge(request, code):
    certificate = selectors.learner_certificate(user=request.user, code=code)
    if not certificate.badge_sha256 or certificate.status != Certificate.Status.VALID:
        raise Http404
    credential = badges.build_credential(certificate.content, site_url=settings.SITE_URL)
    response = HttpResponse(
        json.dumps(credential, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}-open-badge.json"'
    response["X-Robots-Tag"] = "noindex"
    return response
