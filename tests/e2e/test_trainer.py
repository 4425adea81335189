"""Trainer journeys on a phone and a desktop.

1. In Wagtail's admin the trainer writes a course page, submits it, creates its cohort and
   generates 12 sessions; the coordinator approves it from the dashboard; the public catalogue
   then lists it with its dates.
2. On the day, the trainer runs a session: roll-call with one tap per learner, a learner signs on
   the device, the trainer closes and countersigns the sheet; then validates skills in the grid.
"""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from courses.models import Cohort, CoursePage
from courses.services import add_session
from learners.models import Attendance, AttendanceSheet, SkillValidation

from .conftest import click_and_wait, login

pytestmark = pytest.mark.e2e

TITLES = {"phone": "Graver et découper au laser", "desktop": "Fabriquer une lampe au laser"}
# Today's extra session for each run, clear of the demo's afternoon session.
SLOTS = {"phone": (time(8, 0), time(9, 30)), "desktop": (time(18, 0), time(19, 30))}


def _signature(page, canvas):
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"] + 20, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 8):
        page.mouse.move(x + step * box["width"] / 10, y + (12 if step % 2 else -12), steps=3)
    page.mouse.up()


def test_trainer_publishes_a_course_with_twelve_sessions_through_moderation(new_page, check, viewport, demo):
    base, title = demo["base"], TITLES[viewport]
    code = f"LAS-E2E-{viewport.upper()}"
    catalog_id = CoursePage.objects.first().get_parent().pk
    start = timezone.localdate() + timedelta(days=(7 - timezone.localdate().weekday()) % 7 or 7)

    # 1. The trainer writes the course and submits it.
    page = new_page()
    login(page, base, "formateur", path="/admin/login/")
    page.goto(f"{base}/admin/pages/add/courses/coursepage/{catalog_id}/")
    page.fill("input[name=title]", title)
    page.select_option("select[name=format]", "discovery")
    page.fill("textarea[name=summary]", "Quatre séances pour graver un porte-clés et découper une boîte.")
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("Préparer un fichier vectoriel et lancer une découpe en sécurité.")
    page.fill("textarea[name=audience]", "Tout public, dès 16 ans.")
    page.fill("input[name=hours_centre]", "14")
    for i, (module, hours) in enumerate([("Sécurité et réglages", "4"), ("Fabriquer sa boîte", "10")]):
        page.get_by_role("button", name=re.compile("Ajouter.*module", re.I)).last.click()
        page.fill(f"input[name=modules-{i}-title]", module)
        page.fill(f"input[name=modules-{i}-hours]", hours)
    page.locator("#id_skills").get_by_label("Découpe laser").check()
    check(page, "admin-nouvelle-formation", admin=True)
    # Wagtail's autosave creates the draft, as it would for a person; on a busy machine it may
    # not have fired yet, and the person saves the draft themselves.
    try:
        page.wait_for_function("() => /\\/edit\\/$/.test(location.pathname)", timeout=20_000)
    except PlaywrightTimeoutError:
        click_and_wait(page, page.locator("footer button[type=submit]").first)
        page.wait_for_function("() => /\\/edit\\/$/.test(location.pathname)", timeout=20_000)
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    click_and_wait(page, page.locator("button[name=action-submit]"))
    course = CoursePage.objects.get(title=title)
    assert course.workflow_in_progress and not course.live

    # 2. The trainer creates the cohort and generates 12 sessions.
    page.goto(f"{base}/admin/cohort/new/")
    page.fill("input[name=code]", code)
    page.select_option("select[name=course]", label=title)
    page.select_option("select[name=status]", "open")
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", (start + timedelta(days=90)).isoformat())
    page.fill("input[name=place]", "Fab lab, Amiens")
    page.fill("input[name=capacity]", "10")
    page.keyboard.press("Escape")  # close the date picker
    check(page, "admin-nouvelle-session", admin=True)
    click_and_wait(page, page.locator("footer button[type=submit]").first)
    cohort = Cohort.objects.get(code=code)
    page.goto(f"{base}/admin/cohort/generate/{cohort.pk}/")
    page.get_by_label("Mardi").check()
    page.get_by_label("Jeudi").check()
    page.fill("input[name=start_time]", "14:00")
    page.fill("input[name=end_time]", "17:30")
    page.fill("input[name=count]", "12")
    page.keyboard.press("Escape")
    click_and_wait(page, page.locator("footer button[type=submit]").first)
    assert f"12 séances créées pour {code}" in page.content()
    check(page, "admin-seances-generees", admin=True)
    assert cohort.sessions.count() == 12

    # 3. The coordinator approves it from the dashboard.
    admin = new_page("desktop")
    login(admin, base, "coordination", path="/admin/login/")
    row = admin.locator("tr", has_text=title).first
    row.locator(".w-dropdown__toggle").first.click()
    row.get_by_text(re.compile(r"^\s*Approuver\s*$")).first.click()
    for _ in range(20):
        course.refresh_from_db()
        if course.live:
            break
        admin.wait_for_timeout(250)
    assert course.live

    # 4. The public sees it with its dates.
    page.goto(base + "/formations/?q=laser")
    card = page.locator("li.card", has_text=title)
    assert "10 places restantes" in card.inner_text()
    check(page, "catalogue-recherche")
    click_and_wait(page, card.get_by_role("link", name=title))
    assert page.get_by_role("heading", name="Prochaines dates").is_visible()
    assert code in page.content()
    check(page, "nouvelle-formation")


@pytest.fixture
def todays_session(demo, viewport):
    cohort = demo["cohorts"]["discovery"]
    start, end = SLOTS[viewport]
    return add_session(
        cohort=cohort,
        date=timezone.localdate(),
        start_time=start,
        end_time=end,
        trainer=demo["users"]["formateur"],
    )


def test_trainer_runs_a_session_and_validates_skills(new_page, check, viewport, demo, todays_session):
    base, session = demo["base"], todays_session
    page = new_page()
    login(page, base, "formateur")
    page.wait_for_url("**/formateur/")
    check(page, "mes-seances")
    page.goto(f"{base}/formateur/seance/{session.pk}/")
    check(page, "appel")

    # Roll-call: one tap a learner (the page updates in place), one absent with a reason.
    rows = page.locator("ul.roster > li")
    count = rows.count()
    assert count >= 5
    for i in range(count):
        status = "Absent justifié" if i == count - 1 else "Présent"
        rows.nth(i).get_by_role("button", name=status, exact=True).click()
        expect(rows.nth(i).get_by_role("button", name=status, exact=True)).to_have_attribute(
            "aria-pressed", "true"
        )
    assert Attendance.objects.filter(session=session, status="present").count() == count - 1
    check(page, "appel-fait")

    # A learner signs on the trainer's device.
    first = (
        Attendance.objects.filter(session=session, status="present")
        .select_related("enrolment__learner")
        .first()
    )
    page.locator("#id_sign_enrolment").select_option(str(first.enrolment_id))
    pad = page.locator("#signature")
    _signature(page, pad.locator("canvas"))
    click_and_wait(page, pad.get_by_role("button", name="Valider la signature"))
    assert f"Merci {first.enrolment.learner.first_name}, c'est signé." in page.inner_text("main")
    first.refresh_from_db()
    assert first.signed_at and first.signature

    # The trainer closes and countersigns: the sheet is frozen.
    closing = page.locator("#cloture")
    _signature(page, closing.locator("canvas"))
    click_and_wait(page, closing.get_by_role("button", name="Clôturer la feuille"))
    assert "Feuille clôturée" in page.inner_text("main")
    assert AttendanceSheet.objects.get(session=session).closed_at
    check(page, "feuille-cloturee")

    # Skills: one tap validates the next level.
    page.goto(f"{base}/formateur/session/{session.cohort.code}/competences/")
    check(page, "competences")
    before = SkillValidation.objects.count()
    button = page.locator("button.level-up").first
    label = button.get_attribute("aria-label")
    click_and_wait(page, button)
    assert SkillValidation.objects.count() == before + 1
    assert label.replace("Valider", "").strip() in page.inner_text("main") or "validé" in page.inner_text(
        "main"
    )
    check(page, "competence-validee")
