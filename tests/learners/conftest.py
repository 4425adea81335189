import pytest


@pytest.fixture(autouse=True)
def _wagtail_tree(request):
    """Transactional tests flush every table, Wagtail's root and home pages included, and a
    reused test database keeps that state: rebuild the minimal tree the course factories need."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])
    request.getfixturevalue("transactional_db" if transactional else "db")
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
