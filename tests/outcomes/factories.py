"""Factories for the outcomes and reporting suites."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from learners.models import Attendance
from learners.outcomes.models import Outcome, SelfReportLink
from tests.factories import EnrolmentFactory


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    enrolment = factory.SubFactory(EnrolmentFactory, status="completed")
    checkpoint = "sortie"
    situation = "cdi"
    observed_on = factory.LazyFunction(lambda: date(2025, 7, 1))
    source = "autre"


class SelfReportLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfReportLink

    enrolment = factory.SubFactory(EnrolmentFactory, status="completed")
    checkpoint = "3_mois"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


def attend(enrolment, session, status="present", minutes=None):
    if minutes is None:
        minutes = session.planned_minutes if status in Attendance.ATTENDED else 0
    return Attendance.objects.create(enrolment=enrolment, session=session, status=status, minutes=minutes)
