"""PreparedRead: the certificate issue path's reads, compiled once, must read what the ORM reads."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from learners.models import Enrolment
from lms.prepared import PreparedRead
from tests.factories import CohortFactory, EnrolmentFactory, LearnerFactory, SessionFactory, course_page

pytestmark = pytest.mark.django_db

PLACEHOLDER = -424_242


def _enrolments(cohort_id):
    return (
        Enrolment.objects.filter(cohort_id=cohort_id)
        .select_related("learner", "cohort__course")
        .annotate(sessions=Count("cohort__sessions"))
        .order_by("pk")
    )


def test_each_call_reads_its_own_values_with_related_objects_in_one_query():
    read = PreparedRead(lambda cohort_id: _enrolments(cohort_id), cohort_id=PLACEHOLDER)
    course = course_page(title="Découverte de la fabrication numérique")
    first, second = CohortFactory(course=course), CohortFactory(course=course)
    SessionFactory(cohort=first, date=first.start_date)
    SessionFactory(cohort=first, date=first.start_date + timedelta(days=1))
    mine = EnrolmentFactory(
        cohort=first, learner=LearnerFactory(first_name="Aïcha", birth_date=date(1999, 4, 2))
    )
    EnrolmentFactory(cohort=second)

    assert [e.pk for e in read(cohort_id=first.pk)] == [mine.pk]
    with CaptureQueriesContext(connection) as queries:
        (enrolment,) = read(cohort_id=first.pk)
        # Everything select_related and annotated is there, converted as the ORM would.
        assert enrolment.learner.first_name == "Aïcha"
        assert enrolment.learner.birth_date == date(1999, 4, 2)
        assert enrolment.cohort.start_date == first.start_date
        assert enrolment.cohort.course.title == "Découverte de la fabrication numérique"
        assert enrolment.sessions == 2
    assert len(queries) == 1
    assert [e.pk for e in read(cohort_id=second.pk)] != [mine.pk]
    assert read(cohort_id=0) == []


def test_a_locking_read_runs_inside_the_callers_transaction():
    read = PreparedRead(
        lambda pk: Enrolment.objects.select_for_update(of=("self",)).filter(pk=pk).order_by(), pk=PLACEHOLDER
    )
    enrolment = EnrolmentFactory()
    with transaction.atomic():
        assert read.one(pk=enrolment.pk).pk == enrolment.pk
        assert read.one(pk=0) is None


def test_a_placeholder_folded_into_the_sql_text_is_refused():
    # A slice becomes LIMIT text, not a parameter: the statement could not take new values.
    read = PreparedRead(lambda n: Enrolment.objects.all()[:n], n=7)
    with pytest.raises(ImproperlyConfigured):
        read(n=3)
