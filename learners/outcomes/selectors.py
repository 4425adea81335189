"""Reads for outcomes pages, scoped to coordinators and free of per-learner queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.utils import timezone

from courses.models import Cohort
from learners.models import Enrolment
from lms.access import is_coordinator

from .categories import (
    CHECKPOINT_CHOICES,
    CHECKPOINT_MONTHS,
    CHECKPOINT_ORDER,
    GEN_POSITIVE,
    SITUATION_CHOICES,
)
from .models import Outcome, SelfReportLink
from .services import due_date


def require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise Http404


def followed_checkpoints() -> list[str]:
    return list(getattr(settings, "OUTCOMES_FOLLOWED_CHECKPOINTS", CHECKPOINT_ORDER))


def due_soon_days() -> int:
    return int(getattr(settings, "OUTCOMES_DUE_SOON_DAYS", 14))


@dataclass
class DueCheckpoint:
    enrolment: Enrolment
    checkpoint: str
    due: date
    overdue: bool
    record: Outcome | None
    last_known: Outcome | None

    @property
    def checkpoint_label(self):
        return dict(CHECKPOINT_CHOICES)[self.checkpoint]

    @property
    def to_confirm(self) -> bool:
        return self.record is not None and not self.record.confirmed


def due_checkpoints(*, user=None, today=None, horizon_days=None, checkpoint=None) -> list[DueCheckpoint]:
    """Checkpoints due (or due within `horizon_days`) with no record yet, or a learner's answer to
    confirm. Two queries whatever the number of learners."""
    if user is not None:
        require_coordinator(user)
    today = today or timezone.localdate()
    horizon = today + timedelta(days=due_soon_days() if horizon_days is None else horizon_days)
    checkpoints = [checkpoint] if checkpoint else followed_checkpoints()
    longest = max(CHECKPOINT_MONTHS[c] for c in checkpoints)
    # People whose last checkpoint passed long ago are no longer followed.
    oldest_exit = today - timedelta(days=31 * longest + 92)
    enrolments = list(
        Enrolment.objects.filter(status__in=(Enrolment.Status.COMPLETED, Enrolment.Status.DROPPED_OUT))
        .filter(Q(cohort__end_date__gte=oldest_exit) | Q(dropout_date__gte=oldest_exit))
        .select_related("learner", "cohort__course")
        .order_by("cohort__end_date", "learner__last_name")
    )
    records: dict[int, dict[str, Outcome]] = {}
    for o in Outcome.objects.filter(enrolment__in=enrolments):
        records.setdefault(o.enrolment_id, {})[o.checkpoint] = o
    items = []
    for e in enrolments:
        mine = records.get(e.pk, {})
        known = [mine[c] for c in CHECKPOINT_ORDER if c in mine]
        last_known = known[-1] if known else None
        for c in checkpoints:
            due = due_date(e, c)
            record = mine.get(c)
            if due > horizon or (record is not None and record.confirmed):
                continue
            items.append(DueCheckpoint(e, c, due, due < today, record, last_known))
    items.sort(key=lambda i: (i.due, i.enrolment.learner.last_name))
    return items


def enrolment_for_outcomes(*, user, enrolment_id) -> dict:
    require_coordinator(user)
    enrolment = (
        Enrolment.objects.select_related("learner", "cohort__course")
        .filter(pk=enrolment_id, status__in=Enrolment.STARTED)
        .first()
    )
    if enrolment is None:
        raise Http404
    outcomes = {o.checkpoint: o for o in enrolment.outcomes.prefetch_related("changes__by")}
    labels = dict(SITUATION_CHOICES)
    for outcome in outcomes.values():
        for change in outcome.changes.all():  # the prefetched objects the template reads
            change.before_label = labels.get(change.before.get("situation"), "")
            change.after_label = labels.get(change.after.get("situation"), "")
    links = {link.checkpoint: link for link in SelfReportLink.objects.filter(enrolment=enrolment)}
    rows = [
        {
            "code": code,
            "label": label,
            "due": due_date(enrolment, code),
            "outcome": outcomes.get(code),
            "link": links.get(code),
        }
        for code, label in CHECKPOINT_CHOICES
    ]
    return {"enrolment": enrolment, "rows": rows}


def cohort_grid(*, user, cohort_id, checkpoint) -> dict:
    require_coordinator(user)
    cohort = Cohort.objects.select_related("course").filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.STARTED)
        .select_related("learner", "cohort")
        .order_by("learner__last_name", "learner__first_name")
    )
    existing = {
        o.enrolment_id: o for o in Outcome.objects.filter(enrolment__in=enrolments, checkpoint=checkpoint)
    }
    return {"cohort": cohort, "rows": [(e, existing.get(e.pk)) for e in enrolments]}


def cohorts_for_outcomes(*, user):
    require_coordinator(user)
    return (
        Cohort.objects.select_related("course")
        .annotate(entrants=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.STARTED)))
        .filter(entrants__gt=0)
        .order_by("-end_date")
    )


def course_results(course, *, today=None) -> dict:
    """Qualiopi indicator 2 for a course page: results of its ended cohorts, hidden under 5 learners.

    Public figures, so no user scope; three queries."""
    today = today or timezone.localdate()
    years = int(getattr(settings, "QUALIOPI_RESULTS_YEARS", 3))
    minimum = int(getattr(settings, "QUALIOPI_RESULTS_MIN_LEARNERS", 5))
    ended = Cohort.objects.filter(
        course=course, end_date__lt=today, end_date__gte=today - timedelta(days=365 * years)
    )
    started = Enrolment.objects.filter(cohort__in=ended, status__in=Enrolment.STARTED)
    figures = started.aggregate(
        entrants=Count("pk"),
        completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
        start=Min("cohort__start_date"),
        end=Max("cohort__end_date"),
    )
    entrants = figures["entrants"]
    if entrants < minimum:
        return {"visible": False, "entrants": entrants}
    # Positive exits at 6 months among sortants whose cohort ended at least 6 months ago.
    six_months_ago = today - timedelta(days=183)
    sortants = started.filter(
        status__in=(Enrolment.Status.COMPLETED, Enrolment.Status.DROPPED_OUT),
        cohort__end_date__lte=six_months_ago,
    )
    exits = sortants.aggregate(
        n=Count("pk", distinct=True),
        positive=Count(
            "outcomes",
            filter=Q(outcomes__checkpoint="6_mois", outcomes__situation__in=GEN_POSITIVE),
            distinct=True,
        ),
    )
    rate = lambda num, den: round(100 * num / den) if den else None  # noqa: E731
    return {
        "visible": True,
        "entrants": entrants,
        "completion_rate": rate(figures["completed"], entrants),
        "positive_6_months_rate": rate(exits["positive"], exits["n"]) if exits["n"] >= minimum else None,
        "sortants_6_months": exits["n"],
        "period_start": figures["start"],
        "period_end": figures["end"],
    }
