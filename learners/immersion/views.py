"""Tutor pages (/tuteur/<link>/<secret>/): no account, one placement, easy French.

An unknown, tampered, expired or revoked link shows the same page (410) with no detail, so that
a link never tells anything about other placements or learners.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import services
from .forms import EvaluationForm
from .models import EvaluationKind, PlacementEvaluation


def _link_or_gone(request, link_id, token):
    link = services.resolve_tutor_link(link_id=link_id, token=token)
    if link is None:
        return None, render(request, "immersion/link_invalid.html", status=410)
    return link, None


def _no_referrer(response):
    # The secret is in the URL: never pass it on to another site. ("no-referrer" would make the
    # browser send "Origin: null" with the form, which the CSRF check rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET"])
def home(request, link_id, token):
    link, gone = _link_or_gone(request, link_id, token)
    if gone:
        return _no_referrer(gone)
    placement = link.placement
    done = {ev.kind: ev for ev in PlacementEvaluation.objects.filter(placement=placement)}
    kinds = [{"kind": k, "label": label, "done": done.get(k)} for k, label in EvaluationKind.choices]
    return _no_referrer(
        render(
            request,
            "immersion/tutor_home.html",
            {
                "link": link,
                "token": token,
                "placement": placement,
                "learner": placement.enrolment.learner,
                "kinds": kinds,
            },
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def evaluate(request, link_id, token, kind):
    link, gone = _link_or_gone(request, link_id, token)
    if gone:
        return _no_referrer(gone)
    if kind not in EvaluationKind.values:
        return _no_referrer(render(request, "immersion/link_invalid.html", status=410))
    placement = link.placement
    if PlacementEvaluation.objects.filter(placement=placement, kind=kind).exists():
        messages.info(request, _("Cette évaluation est déjà envoyée. Merci !"))
        return redirect("tutor:home", link_id=link.pk, token=token)
    skills = list(placement.skills.order_by("name"))
    form = EvaluationForm(
        request.POST or None,
        skills=skills,
        initial={"tutor_name": str(placement.tutor.first_name + " " + placement.tutor.last_name)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_evaluation(
                link=link,
                kind=kind,
                tutor_name=form.cleaned_data["tutor_name"],
                punctuality=form.cleaned_data["punctuality"],
                teamwork=form.cleaned_data["teamwork"],
                comments=form.cleaned_data["comments"],
                skill_levels=form.skill_levels(),
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Merci ! Votre évaluation est bien envoyée."))
            return redirect("tutor:home", link_id=link.pk, token=token)
    return _no_referrer(
        render(
            request,
            "immersion/tutor_evaluate.html",
            {
                "link": link,
                "token": token,
                "placement": placement,
                "learner": placement.enrolment.learner,
                "form": form,
                "kind_label": EvaluationKind(kind).label,
            },
        )
    )
