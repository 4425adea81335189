"""PostgreSQL dropping the site's connections (a restart, a failover) must not fail requests."""

import json
import urllib.request

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _kill_site_connections() -> int:
    """What a PostgreSQL restart does to the site: every open server connection is cut."""
    db = connection.settings_dict
    dsn = f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as admin:
        return admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [db["NAME"]],
        ).fetchone()[0]


def _get(url):
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - local live server
        return response.status, response.read()


def test_requests_succeed_after_postgres_cut_every_connection(postgres_db, live_server):
    # Persistent connections, as in production: the one kept from the first request dies.
    db = connection.settings_dict
    previous = db["CONN_MAX_AGE"]
    db["CONN_MAX_AGE"] = 60
    try:
        status, body = _get(live_server.url + "/sante/")
        assert status == 200 and json.loads(body)["database"] == "ok"
        assert _kill_site_connections() >= 1
        status, body = _get(live_server.url + "/sante/")
        assert status == 200 and json.loads(body)["database"] == "ok"
        status, _ = _get(live_server.url + "/")
        assert status == 200
    finally:
        db["CONN_MAX_AGE"] = previous
        connection.close()


CSRF = "a" * 32  # an unmasked CSRF secret, sent as cookie and as form field


def _wsgi(handler, method, path, *, cookie, data=None):
    """One request through Django's WSGI handler in this thread, as a gunicorn worker serves it:
    request_started fires, so close_old_connections() runs its health check (the test Client
    switches that off)."""
    import io
    from urllib.parse import urlencode

    body = urlencode(data or {}).encode()
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "HTTP_COOKIE": cookie,
    }
    statuses = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(response)
    response.close()  # request_finished: the connection is kept (CONN_MAX_AGE), as in production
    return int(statuses[0].split()[0])


def test_a_trainer_s_roll_call_after_the_connections_were_cut_is_saved(postgres_db, client):
    """A write on the same worker thread whose kept connection PostgreSQL cut: the next request
    reconnects (CONN_HEALTH_CHECKS) and records the mark."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import reverse

    from learners.models import Attendance
    from tests.learners.factories import running_session

    session, trainer, (enrolment,) = running_session(learners=1)
    client.force_login(trainer)
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_id}; csrftoken={CSRF}"
    handler = WSGIHandler()
    db = connection.settings_dict
    previous = db["CONN_MAX_AGE"]
    db["CONN_MAX_AGE"] = 60
    try:
        assert db["CONN_HEALTH_CHECKS"] is True
        assert _wsgi(handler, "GET", reverse("trainer:session", args=[session.pk]), cookie=cookie) == 200
        assert connection.connection is not None  # kept for the next request
        assert _kill_site_connections() >= 1
        status = _wsgi(
            handler,
            "POST",
            reverse("trainer:session_mark", args=[session.pk]),
            cookie=cookie,
            data={"enrolment": enrolment.pk, "status": "present", "csrfmiddlewaretoken": CSRF},
        )
        assert status == 302
        assert Attendance.objects.get(session=session, enrolment=enrolment).status == "present"
    finally:
        db["CONN_MAX_AGE"] = previous
        connection.close()
