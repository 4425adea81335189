"""Read-only API shapes of a course's cohorts and modules (Wagtail API v2)."""

from django.urls import reverse
from rest_framework import serializers


class NextCohortSerializer(serializers.Serializer):
    code = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    place = serializers.CharField()
    status = serializers.CharField()
    capacity = serializers.IntegerField()
    seats_left = serializers.IntegerField()
    calendar_url = serializers.SerializerMethodField()

    def get_calendar_url(self, cohort) -> str:
        path = reverse("courses:cohort_calendar", args=[cohort.code])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ModuleSerializer(serializers.Serializer):
    title = serializers.CharField()
    hours = serializers.IntegerField()
    skills = serializers.ListField(child=serializers.CharField())
