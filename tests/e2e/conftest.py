"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Chromium comes from the system (`apt-get install chromium`); no browser is ever downloaded.
"""

import contextlib
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import IN_CI

# Playwright's sync API runs an event loop in this thread; the live server and ORM calls in the
# test body are still synchronous, so Django's async-safety guard must be lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", Path(__file__).resolve().parents[2] / "artifacts" / "e2e"))
AXE_JS = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"
VIEWPORTS = {"phone": {"width": 360, "height": 800}, "desktop": {"width": 1280, "height": 800}}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = f"Chromium introuvable ({CHROMIUM}) : apt-get install -y chromium"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def new_page(browser, viewport):
    """A fresh browser context (own cookies) at the journey's viewport; closed after the test."""
    contexts = []

    def make():
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="fr-FR")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.weight = {"bytes": 0}
        page.on("response", lambda r: _count_bytes(page, r))
        return page

    yield make
    for context in contexts:
        context.close()


def _count_bytes(page, response):
    # Redirects and aborted requests have no body.
    with contextlib.suppress(Exception):
        page.weight["bytes"] += len(response.body())


@pytest.fixture
def shot(viewport, request):
    """Save a full-page screenshot under artifacts/e2e/ (CI keeps the folder)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{request.node.originalname}-{name}-{viewport}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def assert_accessible(page, label: str = ""):
    """Run axe-core (WCAG 2.1 A/AA) on the page; print and fail on any violation."""
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    violations = result["violations"]
    for violation in violations:
        nodes = [n["target"] for n in violation["nodes"]][:5]
        print(f"axe [{label or page.url}] {violation['id']}: {violation['help']} {json.dumps(nodes)}")
    assert not violations, f"{len(violations)} violation(s) axe sur {label or page.url}"


def assert_fits_phone(page):
    """No horizontal scroll at 360 px, and tap targets at least 44 px high."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"défilement horizontal de {overflow} px sur {page.url}"
    small = page.evaluate(
        """() => [...document.querySelectorAll('main a, main button, main input, main select')]
            .filter(el => el.offsetParent !== null && !el.closest('p, li, td, dd, label'))
            .filter(el => el.getBoundingClientRect().height < 44)
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert not small, f"cibles tactiles < 44 px : {small}"
