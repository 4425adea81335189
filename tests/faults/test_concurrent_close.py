"""Two trainers close the same sheet at the same moment while a learner signs on the tablet:
one close wins, the other trainer reads who closed it, and a signature reported as made is
never lost (it is on the closed sheet, or it was refused with the same message)."""

import html
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from learners.models import Attendance, AttendanceSheet
from tests.factories import trainer as make_trainer
from tests.learners.factories import PNG_SIGNATURE, running_session

ROUNDS = 4
CLOSED_OK = "La feuille est clôturée et signée."
CLOSED_BY = "La feuille d'émargement a été clôturée par"


def _post_at_once(requests):
    """Each (name, user, url, data) posted from its own thread and connection, released together."""
    barrier = threading.Barrier(len(requests))
    results = {}

    def post(name, user, url, data):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=20)
            response = client.post(url, data, follow=True)
            results[name] = (response.status_code, html.unescape(response.content.decode()))
        except Exception as exc:  # reported by the assertions below
            results[name] = (None, repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=r) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_one_close_wins_the_other_is_told_and_no_signature_is_lost(postgres_db):
    for _round in range(ROUNDS):
        session, anna, (signer, other) = running_session(learners=2)
        lea = make_trainer(first_name="Léa", last_name="Martin")
        session.cohort.trainers.add(lea)
        close = reverse("trainer:session_close", args=[session.pk])
        sign = reverse("trainer:session_sign", args=[session.pk])
        results = _post_at_once(
            [
                ("anna", anna, close, {"signature": PNG_SIGNATURE}),
                ("lea", lea, close, {"signature": PNG_SIGNATURE}),
                ("tablet", anna, sign, {"enrolment": signer.pk, "signature": PNG_SIGNATURE}),
            ]
        )
        assert all(status == 200 for status, _ in results.values()), results
        won = [name for name in ("anna", "lea") if CLOSED_OK in results[name][1]]
        assert len(won) == 1, results
        loser = "lea" if won == ["anna"] else "anna"
        winner_name = "Léa Martin" if won == ["lea"] else anna.get_full_name()
        assert f"{CLOSED_BY} {winner_name}" in results[loser][1]

        sheet = AttendanceSheet.objects.get(session=session)
        assert sheet.is_closed and sheet.closed_by == (lea if won == ["lea"] else anna)
        mark = Attendance.objects.get(session=session, enrolment=signer)
        if "c'est signé" in results["tablet"][1]:
            assert (mark.status, mark.signature) == ("present", PNG_SIGNATURE)
        else:  # arrived after the close: refused with the reason, marked absent by the close
            assert CLOSED_BY in results["tablet"][1]
            assert (mark.status, mark.signature) == ("absent_unjustified", "")
        assert Attendance.objects.filter(session=session).count() == 2
