"""Catalogue and course pages are cached for visitors, and never show stale content after a
publish or a cohort change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Cohort
from tests.factories import CohortFactory, EnrolmentFactory, catalog_page, coordinator, course_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """The cache forgets pages once a change commits; tests run in a transaction that never
    does, so run what a commit would (the version bump) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def _upcoming(course, code, capacity=12):
    start = timezone.localdate() + timedelta(days=20)
    return CohortFactory(
        code=code,
        course=course,
        start_date=start,
        end_date=start + timedelta(days=30),
        status=Cohort.Status.OPEN,
        capacity=capacity,
    )


def test_second_visitor_gets_the_page_without_recomputing_it(client):
    course = course_page(title="Découpe vinyle")
    _upcoming(course, "DV-1")
    catalog = catalog_page()
    first, computed = _get(client, catalog.url)
    again, cached = _get(client, catalog.url)
    assert again == first and "Découpe vinyle" in again
    # Served before Wagtail's routing: not one query.
    assert computed > 0 and cached == 0
    body, cached_course = _get(client, course.url)
    body_again, cached_course = _get(client, course.url)
    assert body_again == body and "DV-1" in body_again and cached_course == 0


def test_publishing_a_course_shows_at_once_in_the_catalogue_and_its_page(client, committed):
    course = course_page(title="Découpe vinyle")
    catalog = catalog_page()
    assert "Découpe vinyle" in _get(client, catalog.url)[0]
    assert "Découpe vinyle" in _get(client, course.url)[0]
    course.title = "Découpe vinyle et flocage"
    with committed():
        course.save_revision().publish()
    assert "Découpe vinyle et flocage" in _get(client, catalog.url)[0]
    assert "Découpe vinyle et flocage" in _get(client, course.url)[0]
    with committed():
        new = course_page(title="Couture numérique")
    assert "Couture numérique" in _get(client, catalog.url)[0]
    with committed():
        new.unpublish()
    assert "Couture numérique" not in _get(client, catalog.url)[0]


def test_a_new_cohort_and_a_taken_seat_show_at_once(client, committed):
    course = course_page(title="Découpe vinyle")
    cohort = _upcoming(course, "DV-1", capacity=2)
    body = _get(client, course.url)[0]
    assert "DV-1" in body and "DV-2" not in body
    with committed():
        _upcoming(course, "DV-2")
    assert "DV-2" in _get(client, course.url)[0]
    before = _get(client, course.url)[0]
    with committed():
        EnrolmentFactory(cohort=cohort, status="admitted")
    assert _get(client, course.url)[0] != before  # one seat fewer


def test_logged_in_users_and_filtered_searches_are_not_mixed_up(client):
    course_page(title="Découpe vinyle")
    course_page(title="Couture numérique")
    catalog = catalog_page()
    _get(client, catalog.url)
    searched = _get(client, catalog.url + "?q=couture")[0]
    assert "Couture numérique" in searched and "Découpe vinyle" not in searched
    client.force_login(coordinator())
    body = _get(client, catalog.url)[0]
    assert "Déconnexion" in body or "deconnexion" in body
    client.logout()
    assert "deconnexion/" not in _get(client, catalog.url)[0]


def test_unknown_parameters_share_the_plain_page_and_filters_do_not(client):
    """Tracking tags must not each fill the cache; the catalogue's own filters are pages of their own."""
    course_page(title="Découpe vinyle")
    course_page(title="Couture numérique")
    catalog = catalog_page()
    plain, _ = _get(client, catalog.url)
    tagged, queries = _get(client, catalog.url + "?utm_source=lettre&x=" + "a" * 500)
    assert tagged == plain and queries == 0
    searched, queries = _get(client, catalog.url + "?q=couture")
    assert queries > 0 and "Découpe vinyle" not in searched


def test_page_links_carry_only_the_catalogue_filters(client, settings):
    """The page is cached under its filters alone: a link must not repeat what a visitor added."""
    from courses import selectors

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    for n in range(selectors.CATALOGUE_PAGE_SIZE + 1):
        course_page(title=f"Atelier {n:02d}")
    catalog = catalog_page()
    page, _ = _get(client, catalog.url + "?format=&x=%22%3E%3Cb%3Epirate&q=atelier")
    assert "pirate" not in page
    assert "?q=atelier&amp;page=2" in page
