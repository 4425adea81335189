"""Durable jobs: the row records the job first; a real RQ worker runs it; Redis down leaves it
pending until `dispatch_pending` hands it out again."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import django_rq
import pytest
from django.db import connection, transaction
from django.utils import timezone

from lms.jobs import dispatch_pending, execute_job, start_job
from lms.models import Job
from tests.lms.job_handlers import count_to, explode

ROOT = Path(__file__).resolve().parents[2]
DEAD_REDIS = "redis://127.0.0.1:1/0"


def _run_burst_worker(redis_url: str) -> subprocess.CompletedProcess:
    """Start `manage.py rqworker --burst` in a separate process against the test database."""
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    db_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis_url, "DEBUG": "true"}
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "rqworker",
            "default",
            "pdf",
            "reports",
            "--burst",
            "--job-class",
            "django_tasks_rq.Job",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def empty_queues(rq_backend):
    for name in ("default", "pdf", "reports"):
        django_rq.get_queue(name).empty()
    return rq_backend


@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_job_and_records_progress(postgres_db, empty_queues):
    with transaction.atomic():
        job = start_job(handler=count_to, params={"n": 5}, queue="reports", label="Compter")
        # Nothing is queued before the transaction commits.
        assert django_rq.get_queue("reports").count == 0
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert django_rq.get_queue("reports").count == 1

    worker = _run_burst_worker(empty_queues)
    assert worker.returncode == 0, worker.stderr

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert (job.progress_done, job.progress_total, job.percent) == (5, 5, 100)
    assert job.result == {"counted": 5}
    assert job.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_redis_down_at_enqueue_keeps_job_pending_then_dispatch_runs_it(postgres_db, empty_queues, settings):
    settings.RQ_QUEUES = {q: {"URL": DEAD_REDIS} for q in ("default", "pdf", "reports")}
    job = start_job(handler=count_to, params={"n": 3})  # autocommit: on_commit fires now
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert job.enqueued_at is None

    settings.RQ_QUEUES = {q: {"URL": empty_queues} for q in ("default", "pdf", "reports")}
    assert dispatch_pending() == 1
    worker = _run_burst_worker(empty_queues)
    assert worker.returncode == 0, worker.stderr
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_worker_start_dispatches_jobs_left_pending(postgres_db, empty_queues, settings):
    settings.RQ_QUEUES = {q: {"URL": DEAD_REDIS} for q in ("default", "pdf", "reports")}
    job = start_job(handler=count_to, params={"n": 2}, queue="pdf")
    settings.RQ_QUEUES = {q: {"URL": empty_queues} for q in ("default", "pdf", "reports")}
    # The worker's own start-up dispatch queues it, then the burst run executes it.
    worker = _run_burst_worker(empty_queues)
    assert worker.returncode == 0, worker.stderr
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


@pytest.mark.django_db
def test_inline_backend_runs_job_when_no_redis(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(handler=count_to, params={"n": 4})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result == {"counted": 4}


@pytest.mark.django_db
def test_failed_job_records_error_without_breaking_the_request(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(handler=explode)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "boom" in job.error


@pytest.mark.django_db
def test_a_second_delivery_does_not_run_the_job_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(handler=count_to, params={"n": 1})
    job.refresh_from_db()
    assert job.attempts == 1
    execute_job(job.pk)
    job.refresh_from_db()
    assert job.attempts == 1 and job.status == Job.Status.DONE


@pytest.mark.django_db
def test_silent_running_job_is_handed_out_again(settings):
    job = Job.objects.create(
        handler="tests.lms.job_handlers.count_to",
        params={"n": 2},
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    assert dispatch_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


@pytest.mark.django_db
def test_handler_outside_the_project_is_refused():
    with pytest.raises(ValueError):
        start_job(handler="os.system")


@pytest.mark.django_db
def test_job_status_is_visible_to_its_author_only(client):
    from tests.factories import UserFactory, coordinator

    author, other = UserFactory(), UserFactory()
    job = Job.objects.create(
        handler="tests.lms.job_handlers.count_to", created_by=author, progress_total=4, progress_done=1
    )
    client.force_login(other)
    assert client.get(f"/taches/{job.pk}/").status_code == 404
    client.force_login(author)
    assert client.get(f"/taches/{job.pk}/").json()["percent"] == 25
    client.force_login(coordinator())
    assert client.get(f"/taches/{job.pk}/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_saving_content_succeeds_while_redis_is_down(postgres_db, rq_backend, settings, client):
    """Wagtail queues index tasks on saves: with Redis down they run inline, the save succeeds."""
    from tests.factories import coordinator, course_page

    settings.RQ_QUEUES = {q: {"URL": DEAD_REDIS} for q in ("default", "pdf", "reports")}
    page = course_page(title="Initiation à la brodeuse numérique")
    assert page.live
    client.force_login(coordinator())
    assert client.get(page.url).status_code == 200
