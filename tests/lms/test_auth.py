"""Each role logs in and lands in its own space; one-time codes are single-use and expire."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from lms.access import Role
from lms.models import LoginCode
from lms.services import issue_login_code, redeem_login_code
from tests.factories import (
    EnrolmentFactory,
    UserFactory,
    coordinator,
    learner_user,
    partner_staff,
    trainer,
)

pytestmark = pytest.mark.django_db


def _login(client, username):
    return client.post(reverse("login"), {"username": username, "password": "motdepasse-test"}, follow=True)


@pytest.mark.parametrize(
    ("make_user", "landing"),
    [
        (coordinator, "/admin/"),
        (trainer, "/formateur/"),
        (partner_staff, "/partenaires/"),
        (learner_user, "/mon-parcours/"),
    ],
)
def test_each_role_lands_in_its_own_space(client, make_user, landing):
    user = make_user()
    response = _login(client, user.username)
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_wrong_password_is_refused_in_french(client):
    UserFactory(username="claire")
    response = client.post(reverse("login"), {"username": "claire", "password": "faux"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_learner_logs_in_with_printed_code_once(client):
    user = learner_user()
    code = issue_login_code(user=user)
    assert len(code.replace("-", "")) >= 8
    response = client.post(reverse("login_code"), {"code": code.lower()}, follow=True)
    assert response.redirect_chain[-1][0] == "/mon-parcours/"
    assert "Bonjour" in response.content.decode()

    client.logout()
    response = client.post(reverse("login_code"), {"code": code})
    assert response.status_code == 200
    assert "Ce code ne marche pas" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_code_expires(client, settings):
    user = learner_user()
    code = issue_login_code(user=user)
    with freeze_time(timezone.now() + timedelta(hours=settings.LOGIN_CODE_VALID_HOURS, minutes=1)):
        assert redeem_login_code(code=code) is None
    assert LoginCode.objects.get(user=user).used_at is None


def test_new_code_replaces_the_unused_one():
    user = learner_user()
    first = issue_login_code(user=user)
    second = issue_login_code(user=user)
    assert redeem_login_code(code=first) is None
    assert redeem_login_code(code=second) == user


def test_code_of_a_deactivated_account_does_not_work():
    user = learner_user()
    code = issue_login_code(user=user)
    user.is_active = False
    user.save()
    assert redeem_login_code(code=code) is None


def test_code_guessing_is_rate_limited(client, settings):
    settings.LOGIN_CODE_RATE = "3/10m"
    user = learner_user()
    good = issue_login_code(user=user)
    for _ in range(3):
        client.post(reverse("login_code"), {"code": "AAAAA-AAAAA"})
    response = client.post(reverse("login_code"), {"code": good})
    assert response.status_code == 429
    assert "Trop d&#x27;essais" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_codes_are_stored_hashed():
    user = learner_user()
    code = issue_login_code(user=user)
    stored = LoginCode.objects.get(user=user)
    assert code.replace("-", "") not in stored.code_hash


def test_learner_space_shows_only_their_own_path(client):
    mine = EnrolmentFactory()
    other = EnrolmentFactory()
    user = learner_user(learner=mine.learner)
    client.force_login(user)
    html = client.get("/mon-parcours/").content.decode()
    assert mine.cohort.course.title in html
    assert other.cohort.course.title not in html


def test_user_without_learner_record_gets_404_in_learner_space(client):
    client.force_login(UserFactory(role=Role.LEARNER))
    assert client.get("/mon-parcours/").status_code == 404


def test_rq_dashboard_is_hidden_from_everyone_but_coordinators(client):
    assert client.get("/taches/rq/").status_code == 404
    client.force_login(trainer())
    assert client.get("/taches/rq/").status_code == 404
    client.force_login(learner_user())
    assert client.get("/taches/rq/").status_code == 404


def test_rq_dashboard_opens_for_a_coordinator(client, redis_url):
    client.force_login(coordinator())
    response = client.get("/taches/rq/")
    assert response.status_code == 200
    assert "pdf" in response.content.decode()


def test_password_reset_sends_a_french_email(client):
    from django.core import mail

    UserFactory(username="lea", email="lea@example.org")
    response = client.post(reverse("password_reset"), {"email": "lea@example.org"}, follow=True)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert "mot de passe" in mail.outbox[0].body
    assert "/mot-de-passe/nouveau/" in mail.outbox[0].body


def test_password_guessing_on_one_account_is_slowed_down(client, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "3/15m"
    UserFactory(username="claire")
    for _ in range(3):
        client.post(reverse("login"), {"username": "claire", "password": "faux"})
    response = client.post(reverse("login"), {"username": "Claire", "password": "motdepasse-test"})
    assert response.status_code == 429
    assert "Trop d&#x27;essais de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session
