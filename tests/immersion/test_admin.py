"""Coordinators' admin pages for immersions and group imports; others get a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learners.immersion.models import CompanyHours, TutorLink
from learners.intake.models import GroupImport
from learners.models import Enrolment, Placement
from tests.factories import coordinator, trainer
from tests.intake.factories import csv_bytes, open_cohort, partner_with_staff, person

from .factories import draft_placement, placement, skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(client):
    user = coordinator()
    client.force_login(user)
    return user


def test_placement_follow_up_walks_the_agreement_through(client, boss):
    p = draft_placement()
    url = reverse("immersion_admin_placement", args=[p.pk])
    assert client.get(url).status_code == 200
    for action in ("send", "sign_organisation", "sign_company", "sign_learner"):
        client.post(url, {"action": action})
    p.refresh_from_db()
    assert p.status == Placement.Status.SIGNED
    # Starting before the start date is refused with a message, nothing changes.
    response = client.post(url, {"action": "start"}, follow=True)
    assert "ne peut pas démarrer avant" in response.content.decode()
    p.refresh_from_db()
    assert p.status == Placement.Status.SIGNED
    client.post(url, {"action": "break", "reason": ""})
    p.refresh_from_db()
    assert p.status == Placement.Status.SIGNED
    client.post(url, {"action": "break", "reason": "Entreprise fermée"})
    p.refresh_from_db()
    assert p.status == Placement.Status.BROKEN_OFF


def test_tutor_link_shown_once_then_revoked(client, boss):
    p = placement(skills=[skill()])
    url = reverse("immersion_admin_placement", args=[p.pk])
    client.post(url, {"action": "link", "days": "30"})
    page = client.get(url).content.decode()
    assert "/tuteur/" in page
    assert "/tuteur/" not in client.get(url).content.decode()  # shown once only: only a hash is kept
    link = TutorLink.objects.get()
    client.post(url, {"action": "revoke", "link": str(link.pk)})
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_weekly_hours_and_agreement_pdf(client, boss):
    p = placement()
    url = reverse("immersion_admin_placement", args=[p.pk])
    monday = p.start_date.toordinal() - p.start_date.weekday()
    from datetime import date

    client.post(url, {"action": "hours", "week_start": date.fromordinal(monday).isoformat(), "hours": "35"})
    assert CompanyHours.objects.get().hours == 35
    response = client.get(reverse("immersion_admin_pdf", args=[p.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_companies_page_lists_past_and_present_placements(client, boss, django_assert_max_num_queries):
    p = placement()
    page = client.get(reverse("immersion_admin_companies")).content.decode()
    assert p.company.name in page and p.enrolment.learner.full_name in page
    for _ in range(5):
        placement()
    with django_assert_max_num_queries(30):
        client.get(reverse("immersion_admin_companies"))


def test_admin_listings_load(client, boss):
    placement()
    for name in ("immersion_company:index", "immersion_tutor:index", "immersion_placement:index"):
        assert client.get(reverse(name)).status_code == 200, name


def test_coordinator_imports_for_a_partner_from_the_admin(client, boss):
    partner, _staff = partner_with_staff()
    cohort = open_cohort(status="running")
    response = client.post(
        reverse("intake_admin_new"),
        {
            "cohort": cohort.pk,
            "partner": partner.pk,
            "file": SimpleUploadedFile("g.csv", csv_bytes([person()])),
        },
    )
    group_import = GroupImport.objects.get()
    assert response.url == reverse("intake_admin_detail", args=[group_import.pk])
    assert "Durand" in client.get(response.url).content.decode()
    client.post(reverse("intake_admin_confirm", args=[group_import.pk]))
    assert Enrolment.objects.get().partner == partner
    assert client.get(reverse("intake_admin_list")).status_code == 200


@pytest.mark.parametrize("who", ["trainer", "partner"])
def test_non_coordinators_get_404(client, who):
    user = trainer() if who == "trainer" else partner_with_staff()[1]
    client.force_login(user)
    p = placement()
    assert client.get(reverse("immersion_admin_placement", args=[p.pk])).status_code in (302, 404)
    assert client.get(reverse("intake_admin_list")).status_code in (302, 404)
