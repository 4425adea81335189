from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("<str:token>/", views.self_report, name="self_report"),
]
