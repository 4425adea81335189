"""Hours per enrolment: what certificates and funders are paid on, against hand-computed figures."""

from datetime import date, time, timedelta

import pytest

from learners.models import Attendance, Placement
from learners.selectors import enrolment_hours
from tests.factories import CohortFactory, EnrolmentFactory, SessionFactory

from .factories import AttendanceFactory, PlacementFactory

pytestmark = pytest.mark.django_db

S = Attendance.Status


@pytest.fixture
def cohort():
    cohort = CohortFactory(start_date=date(2026, 3, 2), end_date=date(2026, 9, 30))
    # 210 + 180 + 240 = 630 planned minutes
    SessionFactory(cohort=cohort, date=date(2026, 3, 2), start_time=time(9), end_time=time(12, 30))
    SessionFactory(cohort=cohort, date=date(2026, 3, 3), start_time=time(13, 30), end_time=time(16, 30))
    SessionFactory(cohort=cohort, date=date(2026, 3, 4), start_time=time(8), end_time=time(12))
    return cohort


def test_hours_add_up_as_computed_by_hand(cohort, django_assert_num_queries):
    s1, s2, s3 = cohort.sessions.order_by("date")
    ana = EnrolmentFactory(cohort=cohort)
    AttendanceFactory(enrolment=ana, session=s1, status=S.PRESENT, minutes=210)
    AttendanceFactory(enrolment=ana, session=s2, status=S.LATE, minutes=150)
    AttendanceFactory(enrolment=ana, session=s3, status=S.ABSENT_UNJUSTIFIED, minutes=0)
    # 6 weeks at 35 h, ended long ago: 42 days → 35 × 60 × 42 / 7 = 12,600 minutes.
    PlacementFactory(
        enrolment=ana,
        start_date=date(2026, 4, 6),
        end_date=date(2026, 5, 17),
        weekly_hours=35,
        status=Placement.Status.ENDED,
    )
    bob = EnrolmentFactory(cohort=cohort)
    AttendanceFactory(enrolment=bob, session=s1, status=S.LEFT_EARLY, minutes=120)
    AttendanceFactory(enrolment=bob, session=s2, status=S.ABSENT_JUSTIFIED, minutes=0)
    # A draft agreement counts no hours.
    PlacementFactory(enrolment=bob, status=Placement.Status.DRAFT)
    carla = EnrolmentFactory(cohort=cohort)  # nothing recorded yet

    with django_assert_num_queries(5):
        hours = enrolment_hours([ana.pk, bob.pk, carla.pk], today=date(2026, 10, 1))

    assert hours[ana.pk] == {"planned_minutes": 630, "attended_minutes": 360, "company_minutes": 12600}
    assert hours[bob.pk] == {"planned_minutes": 630, "attended_minutes": 120, "company_minutes": 0}
    assert hours[carla.pk] == {"planned_minutes": 630, "attended_minutes": 0, "company_minutes": 0}


def test_running_placement_counts_only_weeks_already_done(cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    today = date(2026, 6, 14)
    # Started 14 days ago (15 days counted, today included) at 28 h/week → 28 × 60 × 15 / 7 = 3,600.
    PlacementFactory(
        enrolment=enrolment,
        start_date=today - timedelta(days=14),
        end_date=today + timedelta(days=100),
        weekly_hours=28,
    )
    # A placement that has not started yet counts nothing.
    PlacementFactory(
        enrolment=enrolment, start_date=today + timedelta(days=1), end_date=today + timedelta(days=30)
    )
    assert enrolment_hours([enrolment.pk], today=today)[enrolment.pk]["company_minutes"] == 3600


def test_query_count_does_not_grow_with_enrolments(cohort, django_assert_num_queries):
    ids = [EnrolmentFactory(cohort=cohort).pk for _ in range(30)]
    other = CohortFactory()
    ids += [EnrolmentFactory(cohort=other).pk for _ in range(10)]
    # No placement among them: the company-hours query is skipped.
    with django_assert_num_queries(4):
        hours = enrolment_hours(ids)
    assert len(hours) == 40
    assert enrolment_hours([]) == {}


def test_recorded_company_weeks_replace_the_planned_schedule(cohort):
    from decimal import Decimal

    from learners.immersion.models import CompanyHours

    enrolment = EnrolmentFactory(cohort=cohort)
    today = date(2026, 6, 14)
    placement = PlacementFactory(
        enrolment=enrolment, start_date=today - timedelta(days=14), end_date=today, weekly_hours=35
    )
    # The tutor's sheets say 30 h and 32.5 h were done, not the 35 h a week planned.
    CompanyHours.objects.create(placement=placement, week_start=date(2026, 6, 1), hours=Decimal("30"))
    CompanyHours.objects.create(placement=placement, week_start=date(2026, 6, 8), hours=Decimal("32.5"))
    assert enrolment_hours([enrolment.pk], today=today)[enrolment.pk]["company_minutes"] == 3750
