"""Producing report files and recording every run (who, when, parameters, file hash)."""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from learners.outcomes.models import ReportRun
from lms.jobs import report_progress, start_job

from .compute import Report, compute
from .data import ReportFilters, load
from .exports import to_csv, to_xlsx

FORMATS = ("csv", "xlsx")


def reports_root() -> Path:
    # Outside MEDIA_URL on purpose: files leave only through the checked download view.
    return Path(getattr(settings, "REPORTS_ROOT", Path(settings.MEDIA_ROOT) / "rapports"))


def save_report_file(name: str, content: bytes) -> str:
    """Written through the media storage, so that a report produced by a worker on one machine
    downloads from any web machine (shared disk or S3). Returns what `ReportRun.file_path` holds."""
    if getattr(settings, "REPORTS_ROOT", None):  # an explicit local folder, as before
        root = reports_root()
        root.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
        return str(root / name)
    return default_storage.save(f"rapports/{name}", ContentFile(content))


def open_report_file(file_path: str):
    # Absolute: a local file (REPORTS_ROOT, or a run older than storage names); else a storage name.
    return open(file_path, "rb") if os.path.isabs(file_path) else default_storage.open(file_path, "rb")  # noqa: SIM115


def delete_report_file(file_path: str) -> None:
    if os.path.isabs(file_path):
        Path(file_path).unlink(missing_ok=True)
    elif file_path:
        default_storage.delete(file_path)


def link_hours() -> int:
    return int(getattr(settings, "REPORT_LINK_HOURS", 24))


def build_report(filters: ReportFilters, *, diffusion=False, indicator_set="gen") -> Report:
    data = load(filters)
    return compute(
        data.cohorts,
        data.learners,
        indicator_set=indicator_set,
        diffusion=diffusion,
        params=filters.as_params(),
    )


def render(report: Report, file_format: str, progress=None) -> bytes:
    if file_format == "csv":
        return to_csv(report)
    if file_format == "xlsx":
        return to_xlsx(report, progress=progress)
    raise ValueError(file_format)


def file_name(filters: ReportFilters, file_format: str, diffusion: bool) -> str:
    parts = ["rapport-gen"]
    if filters.year:
        parts.append(str(filters.year))
    if diffusion:
        parts.append("diffusion")
    parts.append(timezone.localtime().strftime("%Y%m%d-%H%M"))
    return "-".join(parts) + f".{file_format}"


@transaction.atomic
def record_cli_run(
    *, filters: ReportFilters, file_format: str, diffusion: bool, content: bytes, path: str, rows: int
):
    run = ReportRun.objects.create(
        params=filters.as_params(),
        file_format=file_format,
        diffusion=diffusion,
        origin="cli",
        status=ReportRun.Status.DONE,
        finished_at=timezone.now(),
        file_name=Path(path).name,
        file_path=str(Path(path).resolve()),
        sha256=hashlib.sha256(content).hexdigest(),
        row_count=rows,
    )
    _audit_export(run, None)
    return run


@transaction.atomic
def request_export(*, user, filters: ReportFilters, file_format: str, diffusion: bool) -> ReportRun:
    """Record the run, then hand it to the `reports` queue (after commit, durable)."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    run = ReportRun.objects.create(
        params=filters.as_params(),
        file_format=file_format,
        diffusion=diffusion,
        origin="web",
        created_by=user,
    )
    job = start_job(
        handler=produce_report_job,
        params={"run": str(run.pk)},
        queue="reports",
        user=user,
        label=f"Rapport GEN ({file_format.upper()})",
        total=4,
    )
    run.job = job
    run.save(update_fields=["job"])
    _audit_export(run, user)
    return run


def _audit_export(run, user) -> None:
    """Who exported what, in Wagtail's audit log beside the other personal-data events."""
    from learners.privacy import audit

    params = {**run.params, "format": run.file_format, "diffusion": run.diffusion, "origine": run.origin}
    audit.record(run, audit.EXPORT_REPORT, user=user, data=params, title=f"Rapport {run.report.upper()}")


def produce_report_job(job) -> dict:
    """Job handler. Idempotent: a run already produced is left as it is."""
    run = ReportRun.objects.get(pk=job.params["run"])
    if run.status == ReportRun.Status.DONE:
        return {"run": str(run.pk)}
    filters = ReportFilters.from_params(run.params)
    report_progress(job, 0, 4)
    report = build_report(filters, diffusion=run.diffusion)
    report_progress(job, 1, 4)
    content = render(report, run.file_format, progress=None)
    report_progress(job, 3, 4)
    path = save_report_file(f"{run.pk}.{run.file_format}", content)
    now = timezone.now()
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.DONE,
        finished_at=now,
        expires_at=now + timedelta(hours=link_hours()),
        file_name=file_name(filters, run.file_format, run.diffusion),
        file_path=str(path),
        sha256=hashlib.sha256(content).hexdigest(),
        row_count=len(report.table),
    )
    return {"run": str(run.pk)}
