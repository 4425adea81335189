"""Every URL × every role: the response each person gets is the one tests/security/matrix.py says.

The data is built once for the module (tests/security/world.py) and every request runs in a
savepoint that is rolled back, so a POST that succeeds leaves nothing behind for the next one.
"""

import copy
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.urls import reverse

from . import matrix
from .discovery import endpoints, example_path
from .matrix import ROLES, ROWS

WORLD_ROLES = dict(
    zip(
        ROLES,
        (
            "anonymous",
            "learner_a",
            "learner_b",
            "partner_x",
            "partner_y",
            "trainer",
            "other_trainer",
            "tutor",
            "coordinator",
        ),
        strict=True,
    )
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    from .world import build_world

    media_root = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media_root)),
        transaction.atomic(),
    ):
        built = build_world(media_root)
        yield built
        transaction.set_rollback(True)


def _value(world, name):
    value = world[name]
    if callable(value):
        value = value()
    return value.pk if isinstance(value, Model) else value


def url_for(row, endpoint, world) -> str:
    if row.args.startswith("/"):
        return row.args.format(**world.objects)
    values = {}
    for part in filter(None, row.args.split(",")):
        param, name = part.split("=")
        values[param.strip()] = _value(world, name.strip())
    return example_path(endpoint, values)


def outcome(response) -> str:
    """The response as a table cell."""
    if response.status_code in (301, 302, 303):
        target = urlparse(response["Location"]).path
        if target == reverse(settings.LOGIN_URL):
            return matrix.LOGIN
        if target == reverse("wagtailadmin_login"):
            return matrix.ALOG
        if target == reverse("admin:login"):
            return matrix.DJLOG
        if target == reverse("wagtailadmin_home"):
            return matrix.DENY
        return matrix.MOVED
    if response.status_code in (200, 204):
        return matrix.OK
    return str(response.status_code)


def fetch(world, role, method, url, data="") -> str:
    client = world.clients[WORLD_ROLES[role]]
    # Logging out (or in) changes the client's cookies; the next request starts from the same ones.
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, parse_qs(data))
            transaction.set_rollback(True)
    except Exception as exc:  # a crash is a finding, reported in the table like a status
        return f"500 ({type(exc).__name__}: {exc})"[:160]
    finally:
        client.cookies = cookies
    if getattr(response, "streaming", False):
        # Read through the client's wrapper: closing the response directly would fire
        # request_finished and close the database connection in the middle of the module.
        b"".join(response.streaming_content)
    return outcome(response)


ENDPOINTS = {e.key: e for e in endpoints()}
ROWS_BY_URL: dict[str, list] = {}
for _row in ROWS:
    ROWS_BY_URL.setdefault(_row.url, []).append(_row)


def _rule_prefix(endpoint):
    for prefix in matrix.PREFIX_RULES:
        if endpoint.route.startswith(prefix) and not endpoint.is_project_view:
            return prefix
    return None


def test_every_url_has_a_row():
    missing = [
        f"  {key}  ({endpoint.route})"
        for key, endpoint in ENDPOINTS.items()
        if key not in ROWS_BY_URL and _rule_prefix(endpoint) is None
    ]
    assert not missing, (
        "These URLs have no line in tests/security/matrix.py (add one per URL, with the response "
        "each of the nine roles must get):\n" + "\n".join(missing)
    )


def test_urls_seen_outside_the_staff_carry_no_row_numbers():
    sequential = [
        f"  {key}  ({endpoint.route})"
        for key, endpoint in ENDPOINTS.items()
        if re.search(r"<(int:)?\w*(id|pk)>|<int:", endpoint.route)
        and not endpoint.route.startswith(matrix.STAFF_AREAS)
        and key not in matrix.SEQUENTIAL_IDS_ALLOWED
    ]
    assert not sequential, (
        "Use a UUID, a pseudonym or a random code in these URLs (or explain the exception in "
        "SEQUENTIAL_IDS_ALLOWED):\n" + "\n".join(sequential)
    )


def test_no_row_for_a_url_that_does_not_exist():
    stale = sorted(set(ROWS_BY_URL) - set(ENDPOINTS))
    assert not stale, f"Lines of tests/security/matrix.py for URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(ROWS_BY_URL))
def test_access_matrix(world, url_name, request):
    endpoint = ENDPOINTS.get(url_name)
    if endpoint is None:
        pytest.skip("URL gone (reported by test_no_row_for_a_url_that_does_not_exist)")
    if url_name.startswith("django_rq:"):
        request.getfixturevalue("redis_url")  # the dashboard reads Redis (fails in CI without it)
    wrong = []
    for row in ROWS_BY_URL[url_name]:
        url = url_for(row, endpoint, world)
        for role in ROLES:
            got = fetch(world, role, row.method, url, row.data)
            if got != row.expect(role):
                wrong.append(f"  {row.method} {url} as {role}: expected {row.expect(role)}, got {got}")
    assert not wrong, f"{url_name}:\n" + "\n".join(wrong)


RULED = sorted(key for key, e in ENDPOINTS.items() if key not in ROWS_BY_URL and _rule_prefix(e))


@pytest.mark.django_db
def test_admin_rules_on_every_wagtail_and_django_admin_url(world):
    wrong = []
    for key in RULED:
        endpoint = ENDPOINTS[key]
        rule = matrix.PREFIX_RULES[_rule_prefix(endpoint)]
        url = example_path(endpoint)
        for role, expected in rule.items():
            got = fetch(world, role, "GET", url)
            if got != expected:
                wrong.append(f"  GET {url} ({key}) as {role}: expected {expected}, got {got}")
    assert len(RULED) > 200, "the admin rules should cover Wagtail's hundreds of URLs"
    assert not wrong, "\n".join(wrong)
