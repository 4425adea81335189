import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """PDFs and ZIPs go to a throw-away folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SITE_URL = "https://tremplin.example.fr"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.MEDIA_ROOT


@pytest.fixture
def templates():
    from .factories import templates_for_every_kind

    return templates_for_every_kind()
