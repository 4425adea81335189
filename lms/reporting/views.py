"""Wagtail admin pages of the funder report: thin, coordinators only (others get a 404)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learners.outcomes.models import ReportRun
from lms.access import is_coordinator

from .charts import outcomes_chart, profile_chart
from .compute import CHART_CATEGORIES, cell_text
from .data import ReportFilters
from .forms import ExportForm, ReportFilterForm
from .services import build_report, open_report_file, request_export


def _coordinator(request):
    if not is_coordinator(request.user):
        raise Http404


def gen_report(request):
    _coordinator(request)
    form = ReportFilterForm(request.GET or None)
    context = {"form": form, "runs": ReportRun.objects.select_related("created_by")[:10]}
    if form.is_bound and not form.is_valid():
        return render(request, "reporting/gen_report.html", context)
    filters = form.filters() if form.is_bound else ReportFilters()
    diffusion = form.is_bound and form.cleaned_data.get("diffusion")
    report = build_report(filters, diffusion=bool(diffusion))
    # Charts always use the exact figures: the screen is the coordinator's, not a publication.
    exact = build_report(filters) if diffusion else report
    iset = report.indicator_set
    profile_rows = [
        {
            "label": r["libelle"],
            "code": r["indicateur"],
            "value": r["valeur_pct"],
            "target": r["cible_pct"],
        }
        for r in exact.profile.to_dict("records")
    ]
    outcome_rows = [{**r, "label": r["libelle"]} for r in exact.outcomes.to_dict("records")]
    context.update(
        {
            "report": report,
            "columns": list(report.table.columns),
            "rows": [[cell_text(v) for v in row] for row in report.table.itertuples(index=False)],
            "definitions": [(c.name, c.definition) for c in iset.columns],
            "profile_rows": [
                {**r, "value_text": cell_text(r["value"]), "target_text": cell_text(r["target"])}
                for r in profile_rows
            ],
            "profile_svg": profile_chart(profile_rows),
            "outcome_rows": [
                {
                    **r,
                    "cells": [
                        (label, r[code], cell_text(r[f"{code}_pct"])) for code, label in CHART_CATEGORIES
                    ],
                }
                for r in outcome_rows
            ],
            "categories": CHART_CATEGORIES,
            "outcomes_svg": outcomes_chart(outcome_rows),
            "export_fields": _export_fields(form),
            "diffusion": bool(diffusion),
        }
    )
    return render(request, "reporting/gen_report.html", context)


def _export_fields(form) -> list[tuple[str, str]]:
    """The filters on screen, as the hidden fields of the export form."""
    if not form.is_bound:
        return []
    data = form.cleaned_data
    fields = [
        ("annee", data.get("annee")),
        ("formation", data["formation"].pk if data.get("formation") else None),
        ("session", data["session"].code if data.get("session") else None),
        ("partenaire", data["partenaire"].pk if data.get("partenaire") else None),
        ("diffusion", "on" if data.get("diffusion") else None),
    ]
    return [(name, str(value)) for name, value in fields if value]


@require_POST
def gen_export(request):
    _coordinator(request)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Les filtres du rapport ne sont pas valides : l'export n'a pas été lancé."))
        return redirect("reporting_gen")
    run = request_export(
        user=request.user,
        filters=form.filters(),
        file_format=form.cleaned_data["format"],
        diffusion=bool(form.cleaned_data.get("diffusion")),
    )
    return redirect("reporting_run", run_id=run.pk)


def run_detail(request, run_id):
    _coordinator(request)
    run = get_object_or_404(ReportRun.objects.select_related("job", "created_by"), pk=run_id)
    expired = run.expires_at is not None and run.expires_at <= timezone.now()
    return render(
        request,
        "reporting/run_detail.html",
        {
            "run": run,
            "expired": expired,
            "job_url": reverse("job_status", args=[run.job_id]) if run.job_id else "",
        },
    )


def run_download(request, run_id):
    _coordinator(request)
    run = get_object_or_404(ReportRun, pk=run_id, status=ReportRun.Status.DONE, origin="web")
    if run.expires_at is None or run.expires_at <= timezone.now():
        messages.error(request, _("Ce lien de téléchargement a expiré : relancez l'export."))
        return redirect("reporting_run", run_id=run.pk)
    try:
        handle = open_report_file(run.file_path)  # FileResponse closes it
    except OSError:
        messages.error(request, _("Le fichier n'est plus disponible : relancez l'export."))
        return redirect("reporting_run", run_id=run.pk)
    return FileResponse(handle, as_attachment=True, filename=run.file_name)
