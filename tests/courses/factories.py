"""Factories for the catalogue and sessions suites (shared ones live in tests/factories.py)."""

from datetime import date, time

from courses.models import Audience, Cohort, CourseModule, CoursePage
from courses.services import add_session
from courses.setup import ensure_publishing_rules
from lms.services import ensure_role_groups
from tests.factories import CohortFactory, catalog_page, course_page


def publishing_setup():
    """Role groups, the catalogue, and Wagtail's page permissions and workflow on it."""
    ensure_role_groups()
    catalog = catalog_page()
    ensure_publishing_rules()
    return catalog


def assigned_course(*trainers, **fields) -> CoursePage:
    page = course_page(**fields)
    page.trainers.set(trainers)
    page.save_revision().publish()
    return page


def course_with_modules(*, modules=(("Sécurité et réglages", 3), ("Fabriquer son objet", 9)), **fields):
    page = course_page(publish=False, **fields)
    for order, (title, hours) in enumerate(modules):
        page.modules.add(CourseModule(title=title, hours=hours, sort_order=order))
    page.save()
    page.save_revision().publish()
    return page


def cohort_for(*trainers, **fields) -> Cohort:
    cohort = CohortFactory(**fields)
    cohort.trainers.set(trainers)
    return cohort


def session(cohort, day: date, start=time(9, 0), end=time(12, 0), trainer=None):
    return add_session(cohort=cohort, date=day, start_time=start, end_time=end, trainer=trainer)


def audience(slug: str) -> Audience:
    return Audience.objects.get_or_create(slug=slug, defaults={"name": slug.capitalize()})[0]
