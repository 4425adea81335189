from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("verifier/", views.verify_form, name="verify_form"),
    path("verifier/<str:code>/", views.verify, name="verify"),
    path("mes-documents/<str:code>.pdf", views.learner_pdf, name="learner_pdf"),
    path("mes-documents/<str:code>.json", views.learner_badge, name="learner_badge"),
]
