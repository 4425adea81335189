"""The retention policy as dates: when a file leaves the active base, and when its legal hold ends.

Every period is a setting (DOMAIN.md: anything that could change). One query computes the dates
of any number of learners.
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q

from courses.models import CourseFormat
from learners.models import Attendance, Enrolment, Learner


class Kind:
    # Never admitted: nothing to keep for a funder.
    CANDIDATE = "candidate"
    # Took part only in discovery workshops: shorter hold.
    WORKSHOP = "workshop"
    TRAINING = "training"


@dataclass(frozen=True)
class Dates:
    kind: str
    last_end: date | None
    active_until: date | None
    hold_until: date | None  # None: nothing under hold
    has_attendance: bool
    has_certificates: bool


def end_of_year_plus(day: date, years: int) -> date:
    return date(day.year + years, 12, 31)


def learners_with_dates(queryset=None):
    """Learners annotated with what the policy reads (one query, whatever their number)."""
    from certificates.models import Certificate

    queryset = Learner.objects.all() if queryset is None else queryset
    engaged = Q(enrolments__status__in=[*Enrolment.STARTED, Enrolment.Status.ADMITTED])
    return queryset.annotate(
        last_end=Max("enrolments__cohort__end_date"),
        last_payment=Max("enrolments__cohort__funding__last_payment_on"),
        engaged=Count("enrolments", filter=engaged, distinct=True),
        engaged_long=Count(
            "enrolments",
            filter=engaged & ~Q(enrolments__cohort__course__format=CourseFormat.DISCOVERY),
            distinct=True,
        ),
        eu_funded=Count("enrolments", filter=Q(enrolments__cohort__funding__eu_funds=True), distinct=True),
        has_attendance=Exists(Attendance.objects.filter(enrolment__learner=OuterRef("pk"))),
        has_certificates=Exists(Certificate.objects.filter(learner=OuterRef("pk"))),
    )


def dates_of(learner) -> Dates:
    """The policy's dates for a learner annotated by learners_with_dates()."""
    keeps_evidence = learner.has_attendance or learner.has_certificates
    if not learner.engaged and not keeps_evidence:
        base = max(filter(None, [learner.last_end, learner.created_at.date()]))
        deadline = base + relativedelta(months=settings.PRIVACY_CANDIDATE_MONTHS)
        return Dates(Kind.CANDIDATE, learner.last_end, deadline, None, False, False)
    kind = Kind.TRAINING if learner.engaged_long or not learner.engaged else Kind.WORKSHOP
    last_end = learner.last_end or learner.created_at.date()
    active_until = last_end + relativedelta(months=settings.PRIVACY_ACTIVE_MONTHS)
    if learner.eu_funded:
        years = settings.PRIVACY_HOLD_YEARS_EU_FUNDS
    elif kind == Kind.WORKSHOP:
        years = settings.PRIVACY_HOLD_YEARS_WORKSHOP
    else:
        years = settings.PRIVACY_HOLD_YEARS
    paid = max(filter(None, [last_end, learner.last_payment]))
    hold_until = end_of_year_plus(paid, years) if keeps_evidence else None
    return Dates(
        kind, learner.last_end, active_until, hold_until, learner.has_attendance, learner.has_certificates
    )


def dates_for(learner) -> Dates:
    return dates_of(learners_with_dates(Learner.objects.filter(pk=learner.pk)).get())


def coarse_birth_date(birth: date, cohort_starts: list[date]) -> date:
    """A birth date as coarse as possible that keeps the learner's age at every cohort start
    (the GEN report's age bands stay exact): the first day after the last cohort-start
    anniversary that falls before the birthday in the year, or 1 January."""
    before = [(s.month, s.day) for s in cohort_starts if (s.month, s.day) < (birth.month, birth.day)]
    if not before:
        return date(birth.year, 1, 1)
    month, day = max(before)
    try:
        return date(birth.year, month, day) + relativedelta(days=1)
    except ValueError:  # 29 February in a common year: the birthday is in March or later
        return date(birth.year, 3, 1)
