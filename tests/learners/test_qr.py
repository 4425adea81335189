"""Signing with the rotating QR code: only oneself, only if enrolled, only while the code is fresh."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from learners import qr
from learners.models import Attendance
from tests.factories import EnrolmentFactory, learner_user

from .factories import running_session

pytestmark = pytest.mark.django_db

# 30-second windows: 10:00:00 Paris starts one.
T0 = timezone.make_aware(timezone.datetime(2026, 11, 24, 10, 0, 0))


@pytest.fixture
def day():
    with freeze_time(T0):
        session, trainer, enrolments = running_session(learners=2, date=T0.date())
    yasmine = learner_user(learner=enrolments[0].learner)
    karim = learner_user(learner=enrolments[1].learner)
    return session, trainer, enrolments, yasmine, karim


def _sign(client, token):
    return client.post(reverse("learner_space:sign", args=[token]), follow=True)


def test_token_is_accepted_for_its_window_and_the_next_only(day):
    session = day[0]
    now = T0.timestamp()
    token = qr.make_token(session.pk, now=now)
    assert qr.read_token(token, now=now) == session.pk
    assert qr.read_token(token, now=now + 59) == session.pk
    assert qr.read_token(token, now=now + 60) is None
    assert qr.read_token(token, now=now - 31) is None
    # A forged or edited code is refused.
    sid, window, sig = token.split("-", 2)
    assert qr.read_token(f"{int(sid) + 1}-{window}-{sig}", now=now) is None
    assert qr.read_token(f"{sid}-{int(window) + 1}-{sig}", now=now + 30) is None
    assert qr.read_token("n'importe quoi", now=now) is None


def test_learner_signs_for_themselves_with_a_fresh_code(client, day):
    session, _, (mine, other), yasmine, _ = day
    client.force_login(yasmine)
    with freeze_time(T0 + timedelta(seconds=5)):
        token = qr.make_token(session.pk)
        page = client.get(reverse("learner_space:sign", args=[token]))
        assert "Je suis là, je signe" in page.content.decode()
        # Trying to pass another learner's enrolment changes nothing: one signs as oneself.
        response = client.post(
            reverse("learner_space:sign", args=[token]), {"enrolment": other.pk}, follow=True
        )
    assert "C&#x27;est signé" in response.content.decode() or "C'est signé" in response.content.decode()
    mark = Attendance.objects.get(session=session)
    assert mark.enrolment == mine and mark.method == "qr" and mark.recorded_by == yasmine
    assert not Attendance.objects.filter(enrolment=other).exists()


def test_a_code_cannot_be_replayed_after_it_expires(client, day):
    session, _, (mine, _other), yasmine, karim = day
    with freeze_time(T0):
        token = qr.make_token(session.pk)
    client.force_login(karim)
    with freeze_time(T0 + timedelta(seconds=75)):
        response = _sign(client, token)
    assert response.status_code == 400
    assert "Ce QR code n&#x27;est plus valable" in response.content.decode()
    assert not Attendance.objects.exists()


def test_signing_twice_is_refused_and_keeps_the_first_time(client, day):
    session, _, (mine, _), yasmine, _ = day
    client.force_login(yasmine)
    with freeze_time(T0 + timedelta(seconds=1)):
        _sign(client, qr.make_token(session.pk))
    with freeze_time(T0 + timedelta(seconds=40)):
        response = _sign(client, qr.make_token(session.pk))
    assert "a déjà signé à 10:00" in response.content.decode()
    assert Attendance.objects.get(enrolment=mine).signed_at == T0 + timedelta(seconds=1)


def test_a_learner_not_enrolled_cannot_sign(client, day):
    session = day[0]
    stranger = learner_user(learner=EnrolmentFactory().learner)
    client.force_login(stranger)
    with freeze_time(T0 + timedelta(seconds=3)):
        response = _sign(client, qr.make_token(session.pk))
    assert response.status_code == 400
    assert "pas inscrit(e) à cette séance" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_learner_cannot_use_the_trainer_pages_to_sign_for_someone(client, day):
    session, _, (_, other), yasmine, _ = day
    client.force_login(yasmine)
    response = client.post(
        reverse("trainer:session_sign", args=[session.pk]),
        {"enrolment": other.pk, "signature": "data:image/png;base64,AAAA"},
    )
    assert response.status_code == 404
    assert client.get(reverse("trainer:session_qr", args=[session.pk])).status_code == 404
    assert not Attendance.objects.exists()


def test_the_trainer_page_serves_a_fresh_qr_code(client, day):
    session, trainer, *_ = day
    client.force_login(trainer)
    with freeze_time(T0 + timedelta(seconds=12)):
        data = client.get(reverse("trainer:session_qr", args=[session.pk])).json()
        assert data["seconds_left"] == 18
        token = data["url"].rstrip("/").rsplit("/", 1)[1]
        assert qr.read_token(token) == session.pk
    assert data["svg"].startswith("<svg")


def test_scanning_before_logging_in_still_works_but_not_forever(client, day):
    session, _, (mine, _), yasmine, karim = day
    with freeze_time(T0 + timedelta(seconds=2)):
        token = qr.make_token(session.pk)
        response = client.get(reverse("learner_space:sign", args=[token]))
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    # Logging in took two minutes: the code on the screen changed, the scan still counts.
    client.force_login(yasmine)
    with freeze_time(T0 + timedelta(seconds=120)):
        response = _sign(client, token)
    assert "C&#x27;est signé" in response.content.decode()
    assert Attendance.objects.get(enrolment=mine).method == "qr"


def test_a_scan_kept_for_too_long_expires(client, day):
    session, _, (mine, _), yasmine, _ = day
    with freeze_time(T0 + timedelta(seconds=2)):
        token = qr.make_token(session.pk)
        client.get(reverse("learner_space:sign", args=[token]))
    client.force_login(yasmine)
    with freeze_time(T0 + timedelta(seconds=200)):
        response = _sign(client, token)
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_an_expired_code_scanned_logged_out_gives_no_grace(client, day):
    session, _, (mine, _), yasmine, _ = day
    with freeze_time(T0):
        token = qr.make_token(session.pk)
    with freeze_time(T0 + timedelta(seconds=70)):
        client.get(reverse("learner_space:sign", args=[token]))
        client.force_login(yasmine)
        response = _sign(client, token)
    assert response.status_code == 400
    assert not Attendance.objects.exists()
