"""A worker killed in the middle of a group import: nothing half-enrolled, and the job handed out
again completes with no duplicate. (The certificate-batch case is in
tests/certificates/test_workers.py, whose worker helpers this reuses.)"""

import subprocess
import sys
import time
from datetime import timedelta

import django_rq
import pytest
from django.utils import timezone

from learners.intake.models import GroupImport
from learners.intake.services import confirm_import, upload_import
from learners.models import Enrolment, Learner
from lms.jobs import dispatch_pending
from lms.models import Job
from tests.certificates.test_workers import ROOT, _kill_session, _worker_env
from tests.intake.factories import csv_bytes, many_people, open_cohort, partner_with_staff
from tests.lms.test_jobs import _run_burst_worker

ROWS = 3000
S = GroupImport.Status


@pytest.fixture
def empty_queues(rq_backend):
    for name in ("default", "pdf", "reports"):
        django_rq.get_queue(name).empty()
    return rq_backend


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_import_leaves_nothing_then_the_retry_enrols_everyone_once(
    postgres_db, empty_queues, settings
):
    settings.TABULAR_MAX_ROWS = ROWS
    partner, staff = partner_with_staff()
    cohort = open_cohort(capacity=ROWS)
    group_import = upload_import(
        user=staff, cohort=cohort, partner=partner, upload=csv_bytes(many_people(ROWS))
    )
    checked = _run_burst_worker(empty_queues)
    assert checked.returncode == 0, checked.stderr[-3000:]
    group_import.refresh_from_db()
    assert group_import.status == S.PREVIEW and group_import.rows_valid == ROWS, group_import.message

    group_import = confirm_import(group_import=group_import, user=staff)
    job = Job.objects.get(pk=group_import.job_id)
    env = {**_worker_env(empty_queues), "TABULAR_MAX_ROWS": str(ROWS)}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == Job.Status.RUNNING and job.progress_done > 0:
                break  # accounts are being made inside the import's transaction
            assert worker.poll() is None, worker.stderr.read().decode()[-3000:]
            time.sleep(0.01)
        else:
            pytest.fail("the worker never started the import")
    finally:
        _kill_session(worker.pid)
        worker.wait(timeout=30)

    # All or nothing: the transaction died with the worker.
    job.refresh_from_db()
    group_import.refresh_from_db()
    assert job.status == Job.Status.RUNNING and group_import.status == S.COMMITTING
    assert not Enrolment.objects.filter(cohort=cohort).exists()
    assert not Learner.objects.filter(last_name__startswith="Nom").exists()

    later = timezone.now() + timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 1)
    assert dispatch_pending(now=later) == 1
    retry = _run_burst_worker(empty_queues)
    assert retry.returncode == 0, retry.stderr[-3000:]
    job.refresh_from_db()
    group_import.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2, job.error
    assert group_import.status == S.DONE and group_import.enrolled == ROWS
    assert Enrolment.objects.filter(cohort=cohort).count() == ROWS
    assert Learner.objects.filter(last_name__startswith="Nom").count() == ROWS  # no duplicate person
