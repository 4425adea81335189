import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_in_french_with_skip_link(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Aller au contenu" in html
    assert 'id="contenu"' in html


def test_unknown_page_gives_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_english_is_available_as_second_language(client):
    response = client.get("/connexion/", headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "Log in" in response.content.decode()


def test_health_reports_database(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_health_fails_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.RQ_QUEUES = {q: {"URL": "redis://127.0.0.1:1/0"} for q in ("default", "pdf", "reports")}
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["redis"] == "erreur"


@pytest.mark.django_db
def test_field_help_and_errors_are_read_with_their_field(client):
    """Screen readers announce a field's help and error through aria-describedby: every id it
    names must exist on the page (Django 5.2 names them <id>_helptext and <id>_error)."""
    import re

    from django.urls import reverse

    page = client.post(reverse("login_code"), {"code": "AAAAA-AAAAA"}).content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert described
    for ids in described:
        for one in ids.split():
            assert f'id="{one}"' in page, one
