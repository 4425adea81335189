"""Trainer pages (/formateur/): parse, call a service or a selector, render. Anyone who does not
run the cohort gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lms.access import is_staff_member
from lms.pdf import render_pdf

from .. import forms, qr
from ..models import Attendance, SkillValidation
from ..selectors import trainer as sel
from ..selectors.hours import hours_statement
from ..services import attendance as att
from ..services import skills as skill_services


def staff_required(view):
    """Trainers and coordinators only; anyone else gets 404 (no existence leak)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields and field != "__all__" else ""
        for error in errors:
            messages.error(request, f"{label} : {error}" if label else error)


def _session_url(session, anchor=""):
    url = reverse("trainer:session", args=[session.pk])
    return f"{url}#{anchor}" if anchor else url


@staff_required
def home(request):
    return render(request, "learners/trainer/home.html", sel.trainer_home(user=request.user))


@staff_required
def cohort(request, code):
    cohort = sel.cohort_for(user=request.user, code=code)
    return render(request, "learners/trainer/cohort.html", sel.cohort_roster(cohort=cohort))


@never_cache
@staff_required
def session(request, pk):
    session = sel.session_for(user=request.user, session_id=pk)
    context = sel.session_sheet(session=session)
    context.update(
        statuses=Attendance.Status.choices,
        walk_in_form=forms.WalkInForm(),
        is_today=session.date == timezone.localdate(),
    )
    return render(request, "learners/trainer/session.html", context)


@require_POST
@staff_required
def session_mark(request, pk):
    session = sel.session_for(user=request.user, session_id=pk)
    form = forms.MarkForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_session_url(session))
    try:
        mark = att.record_attendance(
            session=session,
            enrolment=form.cleaned_data["enrolment"],
            status=form.cleaned_data["status"],
            minutes=form.cleaned_data["minutes"],
            by=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_session_url(session))
    messages.success(
        request,
        _("%(name)s : %(status)s.")
        % {"name": mark.enrolment.learner.full_name, "status": mark.get_status_display()},
    )
    return redirect(_session_url(session, f"stagiaire-{mark.enrolment_id}"))


@require_POST
@staff_required
def session_sign(request, pk):
    session = sel.session_for(user=request.user, session_id=pk)
    form = forms.SignatureForm(request.POST)
    if not form.is_valid() or not form.cleaned_data.get("enrolment"):
        _form_errors(request, form)
        return redirect(_session_url(session))
    try:
        mark = att.sign_on_device(
            session=session,
            enrolment=form.cleaned_data["enrolment"],
            signature=form.cleaned_data["signature"],
            by=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_session_url(session))
    messages.success(request, _("Merci %(name)s, c'est signé.") % {"name": mark.enrolment.learner.first_name})
    return redirect(_session_url(session, f"stagiaire-{mark.enrolment_id}"))


@require_POST
@staff_required
def session_walk_in(request, pk):
    session = sel.session_for(user=request.user, session_id=pk)
    form = forms.WalkInForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_session_url(session, "sans-inscription"))
    try:
        mark = att.add_walk_in(session=session, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_session_url(session, "sans-inscription"))
    messages.success(
        request,
        _("%(name)s est inscrit(e) et noté(e) présent(e).") % {"name": mark.enrolment.learner.full_name},
    )
    return redirect(_session_url(session, f"stagiaire-{mark.enrolment_id}"))


@require_POST
@staff_required
def session_close(request, pk):
    session = sel.session_for(user=request.user, session_id=pk)
    form = forms.SignatureForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_session_url(session, "cloture"))
    try:
        att.close_sheet(session=session, by=request.user, signature=form.cleaned_data["signature"])
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_session_url(session))
    messages.success(request, _("La feuille est clôturée et signée. Elle ne peut plus être modifiée."))
    return redirect(_session_url(session))


@require_POST
@staff_required
def session_amend(request, pk):
    session = sel.session_for(user=request.user, session_id=pk)
    form = forms.AmendmentForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_session_url(session, "corrections"))
    mark = get_object_or_404(Attendance, pk=form.cleaned_data["attendance"], session=session)
    try:
        att.amend_attendance(
            attendance=mark,
            status=form.cleaned_data["status"],
            minutes=form.cleaned_data["minutes"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_session_url(session, f"stagiaire-{mark.enrolment_id}"))
    messages.success(request, _("La correction est enregistrée et figure sur la feuille."))
    return redirect(_session_url(session, "corrections"))


@never_cache
@require_GET
@staff_required
def session_qr(request, pk):
    """The current QR code (JSON: inline SVG, address, seconds left), fetched by the page's script."""
    session = sel.session_for(user=request.user, session_id=pk)
    if session.date != timezone.localdate():
        raise Http404
    token = qr.make_token(session.pk)
    url = request.build_absolute_uri(reverse("learner_space:sign", args=[token]))
    return JsonResponse({"svg": qr.qr_svg(url), "url": url, "seconds_left": qr.seconds_left()})


def _sheet_pdf_context(request, session):
    from django.conf import settings

    context = sel.session_sheet(session=session)
    context.update(organisation_name=settings.ORGANISATION_NAME, printed_at=timezone.now())
    return context


@require_GET
@staff_required
def session_pdf(request, pk):
    session = sel.session_for(user=request.user, session_id=pk)
    pdf = render_pdf("pdf/attendance_sheet.html", _sheet_pdf_context(request, session))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"emargement-{session.cohort.code}-{session.date:%Y%m%d}-{session.start_time:%H%M}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@staff_required
def skills(request, code):
    cohort = sel.cohort_for(user=request.user, code=code)
    return render(request, "learners/trainer/skills.html", sel.skills_grid(cohort=cohort))


@require_POST
@staff_required
def skills_validate(request, code):
    cohort = sel.cohort_for(user=request.user, code=code)
    form = forms.QuickValidationForm(request.POST)
    back = reverse("trainer:skills", args=[cohort.code])
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    enrolment = get_object_or_404(
        cohort.enrolments.select_related("learner"), pk=form.cleaned_data["enrolment"]
    )
    skill = get_object_or_404(cohort.course.skills.all(), pk=form.cleaned_data["skill"])
    try:
        validation = skill_services.validate_skill(
            enrolment=enrolment, skill=skill, level=form.cleaned_data["level"], by=request.user
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(back)
    messages.success(
        request,
        _("%(name)s : « %(skill)s » validée au niveau %(level)s.")
        % {"name": enrolment.learner.full_name, "skill": skill.name, "level": validation.level},
    )
    return redirect(f"{back}#stagiaire-{enrolment.pk}")


def _learner_context(request, enrolment, **forms_):
    context = sel.learner_file(enrolment=enrolment)
    context["validation_form"] = forms_.get("validation_form") or forms.ValidationForm(
        skills=context["skills"], initial={"validated_on": timezone.localdate()}
    )
    context["note_form"] = forms_.get("note_form") or forms.NoteForm()
    return context


@staff_required
def learner(request, pk):
    enrolment = sel.enrolment_for(user=request.user, enrolment_id=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "validate":
                form = forms.ValidationForm(
                    request.POST, request.FILES, skills=enrolment.cohort.course.skills.all()
                )
                if not form.is_valid():
                    return render(
                        request,
                        "learners/trainer/learner.html",
                        _learner_context(request, enrolment, validation_form=form),
                        status=400,
                    )
                skill_services.validate_skill(enrolment=enrolment, by=request.user, **form.cleaned_data)
                messages.success(request, _("La compétence est validée."))
            elif action == "withdraw":
                form = forms.WithdrawalForm(request.POST)
                if not form.is_valid():
                    _form_errors(request, form)
                else:
                    validation = get_object_or_404(
                        SkillValidation, pk=form.cleaned_data["validation"], learner_id=enrolment.learner_id
                    )
                    skill_services.withdraw_validation(
                        validation=validation, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, _("La validation est retirée. Elle reste dans l'historique."))
            elif action == "note":
                form = forms.NoteForm(request.POST)
                if not form.is_valid():
                    return render(
                        request,
                        "learners/trainer/learner.html",
                        _learner_context(request, enrolment, note_form=form),
                        status=400,
                    )
                skill_services.add_progress_note(
                    enrolment=enrolment, by=request.user, text=form.cleaned_data["text"]
                )
                messages.success(request, _("La note est enregistrée."))
            else:
                messages.error(request, _("Action inconnue."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("trainer:learner", pk=enrolment.pk)
    return render(request, "learners/trainer/learner.html", _learner_context(request, enrolment))


@staff_required
def hours(request, pk):
    """Statement of hours of one learner over a period (page, or PDF with ?format=pdf)."""
    from django.conf import settings

    enrolment = sel.enrolment_for(user=request.user, enrolment_id=pk)
    form = forms.PeriodForm(request.GET or None)
    date_from, date_to = enrolment.cohort.start_date, enrolment.cohort.end_date
    if form.is_bound:
        if form.is_valid():
            date_from = form.cleaned_data.get("du") or date_from
            date_to = form.cleaned_data.get("au") or date_to
        else:
            _form_errors(request, form)
    else:
        form = forms.PeriodForm(initial={"du": date_from, "au": date_to})
    context = hours_statement(enrolment=enrolment, date_from=date_from, date_to=date_to)
    context.update(form=form, organisation_name=settings.ORGANISATION_NAME, printed_at=timezone.now())
    if request.GET.get("format") == "pdf":
        pdf = render_pdf("pdf/attendance_hours.html", context)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="heures-{enrolment.learner.pseudonym}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.pdf"'
        )
        return response
    return render(request, "learners/trainer/hours.html", context)
