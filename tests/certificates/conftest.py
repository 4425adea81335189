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


@pytest.fixture(autouse=True)
def wagtail_tree(db):
    """Transactional tests flush every table, Wagtail's root and home pages included (and a
    reused test database keeps that state): rebuild the minimal tree the course factories need."""
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from lms.models import HomePage

    if HomePage.objects.exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="Accueil", slug="accueil", locale=locale))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
