from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .calendars import sessions_to_ics
from .models import Cohort
from .selectors import VISIBLE_COHORT_STATUSES


def cohort_calendar(request, code):
    """Public calendar of a published cohort's sessions."""
    cohort = get_object_or_404(
        Cohort.objects.select_related("course"),
        code=code,
        status__in=(*VISIBLE_COHORT_STATUSES, Cohort.Status.CLOSED),
        course__live=True,
    )
    sessions = cohort.sessions.select_related("cohort__course", "module")
    response = HttpResponse(
        sessions_to_ics(sessions, name=f"{cohort.course.title} ({cohort.code})"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{cohort.code}.ics"'
    return response
