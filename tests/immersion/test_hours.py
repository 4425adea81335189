"""Company hours per week, counted in the learner's hours."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from learners.immersion import services
from learners.immersion.selectors import company_minutes, weeks_of
from learners.models import Placement

from .factories import draft_placement, placement

pytestmark = pytest.mark.django_db


def monday(d):
    return d - timedelta(days=d.weekday())


def test_recorded_weeks_replace_the_planned_hours():
    p = placement()
    planned = company_minutes([p.enrolment_id])[p.enrolment_id]
    assert planned > 0  # weekly hours × weeks elapsed while nothing is recorded
    week = monday(p.start_date)
    services.record_company_hours(placement=p, week_start=week, hours=30, by=None)
    services.record_company_hours(placement=p, week_start=week + timedelta(days=7), hours=12.5, by=None)
    assert company_minutes([p.enrolment_id])[p.enrolment_id] == int(42.5 * 60)
    # Recording a week again replaces it.
    services.record_company_hours(placement=p, week_start=week, hours=35, by=None)
    assert company_minutes([p.enrolment_id])[p.enrolment_id] == int(47.5 * 60)


def test_week_rules():
    p = placement()
    with pytest.raises(ValidationError, match="lundi"):
        services.record_company_hours(
            placement=p, week_start=monday(p.start_date) + timedelta(days=1), hours=3, by=None
        )
    with pytest.raises(ValidationError, match="en dehors"):
        services.record_company_hours(
            placement=p, week_start=monday(p.end_date) + timedelta(days=14), hours=3, by=None
        )
    with pytest.raises(ValidationError):
        services.record_company_hours(placement=p, week_start=monday(p.start_date), hours=60, by=None)


def test_no_hours_before_the_agreement_is_signed():
    p = draft_placement()
    with pytest.raises(ValidationError, match="signée"):
        services.record_company_hours(placement=p, week_start=monday(p.start_date), hours=35, by=None)
    assert company_minutes([p.enrolment_id])[p.enrolment_id] == 0


def test_weeks_of_a_placement():
    p = placement(status=Placement.Status.RUNNING)
    weeks = weeks_of(p)
    assert weeks[0]["week_start"] == monday(p.start_date)
    assert all(w["week_start"].weekday() == 0 for w in weeks)
