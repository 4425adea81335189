"""Factories for the learners suite (the shared ones live in tests/factories.py)."""

from datetime import timedelta

import factory
from django.utils import timezone

from learners.models import Attendance, Placement
from tests.factories import EnrolmentFactory, SessionFactory, TutorFactory


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory)
    session = factory.LazyAttribute(lambda a: SessionFactory(cohort=a.enrolment.cohort))
    status = Attendance.Status.PRESENT
    minutes = factory.LazyAttribute(
        lambda a: 0 if a.status not in Attendance.ATTENDED else a.session.planned_minutes
    )


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    enrolment = factory.SubFactory(EnrolmentFactory)
    tutor = factory.SubFactory(TutorFactory)
    company = factory.LazyAttribute(lambda p: p.tutor.company)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=13))
    end_date = factory.LazyAttribute(lambda p: p.start_date + timedelta(days=180))
    weekly_hours = 35
    status = Placement.Status.RUNNING


PNG_SIGNATURE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def running_session(*, learners=3, trainer=None, date=None, **session_fields):
    """A cohort run by `trainer` with `learners` people in training and one session (today by
    default). Returns (session, trainer, enrolments)."""
    from tests.factories import CohortFactory
    from tests.factories import trainer as make_trainer

    trainer = trainer or make_trainer()
    today = timezone.localdate()
    cohort = CohortFactory(start_date=today - timedelta(days=30), end_date=today + timedelta(days=30))
    cohort.trainers.add(trainer)
    session = SessionFactory(cohort=cohort, date=date or today, trainer=trainer, **session_fields)
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(learners)]
    return session, trainer, enrolments
