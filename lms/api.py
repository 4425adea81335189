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


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("formations", CoursesAPIViewSet)
