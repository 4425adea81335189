from django.urls import path

from .. import views_partners as views

app_name = "partners"
urlpatterns = [
    path("", views.partner_learner_list, name="learner_list"),
    # Learners by their pseudonym, not their row number: a partner cannot count everyone's learners.
    path("stagiaires/<uuid:ref>/", views.learner_detail, name="learner_detail"),
    path("stagiaires/<uuid:ref>/heures/<str:code>.pdf", views.hours_pdf, name="hours_pdf"),
    path("sessions/", views.cohort_list, name="cohort_list"),
    path("seances/<int:session_id>/feuille.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("inscriptions/", views.import_list, name="import_list"),
    path("inscriptions/nouvelle/", views.import_new, name="import_new"),
    path("inscriptions/modele.csv", views.import_template, name="import_template"),
    path("inscriptions/<uuid:pk>/", views.import_detail, name="import_detail"),
    path("inscriptions/<uuid:pk>/confirmer/", views.import_confirm, name="import_confirm"),
    path("inscriptions/<uuid:pk>/abandonner/", views.import_cancel, name="import_cancel"),
    path("inscriptions/<uuid:pk>/codes.pdf", views.import_codes, name="import_codes"),
]
