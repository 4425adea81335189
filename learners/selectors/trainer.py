"""Reads for the trainer pages, scoped to the cohorts the user runs (404 otherwise)."""

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from courses.models import Cohort, Session
from lms.access import can_manage_cohort, cohorts_managed_by

from ..models import (
    Attendance,
    AttendanceAmendment,
    AttendanceSheet,
    Enrolment,
    ProgressNote,
    SkillValidation,
)
from ..services.attendance import ROSTER_STATUSES
from .hours import enrolment_hours


def trainer_home(*, user) -> dict:
    today = timezone.localdate()
    cohorts = list(
        cohorts_managed_by(user, Cohort.objects.all())
        .exclude(status=Cohort.Status.CLOSED)
        .select_related("course")
        .annotate(learners=Count("enrolments", filter=Q(enrolments__status__in=ROSTER_STATUSES)))
        .order_by("start_date", "code")
    )
    sessions = list(
        Session.objects.filter(cohort__in=[c.pk for c in cohorts], date=today)
        .select_related("cohort__course", "sheet")
        .order_by("start_time")
    )
    return {"cohorts": cohorts, "today_sessions": sessions, "today": today}


def cohort_for(*, user, code: str) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("course"), code=code)
    if not can_manage_cohort(user, cohort):
        raise Http404
    return cohort


def session_for(*, user, session_id: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("cohort__course", "trainer"), pk=session_id)
    if not can_manage_cohort(user, session.cohort):
        raise Http404
    return session


def enrolment_for(*, user, enrolment_id: int) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("learner", "cohort__course"), pk=enrolment_id
    )
    if not can_manage_cohort(user, enrolment.cohort):
        raise Http404
    return enrolment


def session_sheet(*, session: Session) -> dict:
    """Everything the session page and the PDF sheet show: the roster with each mark and its
    amendments, the sheet's state. Constant number of queries."""
    sheet = AttendanceSheet.objects.select_related("closed_by").filter(session=session).first()
    enrolments = list(
        Enrolment.objects.filter(cohort_id=session.cohort_id, status__in=ROSTER_STATUSES)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name")
    )
    marks = {
        a.enrolment_id: a
        for a in Attendance.objects.filter(session=session)
        .select_related("enrolment__learner")
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=AttendanceAmendment.objects.select_related("author").order_by("at"),
            )
        )
    }
    rows = [{"enrolment": e, "learner": e.learner, "attendance": marks.get(e.pk)} for e in enrolments]
    # Marks of people no longer on the roster (e.g. dropped out since) stay on the sheet.
    roster_ids = {e.pk for e in enrolments}
    for pk, mark in marks.items():
        if pk not in roster_ids:
            rows.append({"enrolment": mark.enrolment, "learner": mark.enrolment.learner, "attendance": mark})
    amendments = [am for a in marks.values() for am in a.amendments.all()]
    counts = dict.fromkeys(Attendance.Status.values, 0)
    for a in marks.values():
        counts[a.status] += 1
    return {
        "session": session,
        "organisation_siret": settings.ORGANISATION_SIRET,
        "organisation_nda": settings.ORGANISATION_NDA,
        "sheet": sheet,
        "is_closed": bool(sheet and sheet.is_closed),
        "rows": rows,
        "amendments": sorted(amendments, key=lambda am: am.at),
        "counts": counts,
        "unmarked": sum(1 for r in rows if r["attendance"] is None),
    }


def cohort_roster(*, cohort: Cohort) -> dict:
    """Roster with attendance rate per learner (sessions held so far): constant queries."""
    today = timezone.localdate()
    held = Session.objects.filter(cohort=cohort, date__lte=today).count()
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("learner")
        .annotate(
            sessions_attended=Count("attendances", filter=Q(attendances__status__in=Attendance.ATTENDED)),
            unjustified=Count(
                "attendances", filter=Q(attendances__status=Attendance.Status.ABSENT_UNJUSTIFIED)
            ),
        )
        .order_by("learner__last_name", "learner__first_name")
    )
    hours = enrolment_hours([e.pk for e in enrolments])
    flagged = absent_learner_enrolment_ids(cohort_ids=[cohort.pk])
    for e in enrolments:
        e.rate = round(100 * e.sessions_attended / held) if held else None
        e.hours = hours[e.pk]
        e.alert = e.pk in flagged
    sessions = list(
        Session.objects.filter(cohort=cohort).select_related("sheet").order_by("date", "start_time")
    )
    from courses.learning.selectors import cohort_preparation

    return {
        "cohort": cohort,
        "enrolments": enrolments,
        "sessions_held": held,
        "sessions": sessions,
        **cohort_preparation(enrolments=enrolments, sessions=sessions, today=today),
    }


def skills_grid(*, cohort: Cohort) -> dict:
    """Learners × skills of the course, each cell the best active level: four queries."""
    skills = list(cohort.course.skills.select_related("block").order_by("block__sort_order", "name"))
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status__in=ROSTER_STATUSES)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name")
    )
    best = {}
    for learner_id, skill_id, level in SkillValidation.objects.filter(
        learner_id__in=[e.learner_id for e in enrolments],
        skill_id__in=[s.pk for s in skills],
        withdrawn_at__isnull=True,
    ).values_list("learner_id", "skill_id", "level"):
        key = (learner_id, skill_id)
        best[key] = max(best.get(key, 0), level)
    from courses.learning.selectors import theory_lessons, theory_passes

    # Levels whose theory is a lesson quiz: the cell says whether the learner passed it.
    quizzes = (
        theory_lessons(course=cohort.course, skill_ids=[s.pk for s in skills], cohort_id=cohort.pk)
        if skills
        else {}
    )
    passes = set()
    if quizzes:
        passes = theory_passes(
            learner_ids=[e.learner_id for e in enrolments], skill_ids=[skill_id for skill_id, _ in quizzes]
        )
    rows = []
    for e in enrolments:
        cells = []
        for s in skills:
            level = best.get((e.learner_id, s.pk), 0)
            next_level = level + 1 if level < s.max_level else None
            theory = None
            if next_level and (s.pk, next_level) in quizzes:
                theory = any(
                    (e.learner_id, s.pk, lvl) in passes for lvl in range(next_level, s.max_level + 1)
                )
            cells.append({"skill": s, "level": level, "next": next_level, "theory": theory})
        rows.append({"enrolment": e, "learner": e.learner, "cells": cells})
    return {"cohort": cohort, "skills": skills, "rows": rows}


def learner_file(*, enrolment: Enrolment) -> dict:
    """A learner's page for staff: skills history, notes, hours."""
    validations = list(
        SkillValidation.objects.filter(learner_id=enrolment.learner_id)
        .select_related("skill", "validated_by", "withdrawn_by")
        .order_by("skill__name", "-level", "-validated_on")
    )
    notes = list(ProgressNote.objects.filter(enrolment=enrolment).select_related("author"))
    skills = list(enrolment.cohort.course.skills.order_by("name"))
    from courses.learning.models import QuizAttempt

    quiz_attempts = list(
        QuizAttempt.objects.filter(learner_id=enrolment.learner_id).select_related("skill")[:30]
    )
    return {
        "quiz_attempts": quiz_attempts,
        "enrolment": enrolment,
        "learner": enrolment.learner,
        "validations": validations,
        "notes": notes,
        "skills": skills,
        "hours": enrolment_hours([enrolment.pk])[enrolment.pk],
    }


def absent_learner_enrolment_ids(*, cohort_ids=None, enrolment_ids=None) -> set[int]:
    """Enrolments in training (of `cohort_ids`, among `enrolment_ids`) whose last N marks
    (N = ABSENCE_ALERT_THRESHOLD) are all unjustified absences. One query, using a window function."""
    threshold = settings.ABSENCE_ALERT_THRESHOLD
    marks = Attendance.objects.filter(enrolment__status=Enrolment.Status.IN_TRAINING)
    if cohort_ids is not None:
        marks = marks.filter(enrolment__cohort_id__in=cohort_ids)
    if enrolment_ids is not None:
        marks = marks.filter(enrolment_id__in=enrolment_ids)
    ranked = marks.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("enrolment_id")],
            order_by=[F("session__date").desc(), F("session__start_time").desc()],
        )
    ).filter(rank__lte=threshold)
    seen: dict[int, list[str]] = {}
    for enrolment_id, status in ranked.values_list("enrolment_id", "status"):
        seen.setdefault(enrolment_id, []).append(status)
    return {
        pk
        for pk, statuses in seen.items()
        if len(statuses) == threshold and all(s == Attendance.Status.ABSENT_UNJUSTIFIED for s in statuses)
    }


def absence_alerts(*, user) -> list[Enrolment]:
    """For the coordinator's dashboard: learners with N unjustified absences in a row."""
    cohorts = cohorts_managed_by(user, Cohort.objects.all())
    ids = absent_learner_enrolment_ids(cohort_ids=list(cohorts.values_list("pk", flat=True)))
    return list(
        Enrolment.objects.filter(pk__in=ids)
        .select_related("learner", "cohort__course", "partner")
        .order_by("cohort__code", "learner__last_name")
    )
