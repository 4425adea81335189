"""Partner portal (/partenaires/): a partner's own learners, hosted cohorts and group imports.

HTTP only: reads come from learners.intake.portal / selectors (scoped, 404 outside the partner),
writes from learners.intake.services.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.pdf import render_pdf

from .intake import portal, selectors
from .intake import services as intake
from .intake.forms import ImportUploadForm
from .intake.views_common import code_sheet_response


def partner_required(view):
    """Logged-in partner staff only; anyone else gets a 404 (nothing to see here)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.partner = portal.partner_for(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@partner_required
def partner_learner_list(request):
    return render(
        request,
        "learners/partners/learner_list.html",
        portal.partner_enrolments(user=request.user, params=request.GET),
    )


@require_GET
@partner_required
def learner_detail(request, ref):
    return render(
        request,
        "learners/partners/learner_detail.html",
        portal.partner_learner(user=request.user, learner_ref=ref),
    )


@require_GET
@partner_required
def hours_pdf(request, ref, code):
    """Statement of hours of one of the partner's learners over their cohort (evidence)."""
    from .selectors.hours import hours_statement

    enrolment = portal.partner_enrolment(user=request.user, learner_ref=ref, cohort_code=code)
    _need_template("pdf/attendance_hours.html")
    context = hours_statement(
        enrolment=enrolment, date_from=enrolment.cohort.start_date, date_to=enrolment.cohort.end_date
    )
    context.update(organisation_name=settings.ORGANISATION_NAME, printed_at=timezone.now())
    return _pdf_response(
        render_pdf("pdf/attendance_hours.html", context),
        f"heures-{enrolment.cohort.code}-{enrolment.learner.pseudonym}.pdf",
    )


@require_GET
@partner_required
def cohort_list(request):
    return render(request, "learners/partners/cohort_list.html", portal.hosted_cohorts(user=request.user))


@require_GET
@partner_required
def sheet_pdf(request, session_id):
    """The attendance sheet of a session of a cohort this partner commissioned."""
    from .selectors.trainer import session_sheet

    session = portal.hosted_session(user=request.user, session_id=session_id)
    _need_template("pdf/attendance_sheet.html")
    context = session_sheet(session=session)
    context.update(organisation_name=settings.ORGANISATION_NAME, printed_at=timezone.now())
    return _pdf_response(
        render_pdf("pdf/attendance_sheet.html", context),
        f"emargement-{session.cohort.code}-{session.date:%Y%m%d}-{session.start_time:%H%M}.pdf",
    )


def _need_template(name):
    # The attendance PDFs ship with the attendance pages; until then the link is simply absent.
    try:
        get_template(name)
    except TemplateDoesNotExist:
        raise Http404 from None


# Group enrolment -------------------------------------------------------------------------------


@require_GET
@partner_required
def import_list(request):
    imports = selectors.imports_visible_to(request.user)[:50]
    return render(
        request, "learners/partners/import_list.html", {"imports": imports, "partner": request.partner}
    )


@partner_required
def import_new(request):
    bound = request.method == "POST"
    form = ImportUploadForm(
        request.POST if bound else None, request.FILES if bound else None, user=request.user
    )
    if bound and form.is_valid():
        try:
            group_import = intake.upload_import(
                user=request.user,
                cohort=form.cleaned_data["cohort"],
                partner=request.partner,
                upload=form.cleaned_data["file"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [_("Action impossible.")])))
        else:
            return redirect("partners:import_detail", pk=group_import.pk)
    return render(
        request,
        "learners/partners/import_new.html",
        {"form": form, "partner": request.partner, "cohorts": form.fields["cohort"].queryset},
    )


@require_GET
@partner_required
def import_detail(request, pk):
    group_import = selectors.import_for(request.user, pk)
    context = {"imp": group_import, "partner": request.partner}
    if group_import.status == group_import.Status.DONE:
        context["results"] = selectors.import_results(group_import)
    return render(request, "learners/partners/import_detail.html", context)


@require_POST
@partner_required
def import_confirm(request, pk):
    group_import = selectors.import_for(request.user, pk)
    try:
        group_import = intake.confirm_import(group_import=group_import, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if group_import.status == group_import.Status.DONE:
            messages.success(
                request,
                _("%(count)s personnes sont inscrites à la session %(code)s.")
                % {"count": group_import.enrolled, "code": group_import.cohort.code},
            )
        elif group_import.status == group_import.Status.FAILED:
            messages.error(request, group_import.message)
    return redirect("partners:import_detail", pk=group_import.pk)


@require_POST
@partner_required
def import_cancel(request, pk):
    group_import = selectors.import_for(request.user, pk)
    try:
        intake.cancel_import(group_import=group_import, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Import abandonné : personne n'a été inscrit."))
    return redirect("partners:import_list")


@require_POST
@partner_required
def import_codes(request, pk):
    """Print the login-code sheet (new codes each time: POST, since it changes the codes)."""
    group_import = selectors.import_for(request.user, pk)
    return code_sheet_response(request, group_import, detail_url_name="partners:import_detail")


@require_GET
@partner_required
def import_template(request):
    """An empty file with the right columns, in the encoding French Excel opens."""
    from .intake.imports import COLUMNS

    header = ";".join(c.key for c in COLUMNS) + "\r\n"
    response = HttpResponse(("\ufeff" + header).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-inscriptions.csv"'
    return response
