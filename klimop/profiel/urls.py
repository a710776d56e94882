from django.urls import path

from . import views

app_name = "profiel"

urlpatterns = [
    path("", views.home, name="home"),
]
