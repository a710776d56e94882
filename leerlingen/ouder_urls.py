from django.urls import path

from ondersteuning import ouders_views

from . import views

app_name = "ouders"

urlpatterns = [
    path("", views.ouder_start, name="start"),
    path("kinderen/<int:pk>/", views.ouder_kind, name="kind"),
    path("vragen/<int:pk>/", ouders_views.ouder_vraag, name="vraag"),
    path("vragen/<int:pk>/instemming/", ouders_views.instemming, name="instemming"),
    path("vragen/<int:pk>/toestemming/", ouders_views.toestemming, name="toestemming"),
    path("kinderen/<int:pk>/inzage/", views.ouder_inzage, name="inzage"),
]
