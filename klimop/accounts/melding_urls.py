from django.urls import path

from . import views

app_name = "meldingen"

urlpatterns = [
    path("", views.melding_lijst, name="lijst"),
    path("aantal/", views.meldingen_aantal, name="aantal"),
    path("alles-gelezen/", views.meldingen_alles_gelezen, name="alles_gelezen"),
    path("<int:pk>/gelezen/", views.melding_gelezen, name="gelezen"),
]
