"""Issue 3 in a real browser: a trainer writes a course and plans 12 sessions, submits it; the
coordinator approves; the public catalogue then lists it with its dates, on a phone and a desktop."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Cohort, CoursePage
from lms.demo import seed_demo

from .conftest import ARTIFACTS, VIEWPORTS, assert_accessible, assert_fits_phone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Graver et découper au laser"


def _login(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "tremplin-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _admin_page(browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="fr-FR")
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_trainer_publishes_a_course_with_twelve_sessions_through_moderation(live_server, browser):
    seed_demo()
    base = live_server.url
    catalog_id = CoursePage.objects.first().get_parent().pk
    start = timezone.localdate() + timedelta(days=(7 - timezone.localdate().weekday()) % 7 or 7)

    # 1. The trainer writes the course and submits it.
    context, page = _admin_page(browser)
    _login(page, base, "formateur")
    page.goto(f"{base}/admin/pages/add/courses/coursepage/{catalog_id}/")
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=format]", "discovery")
    page.fill("textarea[name=summary]", "Quatre séances pour graver un porte-clés et découper une boîte.")
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("Préparer un fichier vectoriel et lancer une découpe en sécurité.")
    page.fill("textarea[name=audience]", "Tout public, dès 16 ans.")
    page.fill("input[name=hours_centre]", "14")
    for i, (title, hours) in enumerate([("Sécurité et réglages", "4"), ("Fabriquer sa boîte", "10")]):
        page.get_by_role("button", name=re.compile("Ajouter.*module", re.I)).last.click()
        page.fill(f"input[name=modules-{i}-title]", title)
        page.fill(f"input[name=modules-{i}-hours]", hours)
    page.locator("#id_skills").get_by_label("Découpe laser").check()
    page.wait_for_timeout(3000)  # Wagtail's autosave creates the draft, as it would for a person
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.locator("button[name=action-submit]").click()
    page.wait_for_load_state("networkidle")
    course = CoursePage.objects.get(title=TITLE)
    assert course.workflow_in_progress and not course.live

    # 2. The trainer creates the cohort and generates 12 sessions.
    page.goto(f"{base}/admin/cohort/new/")
    page.fill("input[name=code]", "LAS-E2E")
    page.select_option("select[name=course]", label=TITLE)
    page.select_option("select[name=status]", "open")
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", (start + timedelta(days=90)).isoformat())
    page.fill("input[name=place]", "Fab lab, Amiens")
    page.fill("input[name=capacity]", "10")
    page.mouse.click(1200, 300)  # close the date picker
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    cohort = Cohort.objects.get(code="LAS-E2E")
    page.goto(f"{base}/admin/cohort/generate/{cohort.pk}/")
    page.get_by_label("Mardi").check()
    page.get_by_label("Jeudi").check()
    page.fill("input[name=start_time]", "14:00")
    page.fill("input[name=end_time]", "17:30")
    page.fill("input[name=count]", "12")
    page.mouse.click(1200, 300)
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "12 séances créées pour LAS-E2E" in page.content()
    assert cohort.sessions.count() == 12
    context.close()

    # 3. The coordinator approves it from the dashboard.
    context, page = _admin_page(browser)
    _login(page, base, "coordination")
    row = page.locator("tr", has_text=TITLE).first
    row.locator(".w-dropdown__toggle").first.click()
    row.get_by_text(re.compile(r"^\s*Approuver\s*$")).first.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    course.refresh_from_db()
    assert course.live
    context.close()

    # 4. The public sees it with its dates, on a phone and a desktop.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, locale="fr-FR")
        page = context.new_page()
        page.goto(base + "/formations/?q=laser")
        card = page.locator("li.card", has_text=TITLE)
        assert card.is_visible()
        assert "10 places restantes" in card.inner_text()
        assert_accessible(page, "catalogue (recherche)")
        page.screenshot(path=str(ARTIFACTS / f"catalogue-journey-{name}.png"), full_page=True)
        card.get_by_role("link", name=TITLE).click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("heading", name="Prochaines dates").is_visible()
        assert "LAS-E2E" in page.content()
        assert_accessible(page, "formation")
        if name == "phone":
            assert_fits_phone(page)
        context.close()
