"""Real components: concurrent issues on PostgreSQL, a cohort batch run by real RQ workers, and a
worker killed in the middle of a batch whose job is handed out again and completes."""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import django_rq
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateCounter, CertificateKind
from lms.jobs import dispatch_pending
from lms.models import Job
from tests.factories import coordinator

from .factories import finished_cohort, templates_for_every_kind

ROOT = Path(__file__).resolve().parents[2]
K = CertificateKind


def _worker_env(redis_url: str) -> dict:
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "DEBUG": "true",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "SITE_URL": settings.SITE_URL,
        "EMAIL_URL": "dummymail://",
    }


WORKER_ARGS = [sys.executable, "manage.py", "rqworker", "pdf", "--job-class", "django_tasks_rq.Job"]


def _burst(redis_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*WORKER_ARGS, "--burst"],
        cwd=ROOT,
        env=_worker_env(redis_url),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _kill_session(sid: int) -> None:
    """SIGKILL every process of the session the worker leads: RQ's work horse moves to its own
    process group, so killing the worker's group alone would leave the job running."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid:  # fields after the name: state, ppid, pgrp, session
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(stat.parent.name), signal.SIGKILL)


@pytest.fixture
def empty_queues(rq_backend):
    for name in ("default", "pdf", "reports"):
        django_rq.get_queue(name).empty()
    return rq_backend


def _assert_numbers_gap_free():
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert CertificateCounter.objects.get().last_number == len(sequences)
    assert len(set(Certificate.objects.values_list("number", flat=True))) == len(sequences)


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_unique_gap_free_numbers_and_double_clicks_collapse(postgres_db):
    templates_for_every_kind()
    _cohort, enrolments = finished_cohort(learners=8)
    barrier = threading.Barrier(len(enrolments) * 2)
    errors, results = [], []

    def issue(enrolment):
        try:
            barrier.wait(timeout=30)
            results.append(services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING).pk)
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)
        finally:
            connection.close()

    # Every learner is issued twice at once (a double click) while the others issue too.
    threads = [threading.Thread(target=issue, args=(e,)) for e in enrolments for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == 16 and len(set(results)) == 8
    assert Certificate.objects.count() == 8
    _assert_numbers_gap_free()


@pytest.mark.django_db(transaction=True)
def test_cohort_batch_runs_on_real_workers(postgres_db, empty_queues, settings):
    settings.CERTIFICATE_RENDER_HELPERS = 1
    templates_for_every_kind()
    cohort, _enrolments = finished_cohort(learners=6)
    job = services.start_cohort_issue(cohort=cohort, kind=K.END_OF_TRAINING, user=coordinator())
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED

    worker = _burst(empty_queues)
    assert worker.returncode == 0, worker.stderr[-3000:]
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.percent == 100 and job.result["issued"] == 6 and job.result["zip"]
    assert Certificate.objects.filter(pdf_sha256="").count() == 0
    assert Certificate.objects.count() == 6
    _assert_numbers_gap_free()
    helpers = Job.objects.filter(handler="certificates.tasks.render_cohort")
    assert helpers.count() == 1 and helpers.get().status == Job.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_batch_is_handed_out_again_and_completes_without_duplicates(
    postgres_db, empty_queues, settings
):
    # No helper: the killed job is the only one rendering, so it is surely cut mid-way.
    settings.CERTIFICATE_RENDER_HELPERS = 0
    templates_for_every_kind()
    cohort, _enrolments = finished_cohort(learners=14)
    job = services.start_cohort_issue(cohort=cohort, kind=K.END_OF_TRAINING, user=coordinator())

    env = {**_worker_env(empty_queues), "CERTIFICATE_RENDER_HELPERS": "0"}
    worker = subprocess.Popen(
        WORKER_ARGS,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if Certificate.objects.exclude(pdf_sha256="").count() >= 2:
                break
            assert worker.poll() is None, worker.stderr.read().decode()[-3000:]
            time.sleep(0.02)
        else:
            pytest.fail("the worker never started rendering")
    finally:
        _kill_session(worker.pid)
        worker.wait(timeout=30)

    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    ready_before = Certificate.objects.exclude(pdf_sha256="").count()
    assert ready_before < 14
    hashes_before = dict(Certificate.objects.exclude(pdf_sha256="").values_list("pk", "pdf_sha256"))

    # Later, the periodic dispatch notices the silent job and queues it again.
    later = timezone.now() + timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 1)
    assert dispatch_pending(now=later) == 1
    result = _burst(empty_queues)
    assert result.returncode == 0, result.stderr[-3000:]

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.attempts == 2
    assert Certificate.objects.count() == 14
    assert Certificate.objects.filter(pdf_sha256="").count() == 0
    _assert_numbers_gap_free()
    # What was done before the crash was kept as it was, not redone.
    assert {
        pk: h for pk, h in Certificate.objects.values_list("pk", "pdf_sha256") if pk in hashes_before
    } == hashes_before
    files = list(Path(settings.MEDIA_ROOT, "certificats").rglob("*.pdf"))
    # At most one orphan file per crash (the PDF being written when the worker died).
    assert 14 <= len(files) <= 15
