"""The attended-minutes summary the funder reports read follows every write to attendance, also
when two people record marks for the same learner at the same moment."""

import io
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.models import Sum

from learners.models import Attendance, AttendanceSummary
from tests.factories import EnrolmentFactory, SessionFactory

from .factories import AttendanceFactory

_day = iter(range(1, 10_000))


def _session(enrolment):
    return SessionFactory(
        cohort=enrolment.cohort, date=enrolment.cohort.start_date + timedelta(days=next(_day))
    )


def _mark(enrolment, minutes, status="present"):
    return AttendanceFactory(enrolment=enrolment, session=_session(enrolment), status=status, minutes=minutes)


def _summary(enrolment) -> int:
    row = AttendanceSummary.objects.filter(enrolment=enrolment).first()
    return row.attended_minutes if row else 0


def _actual(enrolment) -> int:
    rows = Attendance.objects.filter(enrolment=enrolment, status__in=Attendance.ATTENDED)
    return rows.aggregate(total=Sum("minutes"))["total"] or 0


@pytest.mark.django_db
def test_summary_follows_marks_corrections_and_deletions():
    enrolment = EnrolmentFactory()
    first = _mark(enrolment, 210)
    _mark(enrolment, 180)
    assert _summary(enrolment) == 390
    Attendance.objects.filter(pk=first.pk).update(status=Attendance.Status.ABSENT_UNJUSTIFIED, minutes=0)
    assert _summary(enrolment) == 180
    Attendance.objects.bulk_create(
        [
            Attendance(enrolment=enrolment, session=_session(enrolment), status="late", minutes=150)
            for _ in range(3)
        ]
    )
    assert _summary(enrolment) == 630 == _actual(enrolment)
    Attendance.objects.filter(enrolment=enrolment, status="late").delete()
    assert _summary(enrolment) == 180


@pytest.mark.django_db
def test_check_command_finds_and_repairs_a_summary_that_drifted():
    enrolment = EnrolmentFactory()
    _mark(enrolment, 210)
    out = io.StringIO()
    call_command("verifier_cumuls_presence", stdout=out)
    assert "Cumuls de présence exacts." in out.getvalue()

    AttendanceSummary.objects.filter(enrolment=enrolment).update(attended_minutes=5)  # a restore gone wrong
    with pytest.raises(CommandError, match="1 cumul\\(s\\) de présence faux"):
        call_command("verifier_cumuls_presence", stdout=io.StringIO())
    out = io.StringIO()
    call_command("verifier_cumuls_presence", "--reparer", stdout=out)
    assert f"Inscription {enrolment.pk} : cumul 5 min, émargements 210 min" in out.getvalue()
    assert _summary(enrolment) == 210


@pytest.mark.django_db(transaction=True)
def test_two_transactions_marking_the_same_learner_at_once_both_count(postgres_db):
    """The second transaction writes while the first has not committed: it sees only its own
    row, and a summary recomputed from that view would lose the first one's minutes."""
    enrolment = EnrolmentFactory()
    _mark(enrolment, 60)  # the summary row exists: both transactions update it
    sessions = [_session(enrolment) for _ in range(2)]
    first_written = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                Attendance.objects.create(
                    enrolment=enrolment, session=sessions[0], status="present", minutes=210
                )
                first_written.set()
                time.sleep(1)  # the second one starts meanwhile and waits on the summary row
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            first_written.set()
            connections.close_all()

    def second():
        try:
            first_written.wait(20)
            with transaction.atomic():
                Attendance.objects.create(
                    enrolment=enrolment, session=sessions[1], status="present", minutes=180
                )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    connection.close()
    assert _actual(enrolment) == 450
    assert _summary(enrolment) == 450
