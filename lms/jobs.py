"""Durable background jobs: a database row first, the queue second.

Usage from a service::

    job = start_job(handler=issue_cohort_certificates, params={"cohort": 12}, queue="pdf", user=u)

`handler(job)` runs on a worker (or inline without Redis). It reports progress with
`job.report_progress(done, total)` and must be idempotent: a job may be delivered twice (a
worker killed mid-run, a dispatch after Redis came back), and only one delivery gets to run it
at a time thanks to the claim in `execute_job`.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

from .models import Job

logger = logging.getLogger(__name__)

# Only code of this project may be named as a handler: the row's text is imported and called.
ALLOWED_HANDLER_PREFIXES = ("lms.", "courses.", "learners.", "certificates.", "tests.")


def handler_path(handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def start_job(*, handler, params=None, queue="default", user=None, label="", total=0) -> Job:
    """Record a job and queue it once the surrounding transaction commits."""
    path = handler if isinstance(handler, str) else handler_path(handler)
    if not path.startswith(ALLOWED_HANDLER_PREFIXES):
        raise ValueError(f"Handler outside the project: {path}")
    job = Job.objects.create(
        handler=path,
        params=params or {},
        queue=queue,
        created_by=user if user is not None and user.is_authenticated else None,
        label=label,
        progress_total=total,
    )
    # robust: a Redis failure here must not turn the user's committed request into an error.
    transaction.on_commit(lambda: enqueue_job(job.pk), robust=True)
    return job


def enqueue_job(job_id) -> bool:
    """Hand a pending job to the queue. Returns False (job stays pending) if Redis is down."""
    from .tasks import run_job

    job = Job.objects.filter(pk=job_id).only("queue", "status").first()
    if job is None:
        return False
    # Mark before sending: with the inline backend the job runs inside enqueue() and must
    # not be flipped back to "queued" after it finished.
    marked = Job.objects.filter(pk=job_id, status=Job.Status.PENDING).update(
        status=Job.Status.QUEUED, enqueued_at=timezone.now()
    )
    if not marked:
        return False
    try:
        run_job.using(queue_name=job.queue).enqueue(str(job_id))
    except (RedisError, OSError) as exc:
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.PENDING, enqueued_at=None
        )
        logger.warning("Job %s left pending: queue unavailable (%s)", job_id, exc.__class__.__name__)
        return False
    return True


def execute_job(job_id) -> None:
    """Run a job on this worker, unless another delivery already has it."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status__in=[Job.Status.PENDING, Job.Status.QUEUED]).update(
        status=Job.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        error="",
    )
    if not claimed:
        logger.info("Job %s skipped: already running or finished", job_id)
        return
    job = Job.objects.get(pk=job_id)
    try:
        if not job.handler.startswith(ALLOWED_HANDLER_PREFIXES):
            raise ValueError(f"Handler outside the project: {job.handler}")
        handler = import_string(job.handler)
        result = handler(job)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job_id, job.handler)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        result=result if isinstance(result, dict) else {},
        finished_at=timezone.now(),
        progress_done=F("progress_total"),
    )


def report_progress(job: Job, done: int, total: int | None = None) -> None:
    """Write progress and a heartbeat, so a page can draw a bar and a silent job is noticed."""
    fields = {"progress_done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["progress_total"] = total
        job.progress_total = total
    job.progress_done = done
    Job.objects.filter(pk=job.pk).update(**fields)


def dispatch_pending(*, now=None) -> int:
    """Queue again every job that was never delivered or whose worker went silent."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    # A running job with no heartbeat for a while lost its worker; a queued one lost its queue
    # (Redis restarted without persistence). Both go back to pending; the claim in execute_job
    # keeps a second delivery from running a job twice at the same time.
    Job.objects.filter(
        Q(status=Job.Status.RUNNING, heartbeat_at__lt=stale)
        | Q(status=Job.Status.QUEUED, enqueued_at__lt=stale)
    ).update(status=Job.Status.PENDING)
    sent = 0
    for job_id in Job.objects.filter(status=Job.Status.PENDING).values_list("pk", flat=True):
        if enqueue_job(job_id):
            sent += 1
    return sent
