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
