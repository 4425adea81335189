from django.urls import path

from ..views import trainer as views

app_name = "trainer"
urlpatterns = [
    path("", views.home, name="home"),
    path("session/<str:code>/", views.cohort, name="cohort"),
    path("session/<str:code>/competences/", views.skills, name="skills"),
    path("session/<str:code>/competences/valider/", views.skills_validate, name="skills_validate"),
    path("seance/<int:pk>/", views.session, name="session"),
    path("seance/<int:pk>/appel/", views.session_mark, name="session_mark"),
    path("seance/<int:pk>/signature/", views.session_sign, name="session_sign"),
    path("seance/<int:pk>/sans-inscription/", views.session_walk_in, name="session_walk_in"),
    path("seance/<int:pk>/cloture/", views.session_close, name="session_close"),
    path("seance/<int:pk>/correction/", views.session_amend, name="session_amend"),
    path("seance/<int:pk>/qr/", views.session_qr, name="session_qr"),
    path("seance/<int:pk>/feuille.pdf", views.session_pdf, name="session_pdf"),
    path("stagiaire/<int:pk>/", views.learner, name="learner"),
    path("stagiaire/<int:pk>/heures/", views.hours, name="hours"),
]
