"""Background work for certificates: job handlers (lms.jobs) that call the services.

Every handler is idempotent: issuing returns existing certificates, rendering only claims those
without a PDF, so a job delivered twice or resumed after a killed worker finishes the work once.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Cohort
from lms.jobs import start_job
from lms.models import Job

from . import services
from .models import Certificate
from .selectors import cohort_issue_rows

# Time the batch job waits for helper workers to finish the PDFs they claimed.
WAIT_FOR_HELPERS_SECONDS = 600
# A parent job that has not written progress for this long has lost its worker: helpers stop.
PARENT_SILENT_SECONDS = 60
# Certificates issued per transaction in a batch: the first PDFs can start after the first chunk,
# and the counter row is locked for a few milliseconds at a time.
ISSUE_CHUNK = 20


def _set_total(job, total: int) -> None:
    Job.objects.filter(pk=job.pk).update(progress_total=total, progress_done=0)
    job.progress_total, job.progress_done = total, 0


def _runs_inline() -> bool:
    from django_tasks.backends.immediate import ImmediateBackend

    from lms.tasks import run_job

    return isinstance(run_job.get_backend(), ImmediateBackend)


def issue_cohort(job) -> dict:
    """Issue one kind of document for every eligible learner of a cohort and render the PDFs,
    then build the cohort's ZIP. Helper jobs on other PDF workers start first and render what
    this job issues as it goes, so a big cohort uses every worker."""
    cohort = Cohort.objects.select_related("course").get(pk=job.params["cohort"])
    kind = job.params["kind"]
    rows = cohort_issue_rows(cohort=cohort, kind=kind)
    skipped = [{"learner": str(row.enrolment.learner), "reason": row.reason} for row in rows if row.reason]
    eligible = [row for row in rows if not row.reason]
    _set_total(job, len(eligible))
    # Inline (no Redis) a helper would run now, inside this job, and wait for issues that
    # cannot come: helpers only make sense with real workers.
    if len(eligible) > 1 and not _runs_inline():
        for _i in range(settings.CERTIFICATE_RENDER_HELPERS):
            start_job(
                handler=render_cohort,
                params={"cohort": cohort.pk, "kind": kind, "parent": str(job.pk)},
                queue="pdf",
                user=job.created_by,
                label=_("PDF – %(cohort)s") % {"cohort": cohort.code},
                total=len(eligible),
            )
    ids, created = [], 0
    for start in range(0, len(eligible), ISSUE_CHUNK):
        certificates, refusals = services.issue_batch(
            rows=eligible[start : start + ISSUE_CHUNK], kind=kind, issued_by=job.created_by, cohort=cohort
        )
        # Conditions changed since the preview: said, not silently skipped.
        skipped.extend({"learner": str(row.enrolment.learner), "reason": reason} for row, reason in refusals)
        ids.extend(certificate.pk for certificate in certificates)
        created += sum(int(getattr(certificate, "created_now", False)) for certificate in certificates)
        job.report_progress(Certificate.objects.filter(pk__in=ids).exclude(pdf_sha256="").count())
    if len(ids) != len(eligible):
        Job.objects.filter(pk=job.pk).update(progress_total=len(ids))
        job.progress_total = len(ids)
    here = []
    ready = services.render_pending(
        ids=ids,
        progress=lambda done: job.report_progress(done),
        wait_seconds=WAIT_FOR_HELPERS_SECONDS,
        on_rendered=here.append,
    )
    zip_name = services.build_zip(cohort=cohort, kind=kind) if ready else ""
    return {
        "issued": created,
        "already": len(ids) - created,
        "ready": ready,
        "rendered_here": len(here),
        "skipped": skipped,
        "zip": zip_name,
        "cohort": cohort.pk,
        "kind": kind,
    }


def render_cohort(job) -> dict:
    """Helper of `issue_cohort`: render the cohort's documents as the parent job issues them,
    until the parent has issued them all and nothing is left to claim."""
    scope = Q(
        enrolment__cohort_id=job.params["cohort"], kind=job.params["kind"], status=Certificate.Status.VALID
    )
    parent_id = job.params["parent"]

    def expected():
        parent = Job.objects.filter(pk=parent_id).only("status", "progress_total", "heartbeat_at").first()
        alive_since = timezone.now() - timedelta(seconds=PARENT_SILENT_SECONDS)
        if (
            parent is None
            or parent.status != Job.Status.RUNNING
            or (parent.heartbeat_at or alive_since) < alive_since
        ):
            return None  # the parent finished, failed or died: stop once nothing is left to claim
        return parent.progress_total

    last = {"done": -1}

    def progress(done):
        if done != last["done"]:  # no write per idle poll
            last["done"] = done
            job.report_progress(min(done, job.progress_total or done))

    here = []
    ready = services.render_pending(
        scope=scope,
        expected=expected,
        progress=progress,
        wait_seconds=WAIT_FOR_HELPERS_SECONDS,
        on_rendered=here.append,
    )
    return {"ready": ready, "rendered_here": len(here)}


def render_certificates(job) -> dict:
    """Render the PDFs of the given certificates that have none yet (single issue, reissue)."""
    ids = job.params["ids"]
    ready = services.render_pending(ids=ids, progress=lambda done: job.report_progress(done, len(ids)))
    return {"ready": ready}


def cohort_zip(job) -> dict:
    cohort = Cohort.objects.get(pk=job.params["cohort"])
    name = services.build_zip(
        cohort=cohort, kind=job.params["kind"], progress=lambda done, total: job.report_progress(done, total)
    )
    Job.objects.filter(pk=job.pk).update(progress_done=F("progress_total"))
    return {"zip": name, "cohort": cohort.pk, "kind": job.params["kind"]}
