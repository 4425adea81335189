import contextlib
import os

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(reason: str):
    """A missing service fails in CI (it must be tested there) and skips on a laptop."""
    if IN_CI:
        pytest.fail(f"Service indisponible en CI : {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def postgres_db():
    if connection.vendor != "postgresql":
        _missing("PostgreSQL requis (DATABASE_URL=postgres://…)")


@pytest.fixture
def redis_url():
    if not settings.REDIS_URL:
        _missing("Redis requis (REDIS_URL=redis://…)")
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        _missing(f"Redis ne répond pas à {settings.REDIS_URL} ({exc})")
    return settings.REDIS_URL


INLINE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": list(settings.RQ_QUEUE_NAMES),
    }
}
RQ_TASKS = {
    "default": {"BACKEND": "lms.task_backends.ResilientRQBackend", "QUEUES": list(settings.RQ_QUEUE_NAMES)}
}


@pytest.fixture(autouse=True)
def _inline_tasks(settings):
    """Jobs run inline unless a test asks for the real queue with the `rq_backend` fixture."""
    settings.TASKS = INLINE_TASKS


@pytest.fixture
def rq_backend(settings, redis_url):
    settings.TASKS = RQ_TASKS
    return redis_url


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    # A missing Redis is reported by the tests that need it, not by every test.
    with contextlib.suppress(Exception):
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _wagtail_tree(request):
    """Transactional tests end with a flush that also wipes the page tree Wagtail's migrations
    made (root page, locale, collection, site) and the home page; a reused database keeps that
    state. Put the tree back before every test that touches the database."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        yield
        return
    transactional = (
        marker and marker.kwargs.get("transaction")
    ) or "transactional_db" in request.fixturenames
    request.getfixturevalue("transactional_db" if transactional else "db")
    from tests.factories import ensure_site_tree

    ensure_site_tree()
    yield


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_teardown(django_db_setup, django_db_blocker):
    """Threads of transactional tests (live server, concurrency tests) may leave a connection
    open; PostgreSQL then refuses to drop the test database and the run ends with a warning."""
    started = timezone.now()
    yield
    if connection.vendor != "postgresql":
        return
    # Only connections opened during this run: another run sharing the database keeps its own.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_start >= %s",
            [started],
        )
