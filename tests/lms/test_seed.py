import pytest
from django.apps import apps

from lms.demo import seed_demo

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"lms", "courses", "learners", "certificates", "auth", "wagtailcore"}
        and model._meta.label not in {"wagtailcore.ModelLogEntry", "wagtailcore.PageLogEntry"}
    }


def test_seed_demo_builds_a_believable_tiers_lieu_and_is_idempotent():
    from courses.models import Cohort, CoursePage
    from learners.models import HostCompany, Learner, Partner, Placement

    seed_demo()
    first = _counts()
    seed_demo()
    assert _counts() == first

    # About 40 learners in the current cohorts, more in the past ones the reporting demo adds.
    assert Learner.objects.count() >= 40
    assert Partner.objects.filter(kind="afpa").exists() and Partner.objects.filter(kind="e2c").exists()
    assert HostCompany.objects.count() == 3
    assert Placement.objects.exists()
    discovery = CoursePage.objects.get(slug="decouverte-decoupe-laser")
    assert discovery.cohorts.first().sessions.count() == 5
    assert CoursePage.objects.get(slug="artisans-numeriques").gen_label
    assert Cohort.objects.filter(status=Cohort.Status.CLOSED).exists()
    genders = set(Learner.objects.values_list("profile__gender", flat=True))
    assert {"F", "H"} <= genders


def test_seed_demo_refuses_a_server_without_debug_unless_forced(settings):
    """Demo accounts share a known password: loading them on a real install must be deliberate."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="Ajoutez --force"):
        call_command("seed_demo")
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="coordination").exists()
