from django.urls import path

from ..views import space

app_name = "learner_space"
urlpatterns = [
    path("", space.home, name="home"),
    path("mes-donnees.json", space.my_data, name="my_data"),
    path("mes-donnees.pdf", space.my_data_pdf, name="my_data_pdf"),
    path("accord/<str:purpose>/retirer/", space.withdraw_consent, name="withdraw_consent"),
    path("signer/<str:token>/", space.sign, name="sign"),
    path("agenda.ics", space.calendar, name="calendar"),
]
