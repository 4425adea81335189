from django.urls import path

from .. import views_partners as views

app_name = "partners"
urlpatterns = [
    path("", views.partner_learner_list, name="learner_list"),
]
