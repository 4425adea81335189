"""Wagtail API v2, read-only: the catalogue for partner sites (courses and their next cohorts)."""

from django.db.models import Prefetch
from django.utils import timezone
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from courses.models import CoursePage
from courses.selectors import catalogue_next_cohorts


class CoursesAPIViewSet(PagesAPIViewSet):
    """`/api/v2/formations/`: published courses, each with its next cohorts and seats left."""

    model = CoursePage
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "format",
        "summary",
        "hours_centre",
        "hours_company",
        "hours_distance",
        "price",
        "gen_label",
        "rncp_reference",
        "next_cohorts",
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "cohorts",
                    queryset=catalogue_next_cohorts(timezone.localdate()),
                    to_attr="next_cohorts",
                ),
                "audiences",
                "skills",
            )
        )


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """`/api/v2/pages/`: without course content (modules, lessons), whose access is decided per
    learner in courses.learning and which partner sites have no use for."""

    def get_base_queryset(self):
        from courses.learning.models import LessonPage, ModulePage

        return super().get_base_queryset().not_type(ModulePage, LessonPage)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("formations", CoursesAPIViewSet)
