"""Coordinator pages in the Wagtail admin: a learner's personal data, consents and erasure."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from learners.models import Learner
from lms.access import is_coordinator
from lms.pdf import render_pdf

from . import audit, selectors, services
from .forms import ConfirmErasureForm, ConsentForm, ErasureRequestForm, SensitiveFieldsForm
from .models import ErasureRequest


def _coordinator_learner(request, learner_id) -> Learner:
    # Sensitive data: anyone but a coordinator is told the page does not exist.
    if not is_coordinator(request.user):
        raise Http404
    return get_object_or_404(Learner, pk=learner_id)


def _page_url(learner) -> str:
    return reverse("privacy_learner", args=[learner.pk])


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@never_cache
def learner_page(request, learner_id):
    learner = _coordinator_learner(request, learner_id)
    context = selectors.privacy_page(learner)
    profile = context["profile"]
    if profile is not None:
        # Looking at RQTH or RSA is itself recorded (who, when; never the value).
        audit.record(profile, audit.SENSITIVE_VIEW, user=request.user, title=audit.learner_title(learner))
        initial = {
            "rqth": {True: "oui", False: "non"}.get(profile.rqth, ""),
            "rsa": {True: "oui", False: "non"}.get(profile.rsa, ""),
        }
        context["sensitive_form"] = SensitiveFieldsForm(initial=initial)
    context["erasure_form"] = ErasureRequestForm(initial={"received_on": timezone.localdate()})
    context["page_title"] = _("Données personnelles de %(name)s") % {"name": learner.full_name}
    return render(request, "privacy/admin/learner.html", context)


@require_POST
def sensitive_fields(request, learner_id):
    learner = _coordinator_learner(request, learner_id)
    form = SensitiveFieldsForm(request.POST)
    if form.is_valid():
        try:
            services.set_sensitive_fields(learner=learner, by=request.user, **form.values())
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Données sensibles enregistrées."))
    else:
        messages.error(request, _("Valeur invalide."))
    return redirect(_page_url(learner))


@require_POST
def consent(request, learner_id):
    learner = _coordinator_learner(request, learner_id)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choix invalide."))
        return redirect(_page_url(learner))
    purpose = form.cleaned_data["purpose"]
    if form.cleaned_data["action"] == "donner":
        services.give_consent(learner=learner, purpose=purpose, by=request.user)
        messages.success(request, _("Consentement enregistré."))
    else:
        services.withdraw_consent(learner=learner, purpose=purpose, by=request.user)
        messages.success(request, _("Consentement retiré : les données concernées sont effacées."))
    return redirect(_page_url(learner))


@never_cache
def export(request, learner_id, file_format):
    """A coordinator answers a request made by letter: the same export the learner gets."""
    learner = _coordinator_learner(request, learner_id)
    if file_format not in ("json", "pdf"):
        raise Http404
    data = selectors.personal_data(learner)
    audit.record(
        learner,
        audit.EXPORT_BY_STAFF,
        user=request.user,
        data={"format": file_format},
        title=audit.learner_title(learner),
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    if file_format == "pdf":
        content = render_pdf(
            "privacy/my_data.html",
            {
                "sections": selectors.pdf_sections(data),
                "name": learner.full_name,
                "exported_at": timezone.localtime(),
                "organisation_name": settings.ORGANISATION_NAME,
            },
        )
        response = HttpResponse(content, content_type="application/pdf")
    else:
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"donnees-{learner.pseudonym}-{stamp}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def erasure_request(request, learner_id):
    learner = _coordinator_learner(request, learner_id)
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_page_url(learner))
    try:
        erasure = services.record_erasure_request(learner=learner, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_page_url(learner))
    return redirect("privacy_erasure", erasure.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def erasure_confirm(request, pk):
    if not is_coordinator(request.user):
        raise Http404
    erasure = get_object_or_404(ErasureRequest.objects.select_related("learner"), pk=pk)
    form = ConfirmErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and erasure.status == ErasureRequest.Status.PENDING:
        if "annuler" in request.POST:
            services.cancel_erasure_request(request=erasure, by=request.user)
            messages.success(request, _("Demande annulée : rien n'a été effacé."))
            # The file may be gone since (a candidate deleted by the retention run).
            if erasure.learner is None:
                return redirect("privacy_erasures")
            return redirect(_page_url(erasure.learner))
        if form.is_valid():
            try:
                erasure = services.carry_out_erasure(request=erasure, by=request.user)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Effacement fait."))
                return redirect("privacy_erasure", erasure.pk)
    plan = None
    if erasure.status == ErasureRequest.Status.PENDING and erasure.learner is not None:
        plan = services.erasure_plan(erasure.learner)
    return render(
        request,
        "privacy/admin/erasure.html",
        {"erasure": erasure, "plan": plan, "form": form, "page_title": _("Demande d'effacement")},
    )


@never_cache
def erasure_list(request):
    if not is_coordinator(request.user):
        raise Http404
    requests = ErasureRequest.objects.select_related("learner", "recorded_by", "done_by").order_by(
        "status", "-recorded_at"
    )[:200]
    return render(
        request,
        "privacy/admin/erasure_list.html",
        {"requests": requests, "page_title": _("Demandes d'effacement")},
    )
