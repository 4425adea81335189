from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("sessions/<str:code>/calendrier.ics", views.cohort_calendar, name="cohort_calendar"),
]
