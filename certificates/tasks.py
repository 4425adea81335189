"""Background work for certificates: job handlers (lms.jobs) that call the services.

Every handler is idempotent: issuing returns existing certificates, rendering only claims those
without a PDF, so a job delivered twice or resumed after a killed worker finishes the work once.
"""

from django.conf import settings
from django.db.models import F
from django.utils.translation import gettext as _

from courses.models import Cohort
from lms.jobs import start_job
from lms.models import Job

from . import services
from .models import Certificate
from .selectors import cohort_issue_rows

# Time the batch job waits for helper workers to finish the PDFs they claimed.
WAIT_FOR_HELPERS_SECONDS = 600


def _set_total(job, total: int) -> None:
    Job.objects.filter(pk=job.pk).update(progress_total=total, progress_done=0)
    job.progress_total, job.progress_done = total, 0


def issue_cohort(job) -> dict:
    """Issue one kind of document for every eligible learner of a cohort, render them (shared with
    helper jobs on other PDF workers), then build the cohort's ZIP."""
    cohort = Cohort.objects.select_related("course").get(pk=job.params["cohort"])
    kind = job.params["kind"]
    rows = cohort_issue_rows(cohort=cohort, kind=kind)
    skipped = [{"learner": str(row.enrolment.learner), "reason": row.reason} for row in rows if row.reason]
    eligible = [row for row in rows if not row.reason]
    _set_total(job, len(eligible))
    ids, created = [], 0
    for row in eligible:
        try:
            certificate = services.issue_certificate(
                enrolment=row.enrolment,
                kind=kind,
                issued_by=job.created_by,
                hours=row.hours,
                validations=row.validations,
            )
        except services.CertificateRefused as exc:  # conditions changed since the preview
            skipped.append({"learner": str(row.enrolment.learner), "reason": " ".join(exc.messages)})
            continue
        ids.append(certificate.pk)
        created += int(getattr(certificate, "created_now", False))
    if len(ids) != len(eligible):
        _set_total(job, len(ids))
    pending = Certificate.objects.filter(pk__in=ids, pdf_sha256="").count()
    if pending > 1:
        for _i in range(settings.CERTIFICATE_RENDER_HELPERS):
            start_job(
                handler=render_certificates,
                params={"ids": ids},
                queue="pdf",
                user=job.created_by,
                label=_("PDF – %(cohort)s") % {"cohort": cohort.code},
                total=len(ids),
            )
    ready = services.render_pending(
        ids=ids, progress=lambda done: job.report_progress(done), wait_seconds=WAIT_FOR_HELPERS_SECONDS
    )
    zip_name = services.build_zip(cohort=cohort, kind=kind) if ready else ""
    return {
        "issued": created,
        "already": len(ids) - created,
        "ready": ready,
        "skipped": skipped,
        "zip": zip_name,
        "cohort": cohort.pk,
        "kind": kind,
    }


def render_certificates(job) -> dict:
    """Render the PDFs of the given certificates that have none yet (helper or single issue)."""
    ids = job.params["ids"]
    ready = services.render_pending(ids=ids, progress=lambda done: job.report_progress(done, len(ids)))
    return {"ready": ready, "ids": ids[:1] if len(ids) == 1 else []}


def cohort_zip(job) -> dict:
    cohort = Cohort.objects.get(pk=job.params["cohort"])
    name = services.build_zip(
        cohort=cohort, kind=job.params["kind"], progress=lambda done, total: job.report_progress(done, total)
    )
    Job.objects.filter(pk=job.pk).update(progress_done=F("progress_total"))
    return {"zip": name, "cohort": cohort.pk, "kind": job.params["kind"]}
