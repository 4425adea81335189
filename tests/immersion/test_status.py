"""Placement agreement status rules: draft → sent → signed by each party → running → ended / broken off."""

import pytest
from django.core.exceptions import ValidationError

from learners.immersion import services
from learners.immersion.models import PlacementEvent
from learners.models import Placement
from tests.factories import coordinator

from .factories import draft_placement, placement

pytestmark = pytest.mark.django_db
P = Placement.Status


def test_full_happy_path_with_history():
    boss = coordinator()
    p = draft_placement()
    services.send_agreement(placement=p, by=boss)
    services.record_signature(placement=p, party="organisation", by=boss)
    services.record_signature(placement=p, party="learner", by=boss)
    p.refresh_from_db()
    assert p.status == P.SENT  # two of three signatures
    services.record_signature(placement=p, party="company", by=boss)
    p.refresh_from_db()
    assert p.status == P.SIGNED
    assert p.signed_by_company_at and p.signed_by_learner_at and p.signed_by_organisation_at
    services.start_placement(placement=p, by=boss, today=p.start_date)
    services.end_placement(placement=p, by=boss)
    p.refresh_from_db()
    assert p.status == P.ENDED
    actions = list(PlacementEvent.objects.filter(placement=p).values_list("action", flat=True))
    assert actions == [
        "sent",
        "signed_organisation",
        "signed_learner",
        "signed_company",
        "signed",
        "started",
        "ended",
    ]


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (P.DRAFT, "start"),
        (P.DRAFT, "end"),
        (P.SENT, "start"),
        (P.SIGNED, "end"),
        (P.RUNNING, "send"),
        (P.ENDED, "start"),
        (P.ENDED, "break"),
        (P.BROKEN_OFF, "start"),
    ],
)
def test_forbidden_moves(status, action):
    p = placement(status=status, **({"broken_off_reason": "x"} if status == P.BROKEN_OFF else {}))
    call = {
        "start": lambda: services.start_placement(placement=p, by=None),
        "end": lambda: services.end_placement(placement=p, by=None),
        "send": lambda: services.send_agreement(placement=p, by=None),
        "break": lambda: services.break_off_placement(placement=p, by=None, reason="raison"),
    }[action]
    with pytest.raises(ValidationError):
        call()
    p.refresh_from_db()
    assert p.status == status


def test_signature_only_on_a_sent_agreement_and_once_per_party():
    p = draft_placement()
    with pytest.raises(ValidationError):
        services.record_signature(placement=p, party="company", by=None)
    services.send_agreement(placement=p, by=None)
    services.record_signature(placement=p, party="company", by=None)
    with pytest.raises(ValidationError, match="déjà enregistrée"):
        services.record_signature(placement=p, party="company", by=None)
    with pytest.raises(ValidationError):
        services.record_signature(placement=p, party="voisin", by=None)


def test_back_to_draft_drops_collected_signatures():
    p = draft_placement()
    services.send_agreement(placement=p, by=None)
    services.record_signature(placement=p, party="learner", by=None)
    services.back_to_draft(placement=p, by=None, reason="horaires changés")
    p.refresh_from_db()
    assert p.status == P.DRAFT and p.signed_by_learner_at is None


def test_cannot_start_before_the_start_date():
    p = draft_placement()
    services.send_agreement(placement=p, by=None)
    for party in ("organisation", "company", "learner"):
        services.record_signature(placement=p, party=party, by=None)
    with pytest.raises(ValidationError, match="ne peut pas démarrer avant"):
        services.start_placement(placement=p, by=None)


@pytest.mark.parametrize("status", [P.DRAFT, P.SENT, P.SIGNED, P.RUNNING])
def test_break_off_needs_a_reason(status):
    p = placement(status=status)
    with pytest.raises(ValidationError, match="motif"):
        services.break_off_placement(placement=p, by=None, reason="  ")
    services.break_off_placement(placement=p, by=None, reason="Fermeture de l'atelier")
    p.refresh_from_db()
    assert p.status == P.BROKEN_OFF and p.broken_off_reason == "Fermeture de l'atelier"
