"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Chromium comes from the system (`apt-get install chromium`); no browser is ever downloaded.

One live server serves the whole run and the demo data is seeded once (`demo`), then the
database is emptied at the end: the journeys share that data, each journey and each viewport
working on rows of its own where it changes them. Tests here take no `django_db` mark: the data
they write is committed at once, so the server's threads see it.
"""

import contextlib
import json
import os
import shutil
from pathlib import Path

import pytest
from django.test import override_settings

from tests.conftest import IN_CI, INLINE_TASKS, _missing

# Playwright's sync API runs an event loop in this thread; the live server and ORM calls in the
# test body are still synchronous, so Django's async-safety guard must be lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", Path(__file__).resolve().parents[2] / "artifacts" / "e2e"))
AXE_JS = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"
# Run as a plain script (a trailing expression keeps Playwright from taking it for a function).
AXE_SOURCE = AXE_JS.read_text(encoding="utf-8") + "\n;true"
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
PASSWORD = "tremplin-demo"
# Learner pages must stay light for phones on prepaid data plans.
LEARNER_PAGE_BUDGET = 200 * 1024


@pytest.fixture(scope="session")
def browser(server):
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


@pytest.fixture(scope="session")
def e2e_database(request, django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb):
    """The test database. pytest-django creates it only when a collected test asks for `db`; these
    tests don't (see the module docstring), so when they run alone it is made here."""
    from django.db import DEFAULT_DB_ALIAS
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, _ = _get_databases_for_setup(request.session.items)
    if DEFAULT_DB_ALIAS in aliases:
        yield
        return
    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS}, keepdb=keepdb)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def server(e2e_database, django_db_blocker):
    """One live server for every e2e module (pytest-django's `live_server` would make each test
    transactional, flushing the shared data after it)."""
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    if connection.vendor != "postgresql":
        _missing("PostgreSQL requis pour les tests navigateur (DATABASE_URL=postgres://…)")
    with django_db_blocker.unblock():
        live = LiveServer("127.0.0.1")
        live._live_server_modified_settings.enable()
        yield live
        live._live_server_modified_settings.disable()
        live.stop()


# Settings the e2e tests run with (the suite's autouse fixtures set them per test only, and the
# server's threads and the module fixtures need them too).
E2E_SETTINGS = {
    "TASKS": INLINE_TASKS,
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


@pytest.fixture(scope="session")
def e2e_media(tmp_path_factory):
    return str(tmp_path_factory.mktemp("media"))


def _empty_database():
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)
    with contextlib.suppress(Exception):
        cache.clear()


@pytest.fixture(scope="session")
def demo(server, django_db_blocker, e2e_media):
    """The demo data, seeded once for the whole e2e run (each journey, and each viewport, works on
    rows of its own); the database is emptied at the end."""
    from django.contrib.auth import get_user_model

    from lms.demo import seed_demo
    from tests.factories import ensure_site_tree

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=e2e_media, **E2E_SETTINGS):
        if get_user_model().objects.exists():  # left by an interrupted run on a kept database
            _empty_database()
        ensure_site_tree()
        data = seed_demo()
    data["base"] = server.url
    yield data
    with django_db_blocker.unblock():
        _empty_database()


@pytest.fixture(scope="module", autouse=True)
def _e2e_database_access(django_db_blocker, e2e_media):
    """The tests' own ORM calls commit at once, so the live server sees them."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=e2e_media, **E2E_SETTINGS):
        yield


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def new_page(browser, viewport):
    """A fresh browser context (own cookies) at the journey's viewport; closed after the test."""
    contexts = []

    def make(size=None):
        context = browser.new_context(
            viewport=VIEWPORTS[size or viewport], locale="fr-FR", accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        # Every page is weighed as a first visit: no HTTP cache.
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot(viewport, request):
    """Save a full-page screenshot under artifacts/e2e/ (CI keeps the folder)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{request.node.originalname}-{name}-{viewport}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def check(shot, viewport):
    """What every page of a journey goes through: axe, a screenshot, the phone checks; learner
    pages are weighed too (bytes of every response the page loaded, printed)."""

    def run(page, name, *, learner=False, admin=False):
        page.wait_for_load_state("networkidle")
        wait_until_still(page)
        assert_accessible(page, f"{name} ({viewport})")
        shot(page, name)
        if viewport == "phone":
            # Wagtail's admin keeps its own control sizes (40 px): only the page's width is checked.
            assert_fits_phone(page, targets=not admin)
        if learner:
            weight = page_weight(page)
            print(f"poids de la page « {name} » ({viewport}) : {weight / 1024:.1f} Ko")
            assert weight < LEARNER_PAGE_BUDGET, f"{name} pèse {weight / 1024:.0f} Ko (> 200 Ko)"

    return run


def page_weight(page) -> int:
    """Bytes of the document and every resource it loaded (bodies, uncompressed)."""
    return page.evaluate(
        """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
            .reduce((sum, e) => sum + (e.decodedBodySize || 0), 0)"""
    )


# Wagtail's rich-text editor (Draftail) leaves its editable area unnamed and its date picker's
# arrows have no text; that is the vendor's code, listed as a derogation in the accessibility
# statement. Printed, not failed.
_MOVING = """() => [
    ...document.getAnimations()
      .filter(a => a instanceof CSSTransition && a.playState === 'running')
      .map(a => `${a.transitionProperty} on `
                + `${a.effect.target && a.effect.target.className}`),
    ...[...document.querySelectorAll('.messages > ul')]
      .filter(ul => ul.querySelector('li') && getComputedStyle(ul).opacity !== '1')
      .map(ul => `messages opacity ${getComputedStyle(ul).opacity}`),
]"""


def wait_until_still(page):
    """Wait for transitions (fades) to end before axe measures contrast: Wagtail's admin messages
    fade in over 0.5 s, and text caught half-transparent fails the contrast rule (seen once in
    CI). Looping animations (Wagtail's pinging badges) are not waited for."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(f"() => ({_MOVING})().length === 0", timeout=5_000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"la page bouge encore après 5 s : {page.evaluate(_MOVING)}") from None


WAGTAIL_KNOWN = {"aria-input-field-name": ".notranslate", "button-name": ".xdsoft_"}


def assert_accessible(page, label: str = ""):
    """Run axe-core (WCAG 2.1 A/AA) on the page; print and fail on any violation."""
    # Evaluated through the DevTools protocol, which the pages' Content-Security-Policy does not
    # cover (an inline <script> tag would be refused, as it should).
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    violations = result["violations"]
    for violation in violations:
        nodes = [n["target"] for n in violation["nodes"]][:5]
        known = violation["id"] in WAGTAIL_KNOWN and all(
            any(WAGTAIL_KNOWN[violation["id"]] in part for part in target) for target in nodes
        )
        violation["known"] = known
        tag = " (connue, éditeur de Wagtail : voir la déclaration d'accessibilité)" if known else ""
        print(f"axe [{label or page.url}] {violation['id']}: {violation['help']} {json.dumps(nodes)}{tag}")
    passed = len(result["passes"])
    print(f"axe [{label or page.url}] : {len(violations)} violation(s), {passed} règles passées")
    failing = [v for v in violations if not v["known"]]
    assert not failing, f"{len(failing)} violation(s) axe sur {label or page.url}"


def assert_fits_phone(page, *, targets=True):
    """No horizontal scroll at 360 px, and tap targets at least 44 × 44 px (WCAG 2.5.5). Links
    inside running text are exempt (WCAG's inline exception); a checkbox or radio button is
    measured with its label, which is what a finger taps."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"défilement horizontal de {overflow} px sur {page.url}"
    if not targets:
        return
    small = page.evaluate(
        """() => [...document.querySelectorAll('main a, main button, main input, main select, main summary')]
            .filter(el => el.offsetParent !== null && el.type !== 'hidden')
            .filter(el => ['checkbox', 'radio'].includes(el.type) || !el.closest('p, td, dd, label'))
            .map(el => [el, ['checkbox', 'radio'].includes(el.type)
                ? (el.closest('label') || el.labels[0] || el) : el])
            .filter(([el, target]) => {
                const box = target.getBoundingClientRect();
                return box.height < 44 || box.width < 44;
            })
            .map(([el]) => el.outerHTML.slice(0, 80))"""
    )
    assert not small, f"cibles tactiles < 44 px : {small}"


def login(page, base, username, *, path="/connexion/"):
    """Log in with the demo password through the site's login form (or Wagtail's)."""
    page.goto(base + path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit], form button[type=submit]").last)


def focus_walk(page, *, limit=80):
    """Press Tab until focus comes back to the start; return what was focused, in order, with
    whether its focus is visible (an outline or a box shadow) and where it sits."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(
            r"""() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const style = getComputedStyle(el);
              const box = el.getBoundingClientRect();
              return {
                text: (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '')
                      .replace(/\s+/g, ' ').trim().slice(0, 60),
                tag: el.tagName.toLowerCase(),
                visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                         || style.boxShadow !== 'none',
                top: box.top + window.scrollY,
                left: box.left + window.scrollX,
                key: el.outerHTML.slice(0, 120),
              };
            }"""
        )
        if info is None or (seen and info["key"] == seen[0]["key"]):
            return seen
        seen.append(info)
    raise AssertionError(f"piège au clavier : le focus ne revient pas au début après {limit} Tab")


def assert_focus_order(stops, page_name):
    """Every stop shows its focus, and focus goes down the page (no jump back up)."""
    hidden = [s["key"] for s in stops if not s["visible"]]
    assert not hidden, f"focus invisible sur {page_name} : {hidden}"
    for before, after in zip(stops, stops[1:], strict=False):
        assert after["top"] >= before["top"] - 8 or after["left"] > before["left"], (
            f"ordre de tabulation : {after['text']!r} avant {before['text']!r} sur {page_name}"
        )
    path = " → ".join(s["text"] or s["tag"] for s in stops)
    print(f"clavier [{page_name}] : {len(stops)} arrêts, focus visible partout : {path}")


def tab_to(page, name, *, limit=60):
    """Press Tab until the focused element's text starts with `name` (or, for `|x`, until the
    field named x has focus)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text, field = page.evaluate(
            "[(document.activeElement.innerText || document.activeElement.getAttribute('aria-label') || '')"
            ".trim(), document.activeElement.name || '']"
        )
        if (name.startswith("|") and field == name[1:]) or (name and text.startswith(name)):
            return
    raise AssertionError(f"« {name} » n'est pas atteint au clavier")


def choose_file_with_keyboard(page, path, *, tries=3):
    """Open the focused file input's chooser with Space, as a keyboard user does, and pick `path`.

    Headless Chromium sometimes drops the chooser of the first key press on a loaded CI machine
    (seen once in 15 runs): pressing again is what the user would do."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for attempt in range(tries):
        try:
            with page.expect_file_chooser(timeout=5_000) as chooser:
                page.keyboard.press("Space")
        except PlaywrightTimeoutError:
            if attempt == tries - 1:
                raise
            continue
        chooser.value.set_files(path)
        return


def click_and_wait(page, locator):
    """Click something that loads a new page (a link or a form's button), and wait for it."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("networkidle")
