"""Wagtail admin pages for outcomes: follow-up list, one learner's record, cohort grid, import.

Thin: parse, call a service or selector, render. Coordinators only (others get a 404)."""

import tempfile
import uuid
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.tabular import TabularError, parse_date

from . import selectors
from .categories import CHECKPOINT_CHOICES, CHECKPOINT_MONTHS, SITUATION_CHOICES, SOURCE_CHOICES
from .forms import OutcomeForm, UploadForm
from .imports import apply_import, preview_import
from .models import Outcome, OutcomeChange
from .notifications import link_url, send_link_to_learner
from .services import confirm_outcome, record_outcome, self_report_link


def follow_up(request):
    checkpoint = request.GET.get("echeance") or None
    if checkpoint not in CHECKPOINT_MONTHS:
        checkpoint = None
    items = selectors.due_checkpoints(user=request.user, checkpoint=checkpoint)
    return render(
        request,
        "outcomes/admin/follow_up.html",
        {
            "items": items,
            "checkpoint": checkpoint,
            "checkpoints": CHECKPOINT_CHOICES,
            "today": timezone.localdate(),
            "cohorts": selectors.cohorts_for_outcomes(user=request.user)[:30],
        },
    )


def enrolment_outcomes(request, enrolment_id):
    data = selectors.enrolment_for_outcomes(user=request.user, enrolment_id=enrolment_id)
    enrolment = data["enrolment"]
    form = OutcomeForm(request.POST or None, initial={"checkpoint": request.GET.get("echeance", "sortie")})
    if request.method == "POST":
        action = request.POST.get("action", "record")
        if action == "confirm":
            outcome = get_object_or_404(Outcome, pk=request.POST.get("outcome"), enrolment=enrolment)
            confirm_outcome(outcome=outcome, by=request.user)
            messages.success(request, _("Réponse du stagiaire confirmée."))
            return redirect("outcomes_enrolment", enrolment_id=enrolment.pk)
        if action == "link":
            checkpoint = request.POST.get("checkpoint")
            try:
                link = self_report_link(enrolment=enrolment, checkpoint=checkpoint)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("outcomes_enrolment", enrolment_id=enrolment.pk)
            if request.POST.get("send") and send_link_to_learner(link):
                messages.success(
                    request, _("Lien envoyé par courriel à %(email)s.") % {"email": enrolment.learner.email}
                )
            else:
                messages.info(
                    request,
                    _("Lien personnel à transmettre (par SMS par exemple) : %(url)s")
                    % {"url": link_url(link)},
                )
            return redirect("outcomes_enrolment", enrolment_id=enrolment.pk)
        if form.is_valid():
            try:
                record_outcome(
                    enrolment=enrolment,
                    by=request.user,
                    origin=OutcomeChange.Origin.SCREEN,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Situation enregistrée."))
                return redirect("outcomes_enrolment", enrolment_id=enrolment.pk)
    data.update({"form": form})
    return render(request, "outcomes/admin/enrolment.html", data)


def cohort_grid(request, cohort_id):
    checkpoint = request.GET.get("echeance") or request.POST.get("echeance") or "sortie"
    if checkpoint not in CHECKPOINT_MONTHS:
        checkpoint = "sortie"
    data = selectors.cohort_grid(user=request.user, cohort_id=cohort_id, checkpoint=checkpoint)
    errors: dict[int, str] = {}
    if request.method == "POST":
        situations = dict(SITUATION_CHOICES)
        changes = []
        for enrolment, current in data["rows"]:
            situation = request.POST.get(f"situation-{enrolment.pk}", "")
            if not situation:
                continue
            try:
                observed_on = parse_date(request.POST.get(f"date-{enrolment.pk}", ""))
            except ValueError as exc:
                errors[enrolment.pk] = str(exc)
                continue
            if situation not in situations or observed_on is None:
                errors[enrolment.pk] = _("Choisissez une situation et une date de constat.")
                continue
            digital = {"true": True, "false": False}.get(request.POST.get(f"digital-{enrolment.pk}", ""))
            source = request.POST.get(f"source-{enrolment.pk}") or "autre"
            if current and (
                current.situation,
                current.observed_on,
                current.digital_trade,
                current.source,
            ) == (situation, observed_on, digital, source):
                continue
            changes.append((enrolment, situation, observed_on, digital, source))
        if not errors:
            try:
                with transaction.atomic():
                    for enrolment, situation, observed_on, digital, source in changes:
                        try:
                            record_outcome(
                                enrolment=enrolment,
                                checkpoint=checkpoint,
                                situation=situation,
                                observed_on=observed_on,
                                digital_trade=digital,
                                source=source,
                                by=request.user,
                                origin=OutcomeChange.Origin.GRID,
                            )
                        except ValidationError as exc:
                            errors[enrolment.pk] = " ".join(exc.messages)
                    if errors:
                        raise ValidationError("grid")
            except ValidationError:
                pass
        if errors:
            messages.error(request, _("Rien n'a été enregistré : corrigez les lignes signalées."))
        else:
            messages.success(request, _("%(n)s situation(s) enregistrée(s).") % {"n": len(changes)})
            return redirect(f"{request.path}?echeance={checkpoint}")
    rows = []
    for enrolment, current in data["rows"]:
        posted = request.POST if request.method == "POST" else {}
        rows.append(
            {
                "enrolment": enrolment,
                "current": current,
                "situation": posted.get(f"situation-{enrolment.pk}", current.situation if current else ""),
                "date": posted.get(
                    f"date-{enrolment.pk}",
                    current.observed_on.isoformat() if current else timezone.localdate().isoformat(),
                ),
                "digital": posted.get(
                    f"digital-{enrolment.pk}",
                    {True: "true", False: "false"}.get(current.digital_trade, "") if current else "",
                ),
                "source": posted.get(f"source-{enrolment.pk}", current.source if current else "autre"),
                "error": errors.get(enrolment.pk, ""),
            }
        )
    return render(
        request,
        "outcomes/admin/cohort_grid.html",
        {
            "cohort": data["cohort"],
            "rows": rows,
            "checkpoint": checkpoint,
            "checkpoints": CHECKPOINT_CHOICES,
            "situations": SITUATION_CHOICES,
            "sources": SOURCE_CHOICES,
        },
    )


def _upload_dir() -> Path:
    path = Path(tempfile.gettempdir()) / "tremplin-imports-sorties"
    path.mkdir(exist_ok=True)
    return path


def import_outcomes(request):
    selectors.require_coordinator(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["fichier"]
        try:
            preview = preview_import(upload, filename=upload.name)
        except TabularError as exc:
            form.add_error("fichier", exc.message)
        else:
            # Kept server-side until the user confirms; the preview is checked again then.
            key = uuid.uuid4().hex
            upload.seek(0)
            (_upload_dir() / key).write_bytes(upload.read())
            request.session["outcomes_import"] = {"key": key, "name": upload.name}
            return render(request, "outcomes/admin/import_preview.html", {"preview": preview})
    return render(request, "outcomes/admin/import.html", {"form": form})


@require_POST
def import_outcomes_confirm(request):
    selectors.require_coordinator(request.user)
    pending = request.session.pop("outcomes_import", None)
    path = _upload_dir() / pending["key"] if pending and pending.get("key", "").isalnum() else None
    if path is None or not path.exists():
        messages.error(request, _("Ce fichier n'est plus disponible : déposez-le à nouveau."))
        return redirect("outcomes_import")
    try:
        preview = preview_import(path.read_bytes(), filename=pending["name"])
        count = apply_import(preview, by=request.user)
    except (TabularError, ValidationError) as exc:
        messages.error(
            request, getattr(exc, "message", None) or " ".join(getattr(exc, "messages", [str(exc)]))
        )
        return redirect("outcomes_import")
    finally:
        path.unlink(missing_ok=True)
    messages.success(
        request,
        _("%(n)s situation(s) enregistrée(s) ; %(rejected)s ligne(s) rejetée(s).")
        % {"n": count, "rejected": len(preview.problems)},
    )
    return redirect("outcomes_follow_up")


SOURCE_LABELS = dict(SOURCE_CHOICES)
