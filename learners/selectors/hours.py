"""Hours per enrolment: planned, attended (centre) and company, what funders pay on."""

from django.db.models import Exists, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.models import Session

from ..models import Attendance, Enrolment, Placement

# Placements whose agreement is not signed yet count no company hours.
COUNTED_PLACEMENT_STATUSES = ("signed", "running", "ended", "broken_off")


def placement_minutes(placement, *, today=None, date_from=None, date_to=None) -> int:
    """Company minutes of one placement: weekly hours × weeks elapsed, dates clipped to today
    (and to a period when one is given)."""
    today = today or timezone.localdate()
    start = max(placement.start_date, date_from) if date_from else placement.start_date
    end = min(placement.end_date, today, date_to) if date_to else min(placement.end_date, today)
    if end < start:
        return 0
    days = (end - start).days + 1
    return int(round(float(placement.weekly_hours) * 60 * days / 7))


def enrolment_hours(enrolment_ids, *, today=None) -> dict[int, dict]:
    """Planned, attended and company minutes per enrolment, in five queries whatever the count.

    planned: sum of the planned minutes of the cohort's sessions;
    attended: sum of attendance minutes with a status that counts as attended;
    company: recorded company hours, or planned weekly hours × weeks elapsed while none are.
    """
    ids = list(enrolment_ids)
    result = {pk: {"planned_minutes": 0, "attended_minutes": 0, "company_minutes": 0} for pk in ids}
    if not ids:
        return result
    # order_by(): the model's ordering (cohort dates, learner names) would join two tables here.
    cohort_of = dict(Enrolment.objects.filter(pk__in=ids).order_by().values_list("pk", "cohort_id"))
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
    # Recorded company weeks win over the planned schedule: one rule, kept in the immersion app.
    from learners.immersion.selectors import company_minutes

    for pk, minutes in company_minutes(ids, today=today).items():
        result[pk]["company_minutes"] = minutes
    return result


def hours_annotations() -> dict:
    """The planned and attended minutes of enrolment_hours as annotations of an Enrolment query,
    so a single enrolment's hours come with its own row; `has_placements` says whether
    `annotated_hours` needs the (rarer) company-hours queries."""

    def total(queryset, column):
        summed = queryset.order_by().values(column[0]).annotate(total=Sum(column[1])).values("total")
        return Coalesce(Subquery(summed, output_field=IntegerField()), 0)

    return {
        "planned_minutes": total(
            Session.objects.filter(cohort_id=OuterRef("cohort_id")), ("cohort_id", "planned_minutes")
        ),
        "attended_minutes": total(
            Attendance.objects.filter(enrolment_id=OuterRef("pk"), status__in=Attendance.ATTENDED),
            ("enrolment_id", "minutes"),
        ),
        "has_placements": Exists(
            Placement.objects.filter(enrolment_id=OuterRef("pk"), status__in=COUNTED_PLACEMENT_STATUSES)
        ),
    }


def annotated_hours(enrolment, *, today=None) -> dict:
    """enrolment_hours() for one enrolment fetched with hours_annotations()."""
    company = 0
    if enrolment.has_placements:
        from learners.immersion.selectors import company_minutes

        company = company_minutes([enrolment.pk], today=today)[enrolment.pk]
    return {
        "planned_minutes": enrolment.planned_minutes,
        "attended_minutes": enrolment.attended_minutes,
        "company_minutes": company,
    }


def hours_statement(*, enrolment, date_from, date_to, today=None) -> dict:
    """A learner's statement of hours over a period: each session (planned, status, attended),
    each placement (company minutes in the period) and the totals. Three queries."""
    today = today or timezone.localdate()
    sessions = list(
        Session.objects.filter(
            cohort_id=enrolment.cohort_id, date__gte=date_from, date__lte=date_to
        ).order_by("date", "start_time")
    )
    attendance = {
        a.session_id: a
        for a in Attendance.objects.filter(enrolment=enrolment, session__in=[s.pk for s in sessions])
    }
    lines = []
    for session in sessions:
        mark = attendance.get(session.pk)
        lines.append(
            {
                "session": session,
                "attendance": mark,
                "planned_minutes": session.planned_minutes,
                "attended_minutes": mark.minutes if mark and mark.status in Attendance.ATTENDED else 0,
            }
        )
    placements = [
        {"placement": p, "minutes": placement_minutes(p, today=today, date_from=date_from, date_to=date_to)}
        for p in Placement.objects.filter(enrolment=enrolment, status__in=COUNTED_PLACEMENT_STATUSES)
        .select_related("company")
        .order_by("start_date")
    ]
    planned = sum(line["planned_minutes"] for line in lines)
    attended = sum(line["attended_minutes"] for line in lines)
    company = sum(p["minutes"] for p in placements)
    return {
        "enrolment": enrolment,
        "date_from": date_from,
        "date_to": date_to,
        "lines": lines,
        "placements": placements,
        "planned_minutes": planned,
        "attended_minutes": attended,
        "company_minutes": company,
        "total_minutes": attended + company,
        "rate": round(100 * attended / planned) if planned else None,
    }
