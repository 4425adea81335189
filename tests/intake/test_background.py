"""Files over 500 rows: checked and enrolled by durable jobs, preview and result kept afterwards."""

import django_rq
import pytest
from django.urls import reverse

from learners.intake.models import GroupImport
from learners.intake.services import confirm_import, upload_import
from learners.models import Enrolment
from lms.models import Job
from tests.lms.test_jobs import _run_burst_worker

from .factories import csv_bytes, many_people, open_cohort, partner_with_staff, person

S = GroupImport.Status


@pytest.mark.django_db
def test_big_file_goes_through_jobs_inline(django_capture_on_commit_callbacks, client):
    partner, staff = partner_with_staff()
    cohort = open_cohort(capacity=700)
    rows = many_people(520) + [person(nom="Sans", genre="?")]
    with django_capture_on_commit_callbacks(execute=True):
        group_import = upload_import(user=staff, cohort=cohort, partner=partner, upload=csv_bytes(rows))
    assert group_import.job is not None
    group_import.refresh_from_db()
    assert group_import.status == S.PREVIEW
    assert (group_import.rows_total, group_import.rows_valid, group_import.rows_rejected) == (521, 520, 1)
    assert group_import.source == b""  # the file is not kept once previewed
    assert group_import.job.status == Job.Status.DONE

    with django_capture_on_commit_callbacks(execute=True):
        group_import = confirm_import(group_import=group_import, user=staff)
    assert group_import.status == S.COMMITTING  # answered at once; the job does the work
    group_import.refresh_from_db()
    assert group_import.status == S.DONE
    assert group_import.enrolled == 520
    assert Enrolment.objects.filter(cohort=cohort).count() == 520
    job = Job.objects.get(pk=group_import.job_id)
    assert (job.status, job.progress_done, job.progress_total) == (Job.Status.DONE, 520, 520)

    # The result stays available, and the job's progress is readable by its author.
    client.force_login(staff)
    page = client.get(reverse("partners:import_detail", args=[group_import.pk])).content.decode()
    assert "520 personnes inscrites" in page
    assert client.get(reverse("job_status", args=[job.pk])).json()["percent"] == 100


@pytest.mark.django_db
def test_progress_page_while_the_job_runs(client):
    partner, staff = partner_with_staff()
    cohort = open_cohort(capacity=700)
    group_import = upload_import(
        user=staff, cohort=cohort, partner=partner, upload=csv_bytes(many_people(501))
    )
    assert group_import.status == S.VALIDATING  # no on_commit in this test: the job waits
    client.force_login(staff)
    page = client.get(reverse("partners:import_detail", args=[group_import.pk])).content.decode()
    assert 'role="progressbar"' in page
    assert reverse("job_status", args=[group_import.job_id]) in page


@pytest.mark.django_db(transaction=True)
def test_big_import_with_a_real_rq_worker(postgres_db, rq_backend):
    for name in ("default", "pdf", "reports"):
        django_rq.get_queue(name).empty()
    partner, staff = partner_with_staff()
    cohort = open_cohort(capacity=700)
    group_import = upload_import(
        user=staff, cohort=cohort, partner=partner, upload=csv_bytes(many_people(600))
    )
    assert group_import.status == S.VALIDATING
    worker = _run_burst_worker(rq_backend)
    assert worker.returncode == 0, worker.stderr
    group_import.refresh_from_db()
    assert group_import.status == S.PREVIEW, group_import.message
    assert group_import.rows_valid == 600

    group_import = confirm_import(group_import=group_import, user=staff)
    assert group_import.status == S.COMMITTING
    worker = _run_burst_worker(rq_backend)
    assert worker.returncode == 0, worker.stderr
    group_import.refresh_from_db()
    assert group_import.status == S.DONE, group_import.message
    assert Enrolment.objects.filter(cohort=cohort).count() == 600
    job = Job.objects.get(pk=group_import.job_id)
    assert job.status == Job.Status.DONE and job.attempts == 1
