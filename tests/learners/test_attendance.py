"""Attendance on the day: roll-call, signatures, closing, and a closed sheet that never changes."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from learners.models import Attendance, AttendanceAmendment, AttendanceSheet, Enrolment, Learner
from learners.services import attendance as att
from tests.factories import EnrolmentFactory
from tests.factories import trainer as make_trainer

from .factories import PNG_SIGNATURE, running_session

pytestmark = pytest.mark.django_db
S = Attendance.Status


@pytest.fixture
def day():
    session, trainer, enrolments = running_session(learners=3)
    return session, trainer, enrolments


def _closed(day):
    session, trainer, enrolments = day
    att.record_attendance(session=session, enrolment=enrolments[0], status=S.PRESENT, by=trainer)
    att.record_attendance(session=session, enrolment=enrolments[1], status=S.LATE, minutes=180, by=trainer)
    att.close_sheet(session=session, by=trainer, signature=PNG_SIGNATURE)
    return session, trainer, enrolments


def test_roll_call_defaults_minutes_to_the_planned_duration(day):
    session, trainer, (ana, bob, _) = day
    present = att.record_attendance(session=session, enrolment=ana, status=S.PRESENT, by=trainer)
    late = att.record_attendance(session=session, enrolment=bob, status=S.LATE, minutes=150, by=trainer)
    assert session.planned_minutes == 210
    assert (present.status, present.minutes, present.method) == (S.PRESENT, 210, "roll_call")
    assert (late.status, late.minutes) == (S.LATE, 150)
    # A second tap changes the mark, it does not add one.
    att.record_attendance(session=session, enrolment=ana, status=S.ABSENT_JUSTIFIED, by=trainer)
    assert Attendance.objects.get(enrolment=ana).minutes == 0
    assert Attendance.objects.filter(session=session).count() == 2


def test_roll_call_refuses_minutes_beyond_the_session(day):
    session, trainer, (ana, *_) = day
    with pytest.raises(ValidationError, match="entre 1 et 210"):
        att.record_attendance(session=session, enrolment=ana, status=S.LATE, minutes=400, by=trainer)
    assert not Attendance.objects.exists()


def test_only_the_cohorts_trainers_take_the_roll(day):
    session, _, (ana, *_) = day
    with pytest.raises(ValidationError, match="Seuls les formateurs"):
        att.record_attendance(session=session, enrolment=ana, status=S.PRESENT, by=make_trainer())
    assert not Attendance.objects.exists()


def test_someone_from_another_cohort_is_not_on_the_sheet(day):
    session, trainer, _ = day
    with pytest.raises(ValidationError, match="pas inscrite"):
        att.record_attendance(session=session, enrolment=EnrolmentFactory(), status=S.PRESENT, by=trainer)


def test_drawn_signature_is_kept_with_time_and_method(day):
    session, trainer, (ana, *_) = day
    mark = att.sign_on_device(session=session, enrolment=ana, signature=PNG_SIGNATURE, by=trainer)
    assert (mark.status, mark.minutes, mark.method) == (S.PRESENT, 210, "drawn")
    assert mark.signature == PNG_SIGNATURE and mark.signed_at is not None
    with pytest.raises(ValidationError, match="déjà signé"):
        att.sign_on_device(session=session, enrolment=ana, signature=PNG_SIGNATURE, by=trainer)


@pytest.mark.parametrize(
    "bad",
    ["", "data:image/jpeg;base64,AAAA", "data:image/png;base64,%%%", "data:image/png;base64,aGVsbG8="],
)
def test_empty_or_forged_signatures_are_refused(day, bad):
    session, trainer, (ana, *_) = day
    with pytest.raises(ValidationError):
        att.sign_on_device(session=session, enrolment=ana, signature=bad, by=trainer)
    assert not Attendance.objects.exists()


def test_closing_marks_the_missing_as_absent_and_freezes_the_sheet(day):
    session, trainer, enrolments = _closed(day)
    sheet = AttendanceSheet.objects.get(session=session)
    assert sheet.is_closed and sheet.closed_by == trainer and sheet.trainer_signature == PNG_SIGNATURE
    statuses = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    assert statuses == {
        enrolments[0].pk: S.PRESENT,
        enrolments[1].pk: S.LATE,
        enrolments[2].pk: S.ABSENT_UNJUSTIFIED,
    }


def test_closed_sheet_refuses_every_service_write(day):
    session, trainer, enrolments = _closed(day)
    calls = [
        lambda: att.record_attendance(session=session, enrolment=enrolments[2], status=S.PRESENT, by=trainer),
        lambda: att.sign_on_device(
            session=session, enrolment=enrolments[2], signature=PNG_SIGNATURE, by=trainer
        ),
        lambda: att.close_sheet(session=session, by=trainer, signature=PNG_SIGNATURE),
        lambda: att.add_walk_in(
            session=session, by=trainer, first_name="Léo", last_name="Petit", birth_date="2001-02-03"
        ),
    ]
    for call in calls:
        with pytest.raises(ValidationError, match="clôturée"):
            call()
    assert Attendance.objects.get(enrolment=enrolments[2]).status == S.ABSENT_UNJUSTIFIED
    assert not Learner.objects.filter(last_name="Petit").exists()


def test_closed_sheet_refuses_an_http_post(client, day):
    session, trainer, enrolments = _closed(day)
    client.force_login(trainer)
    response = client.post(
        reverse("trainer:session_mark", args=[session.pk]),
        {"enrolment": enrolments[2].pk, "status": S.PRESENT},
        follow=True,
    )
    assert response.status_code == 200
    assert "a été clôturée par" in response.content.decode()
    assert Attendance.objects.get(enrolment=enrolments[2]).status == S.ABSENT_UNJUSTIFIED


def test_closed_sheet_refuses_raw_database_writes(day):
    session, trainer, enrolments = _closed(day)
    mark = Attendance.objects.get(enrolment=enrolments[2])
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(pk=mark.pk).update(status=S.PRESENT, minutes=210)
    with pytest.raises(IntegrityError), transaction.atomic():
        mark.signature = PNG_SIGNATURE
        mark.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(pk=mark.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            session=session, enrolment=EnrolmentFactory(cohort=session.cohort), status=S.PRESENT
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceSheet.objects.filter(session=session).update(trainer_signature="data:image/png;base64,x")
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceSheet.objects.filter(session=session).delete()
    mark.refresh_from_db()
    assert (mark.status, mark.minutes, mark.signature) == (S.ABSENT_UNJUSTIFIED, 0, "")


def test_amendment_is_the_only_way_and_leaves_a_trail(client, day):
    session, trainer, enrolments = _closed(day)
    mark = Attendance.objects.get(enrolment=enrolments[2])
    with pytest.raises(ValidationError, match="motif"):
        att.amend_attendance(attendance=mark, status=S.ABSENT_JUSTIFIED, reason="  ", by=trainer)
    amendment = att.amend_attendance(
        attendance=mark, status=S.ABSENT_JUSTIFIED, reason="Certificat médical reçu le lendemain.", by=trainer
    )
    mark.refresh_from_db()
    assert mark.status == S.ABSENT_JUSTIFIED
    assert (amendment.old_status, amendment.new_status, amendment.author) == (
        S.ABSENT_UNJUSTIFIED,
        S.ABSENT_JUSTIFIED,
        trainer,
    )
    # The amendment itself can be neither changed nor removed.
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceAmendment.objects.filter(pk=amendment.pk).update(reason="autre chose")
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceAmendment.objects.filter(pk=amendment.pk).delete()
    # Shown on the session page and on the PDF sheet.
    client.force_login(trainer)
    page = client.get(reverse("trainer:session", args=[session.pk])).content.decode()
    assert "Certificat médical reçu le lendemain." in page
    assert "Absent non justifié → Absent justifié" in page
    pdf = client.get(reverse("trainer:session_pdf", args=[session.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Certificat médical reçu le lendemain." in text
    assert "Corrections après clôture" in text


def test_amendment_over_http_with_no_reason_changes_nothing(client, day):
    session, trainer, enrolments = _closed(day)
    mark = Attendance.objects.get(enrolment=enrolments[2])
    client.force_login(trainer)
    response = client.post(
        reverse("trainer:session_amend", args=[session.pk]),
        {"attendance": mark.pk, "status": S.PRESENT, "reason": ""},
        follow=True,
    )
    assert "Motif de la correction" in response.content.decode()
    mark.refresh_from_db()
    assert mark.status == S.ABSENT_UNJUSTIFIED and not mark.amendments.exists()


def test_walk_in_is_enrolled_and_marked_present(day):
    session, trainer, _ = day
    mark = att.add_walk_in(
        session=session, by=trainer, first_name="Lina", last_name="Diallo", birth_date="2003-04-05"
    )
    assert mark.status == S.PRESENT and mark.minutes == 210
    enrolment = mark.enrolment
    assert enrolment.cohort == session.cohort and enrolment.status == Enrolment.Status.IN_TRAINING
    assert enrolment.events.get().comment.startswith("Arrivé(e) sans inscription")
    # Coming again to the next session finds the same person, no duplicate.
    again = att.add_walk_in(
        session=session, by=trainer, first_name="lina", last_name="DIALLO", birth_date="2003-04-05"
    )
    assert again.enrolment == enrolment
    assert Learner.objects.filter(last_name__iexact="diallo").count() == 1


def test_walk_in_into_a_full_cohort_is_refused(day):
    session, trainer, _ = day
    session.cohort.capacity = 3
    session.cohort.save()
    with pytest.raises(ValidationError, match="complète"):
        att.add_walk_in(
            session=session, by=trainer, first_name="Tom", last_name="Morel", birth_date="2000-01-01"
        )
    assert not Learner.objects.filter(last_name="Morel").exists()


@pytest.mark.django_db(transaction=True)
def test_two_trainers_closing_at_once_one_wins_the_other_is_told(postgres_db):
    session, trainer, _ = running_session(learners=2)
    other = make_trainer(first_name="Léa", last_name="Martin")
    session.cohort.trainers.add(other)
    first_closed, results = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                att.close_sheet(session=session, by=other, signature=PNG_SIGNATURE)
                first_closed.set()
                time.sleep(0.5)  # hold the row lock while the second trainer tries
            results["first"] = "ok"
        finally:
            connection.close()

    def second():
        first_closed.wait(5)
        try:
            att.close_sheet(session=session, by=trainer, signature=PNG_SIGNATURE)
            results["second"] = "ok"
        except ValidationError as exc:
            results["second"] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results["first"] == "ok"
    assert results["second"].startswith("La feuille d'émargement a été clôturée par Léa Martin")
    sheet = AttendanceSheet.objects.get(session=session)
    assert sheet.closed_by == other
    assert Attendance.objects.filter(session=session).count() == 2


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    # Table cells wrap lines: compare with single spaces.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
