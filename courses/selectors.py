"""Reads for course pages and the catalogue, free of N+1."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, IntegerField, Max, Min, OuterRef, Prefetch, Q, When
from django.utils import timezone

from .models import Audience, Cohort, CourseFormat, CoursePage

VISIBLE_COHORT_STATUSES = (Cohort.Status.OPEN, Cohort.Status.RUNNING)
CATALOGUE_PAGE_SIZE = 24
# Below this many learners a course's results would point at individuals (DOMAIN.md: cells < 5).
RESULTS_MIN_LEARNERS = getattr(settings, "RESULTS_MIN_LEARNERS", 5)


def _cohorts_with_seats(queryset):
    from learners.models import Enrolment

    return queryset.annotate(
        seats_taken=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.HOLDS_SEAT))
    )


def _visible_cohorts(today):
    return Cohort.objects.filter(status__in=VISIBLE_COHORT_STATUSES, end_date__gte=today)


def catalogue_next_cohorts(today):
    """Cohorts shown as "next dates" of a course, with their seats taken (for Prefetch)."""
    return _cohorts_with_seats(_visible_cohorts(today)).order_by("start_date", "code")


def upcoming_cohorts(*, course=None, limit=None):
    today = timezone.localdate()
    qs = _visible_cohorts(today)
    if course is not None:
        qs = qs.filter(course=course)
    qs = _cohorts_with_seats(qs.select_related("course")).order_by("start_date", "code")
    return list(qs[:limit] if limit else qs)


def upcoming_cohorts_for_home(limit=4):
    return upcoming_cohorts(limit=limit)


def _search_ids(catalog, query: str) -> list[int]:
    """Wagtail search over live courses, best match first."""
    results = CoursePage.objects.live().descendant_of(catalog).search(query)
    return [page.pk for page in results]


def catalogue_courses(*, catalog, params):
    """Published courses under the catalogue with their next cohorts; filters by format,
    audience, upcoming dates and a search query. Query count does not grow with the rows."""
    today = timezone.localdate()
    courses = CoursePage.objects.live().public().descendant_of(catalog)

    selected_format = params.get("format", "")
    if selected_format in CourseFormat.values:
        courses = courses.filter(format=selected_format)
    else:
        selected_format = ""

    audiences = list(Audience.objects.all())
    selected_audience = params.get("public", "")
    if selected_audience in {a.slug for a in audiences}:
        courses = courses.filter(audiences__slug=selected_audience)
    else:
        selected_audience = ""

    upcoming_only = params.get("a_venir") == "1"
    if upcoming_only:
        courses = courses.filter(Exists(_visible_cohorts(today).filter(course=OuterRef("pk"))))

    query = params.get("q", "").strip()[:100]
    if query:
        ids = _search_ids(catalog, query)
        courses = courses.filter(pk__in=ids).order_by(
            Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(ids)], output_field=IntegerField())
        )
    else:
        courses = courses.order_by("title")

    courses = courses.prefetch_related(
        Prefetch("cohorts", queryset=catalogue_next_cohorts(today), to_attr="next_cohorts"),
        Prefetch("audiences", queryset=Audience.objects.all(), to_attr="audience_list"),
    )
    page = Paginator(courses, CATALOGUE_PAGE_SIZE).get_page(params.get("page"))
    filters_active = bool(selected_format or selected_audience or upcoming_only or query)
    # Page links carry the recognised filters only: the page is cached under those, so a link
    # must never repeat whatever else a visitor put in the address.
    filter_query = urlencode(
        [
            (name, value)
            for name, value in (
                ("format", selected_format),
                ("public", selected_audience),
                ("a_venir", "1" if upcoming_only else ""),
                ("q", query),
            )
            if value
        ]
    )
    return {
        "filter_query": filter_query,
        "courses": page.object_list,
        "courses_page": page,
        "formats": CourseFormat.choices,
        "selected_format": selected_format,
        "audiences": audiences,
        "selected_audience": selected_audience,
        "upcoming_only": upcoming_only,
        "search_query": query,
        "filters_active": filters_active,
    }


def course_results(*, course, today=None):
    """What became of the learners of this course's finished cohorts, or None under the
    threshold (a results block about two people would name them)."""
    from learners.models import Enrolment

    today = today or timezone.localdate()
    finished = Q(cohort__status=Cohort.Status.CLOSED) | Q(cohort__end_date__lt=today)
    figures = Enrolment.objects.filter(
        finished, cohort__course=course, status__in=Enrolment.STARTED
    ).aggregate(
        learners=Count("pk"),
        completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
        cohorts=Count("cohort", distinct=True),
        first_start=Min("cohort__start_date"),
        last_end=Max("cohort__end_date"),
    )
    if figures["learners"] < RESULTS_MIN_LEARNERS:
        return None
    figures["completion_rate"] = round(100 * figures["completed"] / figures["learners"])
    # Positive exits at 6 months (Qualiopi indicator 2) come from the outcomes follow-up, which
    # applies its own small-numbers rule: None when too few learners are 6 months past the end.
    from learners.outcomes.selectors import course_results as outcome_results

    figures["positive_6_months_rate"] = outcome_results(course, today=today).get("positive_6_months_rate")
    return figures


def course_page_context(*, course):
    return {
        "next_cohorts": upcoming_cohorts(course=course),
        "course_modules": list(course.modules.prefetch_related("skills")),
        "course_skills": list(course.skills.select_related("block")),
        "course_audiences": list(course.audiences.all()),
        "results": course_results(course=course),
    }
