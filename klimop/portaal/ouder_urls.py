"""/ouders/: the parents' pages. They span the apps: the child pages of leerlingen, the child with its cases
(klimop.portaal) and a case, consent and agreement pages of ondersteuning."""

from django.urls import path

from leerlingen import views as leerlingen_views
from ondersteuning.views import ouders as ouders_views

from . import leerling_views

app_name = "ouders"

urlpatterns = [
    path("", leerlingen_views.ouder_start, name="start"),
    path("kinderen/<int:pk>/", leerling_views.ouder_kind, name="kind"),
    path("vragen/<int:pk>/", ouders_views.ouder_vraag, name="vraag"),
    path("vragen/<int:pk>/instemming/", ouders_views.instemming, name="instemming"),
    path("vragen/<int:pk>/toestemming/", ouders_views.toestemming, name="toestemming"),
    path("kinderen/<int:pk>/inzage/", leerlingen_views.ouder_inzage, name="inzage"),
]
