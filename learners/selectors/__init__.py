"""Reads scoped to the user who asks: a learner sees only their path, a partner only theirs."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from courses.models import Session
from lms.access import learner_of, partner_of

from .models import Enrolment, Learner


def learner_for_user(user) -> Learner:
    learner = learner_of(user)
    if learner is None:
        raise Http404
    return learner


def learner_space(*, user) -> dict:
    learner = learner_for_user(user)
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(learner=learner)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("cohort__course")
        .order_by("-cohort__start_date")
    )
    next_session = (
        Session.objects.filter(
            cohort__enrolments__learner=learner,
            cohort__enrolments__status__in=Enrolment.HOLDS_SEAT,
            date__gte=today,
        )
        .select_related("cohort__course", "module")
        .order_by("date", "start_time")
        .first()
    )
    return {"learner": learner, "enrolments": enrolments, "next_session": next_session}


def partner_learners(*, user):
    partner = partner_of(user)
    if partner is None:
        raise Http404
    enrolments = Enrolment.objects.filter(partner=partner).select_related("cohort__course")
    learners = (
        Learner.objects.filter(enrolments__partner=partner)
        .distinct()
        .prefetch_related(Prefetch("enrolments", queryset=enrolments, to_attr="partner_enrolments"))
        .order_by("last_name", "first_name")
    )
    return {"partner": partner, "learners": learners}


# Placements whose agreement is not signed yet count no company hours.
COUNTED_PLACEMENT_STATUSES = ("signed", "running", "ended", "broken_off")


def placement_minutes(placement, *, today=None) -> int:
    """Company minutes of one placement: weekly hours × weeks elapsed, dates clipped to today."""
    today = today or timezone.localdate()
    end = min(placement.end_date, today)
    if end < placement.start_date:
        return 0
    days = (end - placement.start_date).days + 1
    return int(round(float(placement.weekly_hours) * 60 * days / 7))


def enrolment_hours(enrolment_ids, *, today=None) -> dict[int, dict]:
    """Planned, attended and company minutes per enrolment, in three queries whatever the count.

    planned: sum of the planned minutes of the cohort's sessions;
    attended: sum of attendance minutes with a status that counts as attended;
    company: placement time (weekly hours × weeks of its dates, clipped to today).
    """
    from django.db.models import Sum

    from .models import Attendance, Placement

    ids = list(enrolment_ids)
    result = {pk: {"planned_minutes": 0, "attended_minutes": 0, "company_minutes": 0} for pk in ids}
    if not ids:
        return result
    cohort_of = dict(Enrolment.objects.filter(pk__in=ids).values_list("pk", "cohort_id"))
    planned = dict(
        Session.objects.filter(cohort_id__in=set(cohort_of.values()))
        .values("cohort_id")
        .annotate(total=Sum("planned_minutes"))
        .values_list("cohort_id", "total")
    )
    for pk, cohort_id in cohort_of.items():
        result[pk]["planned_minutes"] = planned.get(cohort_id) or 0
    attended = (
        Attendance.objects.filter(enrolment_id__in=ids, status__in=Attendance.ATTENDED)
        .values("enrolment_id")
        .annotate(total=Sum("minutes"))
        .values_list("enrolment_id", "total")
    )
    for pk, total in attended:
        result[pk]["attended_minutes"] = total or 0
    placements = Placement.objects.filter(enrolment_id__in=ids, status__in=COUNTED_PLACEMENT_STATUSES).only(
        "enrolment_id", "start_date", "end_date", "weekly_hours"
    )
    for placement in placements:
        result[placement.enrolment_id]["company_minutes"] += placement_minutes(placement, today=today)
    return result
