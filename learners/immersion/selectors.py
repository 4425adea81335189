"""Immersion reads: company hours (recorded weeks first), companies with their placements."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from learners.models import HostCompany, Placement

from .models import CompanyHours, PlacementEvaluation

# Placements whose agreement is not signed yet count no company hours.
COUNTED = ("signed", "running", "ended", "broken_off")


def company_minutes(enrolment_ids, *, today=None) -> dict[int, int]:
    """Company minutes per enrolment, in two queries.

    A placement with recorded weeks counts exactly those hours (what was really done); one with
    none yet counts its planned weekly hours over the weeks elapsed, as learners.selectors.hours does.
    """
    from learners.selectors.hours import placement_minutes

    today = today or timezone.localdate()
    ids = list(enrolment_ids)
    result = dict.fromkeys(ids, 0)
    placements = list(
        Placement.objects.filter(enrolment_id__in=ids, status__in=COUNTED).only(
            "enrolment_id", "start_date", "end_date", "weekly_hours"
        )
    )
    recorded = dict(
        CompanyHours.objects.filter(placement__in=[p.pk for p in placements])
        .values("placement_id")
        .annotate(total=Sum("hours"))
        .values_list("placement_id", "total")
    )
    for p in placements:
        if p.pk in recorded:
            result[p.enrolment_id] += int(round(float(recorded[p.pk]) * 60))
        else:
            result[p.enrolment_id] += placement_minutes(p, today=today)
    return result


def weeks_of(placement) -> list[dict]:
    """Every Monday of the placement with what was recorded (for the weekly hours form)."""
    recorded = {row.week_start: row for row in placement.company_hours.all()}
    monday = placement.start_date - timedelta(days=placement.start_date.weekday())
    weeks = []
    while monday <= placement.end_date:
        weeks.append({"week_start": monday, "row": recorded.get(monday)})
        monday += timedelta(days=7)
    return weeks


def companies_with_placements(*, search: str = ""):
    """Host companies with their placements past and present, to find hosts for a new cohort."""
    today = timezone.localdate()
    placements = Placement.objects.select_related(
        "enrolment__learner", "enrolment__cohort", "tutor"
    ).order_by("-start_date")
    qs = HostCompany.objects.annotate(
        placements_total=Count("placements", distinct=True),
        placements_current=Count(
            "placements",
            filter=Q(placements__start_date__lte=today, placements__end_date__gte=today)
            & ~Q(placements__status="broken_off"),
            distinct=True,
        ),
    ).prefetch_related(Prefetch("placements", queryset=placements), "tutors")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(sector__icontains=search) | Q(city__icontains=search))
    return qs.order_by("name")


def evaluations_for_learner(learner_id):
    """The tutor evaluations of a learner's placements, for their path and their trainers."""
    return (
        PlacementEvaluation.objects.filter(placement__enrolment__learner_id=learner_id)
        .select_related("placement__company")
        .prefetch_related("skill_levels__skill")
        .order_by("submitted_at")
    )


def evaluation_summary(evaluations) -> dict:
    by_placement = defaultdict(list)
    for ev in evaluations:
        by_placement[ev.placement_id].append(ev)
    return by_placement
