"""Content-Security-Policy: every site page a role can open carries the strict policy and has
nothing the policy would block (inline scripts, style attributes, <style>, on*= handlers).

The pages are those of the access matrix that answer 200 to someone, outside the staff back
offices (Wagtail admin, Django admin, RQ dashboard), which get the relaxed policy instead.
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings

from .matrix import OK, ROLES, ROWS
from .test_access_matrix import ENDPOINTS, WORLD_ROLES, url_for, world  # noqa: F401 (fixture)

DATA_SCRIPTS = {"application/json", "application/ld+json", "text/template"}


class InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in DATA_SCRIPTS:
            self.found.append("<script> inline")
        if tag == "style":
            self.found.append("<style>")
        for name in attrs:
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            elif name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")


def _site_pages():
    relaxed = tuple(p.lstrip("/") for p in settings.CSP_RELAXED_PATHS)
    for row in ROWS:
        endpoint = ENDPOINTS.get(row.url)
        if row.method != "GET" or endpoint is None or endpoint.route.startswith(relaxed):
            continue
        roles = [role for role in ROLES if row.expect(role) == OK]
        if roles:
            yield row, endpoint, roles


@pytest.mark.django_db
def test_site_pages_carry_the_strict_policy_and_nothing_it_blocks(world):  # noqa: F811
    problems, checked = [], 0
    for row, endpoint, roles in _site_pages():
        url = url_for(row, endpoint, world)
        for role in roles:
            response = world.clients[WORLD_ROLES[role]].get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            checked += 1
            policy = response.get("Content-Security-Policy", "")
            if "script-src 'self'" not in policy or "unsafe-inline" in policy:
                problems.append(f"{url} as {role}: policy {policy!r}")
            finder = InlineFinder()
            finder.feed(response.content.decode())
            if finder.found:
                problems.append(f"{url} as {role}: {sorted(set(finder.found))}")
    for url in ("/", "/formations/"):
        response = world.clients["anonymous"].get(url)
        finder = InlineFinder()
        finder.feed(response.content.decode())
        checked += 1
        if finder.found or "script-src 'self'" not in response.get("Content-Security-Policy", ""):
            problems.append(f"{url}: {sorted(set(finder.found))}")
    assert checked > 40, "the site pages should have been checked"
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_back_offices_get_the_relaxed_policy(world):  # noqa: F811
    response = world.clients["coordinator"].get("/admin/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy


@pytest.mark.django_db
def test_error_page_passes_the_policy(client):
    from django.test import RequestFactory

    from lms.views import server_error

    response = server_error(RequestFactory().get("/"))
    finder = InlineFinder()
    finder.feed(response.content.decode())
    assert response.status_code == 500
    assert not finder.found
