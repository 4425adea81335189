"""lms.prepared: reads compiled once must read what the ORM reads; fewer round trips must keep
the transaction's meaning."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from certificates.models import CertificateCounter
from learners.models import Enrolment
from lms.prepared import PreparedRead, atomic_begun_by_first_statement, run_together
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


def test_statements_run_together_give_each_its_own_rows_in_one_round_trip():
    cohort = CohortFactory(code="FAB-2027-01")
    EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort)
    table = connection.ops.quote_name(Enrolment._meta.db_table)
    with CaptureQueriesContext(connection) as queries:
        counted, nothing, codes = run_together(
            [
                (f"SELECT COUNT(*) FROM {table} WHERE cohort_id = %s", [cohort.pk]),  # noqa: S608
                (f"UPDATE {table} SET status = status WHERE id = %s", [0]),  # noqa: S608
                ("SELECT %s", ["FAB-2027-01"]),
            ]
        )
    assert counted == [(2,)]
    assert nothing == []
    assert codes == [("FAB-2027-01",)]
    assert len(queries) == (1 if connection.vendor == "postgresql" else 3)


def _years_seen_by_another_connection():
    """What other clients see: on the block's own connection an open transaction looks committed."""
    if connection.vendor != "postgresql":
        return sorted(CertificateCounter.objects.values_list("year", flat=True))
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"], host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None
    ) as other:
        table = connection.ops.quote_name(CertificateCounter._meta.db_table)
        return [year for (year,) in other.execute(f"SELECT year FROM {table} ORDER BY year")]  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_a_block_begun_by_its_first_statement_commits_or_rolls_back_as_atomic_does():
    with atomic_begun_by_first_statement() as trip, CaptureQueriesContext(connection) as queries:
        CertificateCounter.objects.create(year=2031, last_number=4)
        assert _years_seen_by_another_connection() == ([] if trip.active else [2031])
    if connection.vendor == "postgresql":
        assert trip.active
        # No round trip of its own for BEGIN: it went with the insert.
        assert [q["sql"] for q in queries if q["sql"] != "BEGIN"][0].startswith("BEGIN; INSERT")
    assert _years_seen_by_another_connection() == [2031]

    with pytest.raises(ValueError), atomic_begun_by_first_statement():
        assert CertificateCounter.objects.filter(year=2031).update(last_number=5) == 1  # its own count
        CertificateCounter.objects.create(year=2032)
        raise ValueError("refus")
    assert list(CertificateCounter.objects.values_list("year", "last_number")) == [(2031, 4)]

    # A first statement that fails leaves nothing open: the connection goes on.
    with pytest.raises(IntegrityError), atomic_begun_by_first_statement():
        CertificateCounter.objects.create(year=2031)
    with atomic_begun_by_first_statement():
        CertificateCounter.objects.create(year=2033)
    assert _years_seen_by_another_connection() == [2031, 2033]


@pytest.mark.django_db(transaction=True)
def test_the_commit_may_go_with_the_awaited_last_statement_and_nothing_may_run_after_it():
    table = connection.ops.quote_name(CertificateCounter._meta.db_table)
    committed = []
    with atomic_begun_by_first_statement() as trip, CaptureQueriesContext(connection) as queries:
        CertificateCounter.objects.create(year=2031)
        transaction.on_commit(lambda: committed.append(_years_seen_by_another_connection()))
        trip.commit_with_next_statement(f"INSERT INTO {table} ")
        CertificateCounter.objects.create(year=2032)
        if trip.active:
            assert queries[-1]["sql"].endswith("; COMMIT")
            assert _years_seen_by_another_connection() == [2031, 2032]  # committed already
    assert committed == [[2031, 2032]]  # hooks run once committed, as with atomic

    if connection.vendor != "postgresql":
        return
    # Another statement before the awaited one: refused before it runs, and all rolls back.
    with pytest.raises(transaction.TransactionManagementError), atomic_begun_by_first_statement() as trip:
        CertificateCounter.objects.filter(year=2031).update(last_number=9)
        trip.commit_with_next_statement(f"INSERT INTO {table} ")
        CertificateCounter.objects.filter(year=2032).update(last_number=9)
    # A write after the block's own COMMIT would escape the transaction: refused.
    with pytest.raises(transaction.TransactionManagementError), atomic_begun_by_first_statement() as trip:
        trip.commit_with_next_statement(f"INSERT INTO {table} ")
        CertificateCounter.objects.create(year=2033)
        CertificateCounter.objects.create(year=2034)
    assert list(CertificateCounter.objects.values_list("year", "last_number").order_by("year")) == [
        (2031, 0),
        (2032, 0),
        (2033, 0),
    ]


def test_inside_another_transaction_the_block_is_a_plain_savepoint():
    with transaction.atomic():
        with atomic_begun_by_first_statement() as trip:
            assert not trip.active
            trip.commit_with_next_statement("INSERT")  # nothing to join: the outer block commits
            CertificateCounter.objects.create(year=2031)
        assert CertificateCounter.objects.filter(year=2031).exists()
        transaction.set_rollback(True)
    assert not CertificateCounter.objects.filter(year=2031).exists()
