"""Reads for course pages and the catalogue, free of N+1."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .models import Cohort, CourseFormat, CoursePage

VISIBLE_COHORT_STATUSES = (Cohort.Status.OPEN, Cohort.Status.RUNNING)


def _cohorts_with_seats(queryset):
    from learners.models import Enrolment

    return queryset.annotate(
        seats_taken=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.HOLDS_SEAT))
    )


def upcoming_cohorts(*, course=None, limit=None):
    today = timezone.localdate()
    qs = Cohort.objects.filter(status__in=VISIBLE_COHORT_STATUSES, end_date__gte=today)
    if course is not None:
        qs = qs.filter(course=course)
    qs = _cohorts_with_seats(qs.select_related("course")).order_by("start_date", "code")
    return list(qs[:limit] if limit else qs)


def upcoming_cohorts_for_home(limit=4):
    return upcoming_cohorts(limit=limit)


def catalogue_courses(*, catalog, params):
    """Published courses under the catalogue with their next cohorts; filters by format."""
    today = timezone.localdate()
    courses = CoursePage.objects.live().public().descendant_of(catalog).order_by("title")
    selected_format = params.get("format", "")
    if selected_format in CourseFormat.values:
        courses = courses.filter(format=selected_format)
    else:
        selected_format = ""
    upcoming_only = params.get("a_venir") == "1"
    next_cohorts = _cohorts_with_seats(
        Cohort.objects.filter(status__in=VISIBLE_COHORT_STATUSES, end_date__gte=today)
    ).order_by("start_date")
    courses = courses.prefetch_related(Prefetch("cohorts", queryset=next_cohorts, to_attr="next_cohorts"))
    if upcoming_only:
        courses = courses.filter(
            cohorts__status__in=VISIBLE_COHORT_STATUSES, cohorts__end_date__gte=today
        ).distinct()
    return {
        "courses": courses,
        "formats": CourseFormat.choices,
        "selected_format": selected_format,
        "upcoming_only": upcoming_only,
    }


def course_page_context(*, course):
    return {
        "next_cohorts": upcoming_cohorts(course=course),
        "course_modules": list(course.modules.prefetch_related("skills")),
        "course_skills": list(course.skills.select_related("block")),
    }
