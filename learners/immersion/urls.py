from django.urls import path

from . import views

app_name = "tutor"
urlpatterns = [
    path("<uuid:link_id>/<str:token>/", views.home, name="home"),
    path("<uuid:link_id>/<str:token>/evaluation/<str:kind>/", views.evaluate, name="evaluate"),
]
