"""Password and one-time-code guessing is slowed down per account and per address, in French."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, learner_user

pytestmark = pytest.mark.django_db


def test_password_guessing_from_one_address_is_slowed_down(client, settings):
    settings.LOGIN_RATE_PER_IP = "3/15m"
    UserFactory(username="claire")
    for name in ("alice", "bruno", "chloe"):  # one try per account: only the address adds up
        client.post(reverse("login"), {"username": name, "password": "faux"}, REMOTE_ADDR="203.0.113.7")
    response = client.post(
        reverse("login"), {"username": "claire", "password": "motdepasse-test"}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429
    assert "Attendez 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out.
    response = client.post(
        reverse("login"), {"username": "claire", "password": "motdepasse-test"}, REMOTE_ADDR="198.51.100.2"
    )
    assert response.status_code == 302


def test_an_account_stays_locked_from_every_address(client, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "2/15m"
    UserFactory(username="claire")
    for address in ("203.0.113.1", "203.0.113.2"):
        client.post(reverse("login"), {"username": "claire", "password": "faux"}, REMOTE_ADDR=address)
    response = client.post(
        reverse("login"), {"username": "claire", "password": "motdepasse-test"}, REMOTE_ADDR="203.0.113.3"
    )
    assert response.status_code == 429
    assert "Trop d&#x27;essais de connexion" in response.content.decode()


def test_code_guessing_spread_over_many_addresses_hits_the_site_ceiling(client, settings):
    from lms.services import issue_login_code

    settings.LOGIN_CODE_RATE_SITE = "3/10m"
    good = issue_login_code(user=learner_user())
    for n in range(3):
        client.post(reverse("login_code"), {"code": "AAAAA-AAAAA"}, REMOTE_ADDR=f"203.0.113.{n + 10}")
    response = client.post(reverse("login_code"), {"code": good}, REMOTE_ADDR="203.0.113.99")
    assert response.status_code == 429
    assert "Trop d&#x27;essais de codes en ce moment" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_limited_too_and_successes_do_not_count(client, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "3/15m"
    UserFactory(username="claire")
    for _ in range(5):  # a coordinator logging in all day is never locked out
        response = client.post("/admin/login/", {"username": "claire", "password": "motdepasse-test"})
        assert response.status_code == 302
        client.logout()
    for _ in range(3):
        client.post("/admin/login/", {"username": "claire", "password": "faux"})
    for url in ("/admin/login/", reverse("login")):
        response = client.post(url, {"username": "claire", "password": "motdepasse-test"})
        assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Django's own admin login is not a way around: it sends to the site's page.
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
