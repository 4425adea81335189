"""Coordinators' follow-up of one placement: agreement status, tutor links, evaluations, hours.

Thin: each POST names an action that maps to one service; errors come back as messages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from learners.models import Placement
from lms.pdf import render_pdf

from . import selectors, services
from .forms_admin import BreakOffForm, CompanyHoursForm, TutorLinkForm
from .models import PlacementEvaluation, TutorLink


def _placement(pk):
    return get_object_or_404(
        Placement.objects.select_related(
            "enrolment__learner", "enrolment__cohort__course", "company", "tutor"
        ),
        pk=pk,
    )


def placement_detail(request, pk):
    placement = _placement(pk)
    if request.method == "POST":
        _act(request, placement)
        return redirect("immersion_admin_placement", pk=placement.pk)
    new_link = request.session.pop(f"tutor_link_{placement.pk}", None)
    return render(
        request,
        "immersion/admin/placement.html",
        {
            "placement": placement,
            "events": placement.events.select_related("by").order_by("at"),
            "links": placement.tutor_links.order_by("-created_at"),
            "evaluations": PlacementEvaluation.objects.filter(placement=placement).prefetch_related(
                "skill_levels__skill"
            ),
            "weeks": selectors.weeks_of(placement),
            "break_form": BreakOffForm(),
            "link_form": TutorLinkForm(),
            "hours_form": CompanyHoursForm(),
            "new_link": new_link,
            "parties": services.PARTY_LABELS,
            "signatures": {party: getattr(placement, field) for party, field in services.PARTIES.items()},
        },
    )


def _act(request, placement):
    action = request.POST.get("action", "")
    user = request.user
    try:
        if action == "send":
            services.send_agreement(placement=placement, by=user)
        elif action == "draft":
            services.back_to_draft(placement=placement, by=user, reason=request.POST.get("reason", ""))
        elif action.startswith("sign_"):
            services.record_signature(placement=placement, party=action.removeprefix("sign_"), by=user)
        elif action == "start":
            services.start_placement(placement=placement, by=user)
        elif action == "end":
            services.end_placement(placement=placement, by=user)
        elif action == "break":
            form = BreakOffForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Indiquez le motif de l'interruption."))
            services.break_off_placement(placement=placement, by=user, reason=form.cleaned_data["reason"])
        elif action == "link":
            form = TutorLinkForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Durée du lien : entre 1 et 400 jours."))
            link, token = services.create_tutor_link(
                placement=placement, by=user, days=form.cleaned_data["days"]
            )
            # Shown once on the next page; only its hash is stored.
            request.session[f"tutor_link_{placement.pk}"] = request.build_absolute_uri(
                services.tutor_link_path(link, token)
            )
        elif action == "revoke":
            link = get_object_or_404(TutorLink, pk=request.POST.get("link"), placement=placement)
            services.revoke_tutor_link(link=link, by=user)
        elif action == "validate":
            evaluation = get_object_or_404(
                PlacementEvaluation, pk=request.POST.get("evaluation"), placement=placement
            )
            created = services.validate_skills_from_evaluation(evaluation=evaluation, by=user)
            messages.success(request, _("%(n)s compétence(s) validée(s).") % {"n": len(created)})
            return
        elif action == "hours":
            form = CompanyHoursForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.record_company_hours(
                placement=placement,
                week_start=form.cleaned_data["week_start"],
                hours=form.cleaned_data["hours"],
                comment=form.cleaned_data["comment"],
                by=user,
            )
        else:
            raise ValidationError(_("Action inconnue."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("C'est enregistré."))


def agreement_pdf(request, pk):
    """The three-party agreement generated from the placement's data, to print and sign."""
    from django.conf import settings

    placement = _placement(pk)
    pdf = render_pdf(
        "pdf/placement_agreement.html",
        {
            "placement": placement,
            "learner": placement.enrolment.learner,
            "cohort": placement.enrolment.cohort,
            "skills": placement.skills.order_by("name"),
            "organisation_name": settings.ORGANISATION_NAME,
            "printed_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convention-immersion-{placement.pk}.pdf"'
    return response


def companies(request):
    search = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "immersion/admin/companies.html",
        {"companies": companies_list(search), "q": search, "today": timezone.localdate()},
    )


def companies_list(search):
    return selectors.companies_with_placements(search=search)
