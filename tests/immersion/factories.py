"""Factories for the immersion suite."""

from datetime import timedelta

from django.utils import timezone

from learners.models import Placement
from tests.factories import SkillFactory
from tests.learners.factories import PlacementFactory


def placement(status=Placement.Status.RUNNING, skills=(), **kwargs) -> Placement:
    p = PlacementFactory(status=status, **kwargs)
    if status in (Placement.Status.SIGNED, Placement.Status.RUNNING, Placement.Status.ENDED):
        now = timezone.now()
        Placement.objects.filter(pk=p.pk).update(
            signed_by_organisation_at=now, signed_by_company_at=now, signed_by_learner_at=now
        )
        p.refresh_from_db()
    if skills:
        p.skills.set(skills)
    return p


def draft_placement(**kwargs) -> Placement:
    start = timezone.localdate() + timedelta(days=10)
    return placement(
        status=Placement.Status.DRAFT, start_date=start, end_date=start + timedelta(days=90), **kwargs
    )


def skill(max_level=3, **kwargs):
    return SkillFactory(max_level=max_level, **kwargs)
