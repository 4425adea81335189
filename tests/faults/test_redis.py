"""Redis down when work is requested: the request succeeds, the job waits in the database, and it
runs once Redis is back (lms.jobs.dispatch_pending, then a real RQ worker)."""

import django_rq
import pytest
from django.urls import reverse

from learners.outcomes.models import ReportRun
from lms.jobs import dispatch_pending
from lms.models import Job
from lms.reporting.services import open_report_file
from tests.factories import coordinator
from tests.lms.test_jobs import DEAD_REDIS, _run_burst_worker
from tests.reporting import dataset

pytestmark = pytest.mark.django_db(transaction=True)

QUEUES = ("default", "pdf", "reports")


def _redis(settings, url):
    """Point the queues and the cache (sessions of the rate limiter…) at `url`."""
    settings.RQ_QUEUES = {q: {"URL": url, "DEFAULT_TIMEOUT": 1800} for q in QUEUES}
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}


@pytest.fixture
def empty_queues(rq_backend):
    for name in QUEUES:
        django_rq.get_queue(name).empty()
    return rq_backend


def test_report_requested_while_redis_is_down_is_produced_when_it_returns(
    postgres_db, empty_queues, settings, client
):
    dataset.build()
    boss = coordinator()
    _redis(settings, DEAD_REDIS)
    client.force_login(boss)

    response = client.post(reverse("reporting_gen_export"), {"annee": "2025", "format": "csv"})
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.PENDING
    assert Job.objects.get(pk=run.job_id).status == Job.Status.PENDING  # recorded, not lost
    page = client.get(response.url)
    assert page.status_code == 200 and "En attente" in page.content.decode()

    # Redis is back: the periodic dispatch (or a worker starting) hands the job out.
    _redis(settings, empty_queues)
    assert dispatch_pending() == 1
    worker = _run_burst_worker(empty_queues)
    assert worker.returncode == 0, worker.stderr[-3000:]
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    with open_report_file(run.file_path) as produced:
        assert produced.read().decode("utf-8-sig").startswith("session;formation")
    assert Job.objects.get(pk=run.job_id).attempts == 1


def test_login_and_pages_work_while_redis_is_down(postgres_db, rq_backend, settings, client):
    """The login rate limiter keeps its counters in the Redis cache: a dead cache must not turn
    a learner's login into an error page."""
    from tests.factories import UserFactory

    assert settings.CACHES["default"]["BACKEND"] == "lms.cache.ResilientRedisCache"
    UserFactory(username="awa", password="motdepasse-test")
    _redis(settings, DEAD_REDIS)
    assert client.get("/").status_code == 200
    response = client.post(reverse("login"), {"username": "awa", "password": "motdepasse-test"})
    assert response.status_code == 302
    # The limiter still counts, in memory, while Redis is away.
    client.logout()
    limit = int(settings.LOGIN_RATE_PER_ACCOUNT.split("/")[0])
    for _ in range(limit):
        client.post(reverse("login"), {"username": "awa", "password": "faux"})
    locked = client.post(reverse("login"), {"username": "awa", "password": "motdepasse-test"})
    assert locked.status_code == 429 and "Trop d&#x27;essais de connexion" in locked.content.decode()
