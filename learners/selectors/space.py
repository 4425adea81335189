"""The learner space: only the requesting learner's own path (404 for anyone else)."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from courses.models import Session
from lms.access import learner_of

from ..models import Attendance, Enrolment, Placement, SkillValidation
from .hours import enrolment_hours


def _learner(user):
    learner = learner_of(user)
    if learner is None:
        raise Http404
    return learner


def _percent(part, whole) -> int:
    return min(100, round(100 * part / whole)) if whole else 0


def learner_space(*, user) -> dict:
    learner = _learner(user)
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(learner=learner)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("cohort__course")
        .annotate(
            sessions_planned=Count("cohort__sessions", distinct=True),
            sessions_held=Count(
                "cohort__sessions", filter=Q(cohort__sessions__date__lte=today), distinct=True
            ),
        )
        .order_by("-cohort__start_date")
    )
    attended = dict(
        Attendance.objects.filter(enrolment__learner=learner, status__in=Attendance.ATTENDED)
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    hours = enrolment_hours([e.pk for e in enrolments], today=today)
    for e in enrolments:
        e.sessions_attended = attended.get(e.pk, 0)
        e.hours = hours[e.pk]
        e.attended_hours = round(e.hours["attended_minutes"] / 60, 1)
        e.planned_hours = round(e.hours["planned_minutes"] / 60, 1)
        e.sessions_percent = _percent(e.sessions_attended, e.sessions_planned)
        e.hours_percent = _percent(e.hours["attended_minutes"], e.hours["planned_minutes"])
    now = timezone.localtime().time()
    # The cohorts come from the enrolments already loaded: joining them again made PostgreSQL
    # spend more time planning this query (six tables) than running it.
    seat_cohorts = [e.cohort_id for e in enrolments if e.status in Enrolment.HOLDS_SEAT]
    next_session = (
        Session.objects.filter(
            Q(date__gt=today) | Q(date=today, end_time__gt=now),  # today's, until it ends
            cohort_id__in=seat_cohorts,
        )
        .select_related("cohort__course", "module")
        .order_by("date", "start_time")
        .first()
    )
    validations = list(
        SkillValidation.objects.filter(learner=learner, withdrawn_at__isnull=True)
        .select_related("skill")
        .order_by("skill__name", "-level")
    )
    skills = {}
    for v in validations:  # the highest level of each skill
        skills.setdefault(v.skill_id, v)
    placements = list(
        Placement.objects.filter(enrolment__learner=learner)
        .exclude(status=Placement.Status.DRAFT)
        .select_related("company", "tutor")
        .order_by("-start_date")
    )
    from certificates.selectors import certificates_for_learner
    from courses.learning.selectors import learner_modules, theory_waiting_practice
    from learners.privacy.selectors import active_consents

    modules = learner_modules(learner=learner, enrolments=enrolments, next_session=next_session, today=today)
    best_levels = {v.skill_id: v.level for v in skills.values()}
    return {
        **modules,
        "theory_waiting": theory_waiting_practice(learner=learner, best_levels=best_levels),
        "learner": learner,
        "enrolments": enrolments,
        "next_session": next_session,
        "skills": list(skills.values()),
        "placements": placements,
        "certificates": certificates_for_learner(learner),
        "consents": active_consents(learner),
        "today": today,
    }


def learner_data(*, user) -> dict:
    """Everything held about the learner (RGPD right of access): see learners.privacy."""
    from learners.privacy.selectors import personal_data

    return personal_data(_learner(user))


def learner_sessions(*, learner):
    """Sessions of the cohorts where the learner holds a seat, for their calendar."""
    return (
        Session.objects.filter(
            cohort__enrolments__learner=learner, cohort__enrolments__status__in=Enrolment.HOLDS_SEAT
        )
        .select_related("cohort__course", "module")
        .order_by("date", "start_time")
    )
