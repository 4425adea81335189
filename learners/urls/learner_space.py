from django.urls import path

from .. import views

app_name = "learner_space"
urlpatterns = [
    path("", views.learner_home, name="home"),
]
