"""The profile editor in the portal, under /portaal/profiel/ (a namespace of its own: none of it is public)."""

from django.urls import path

from . import views

app_name = "profielbeheer"

urlpatterns = [
    path("", views.beheer_overzicht, name="overzicht"),
    path("nieuw/", views.concept_aanmaken, name="concept_aanmaken"),
    path("<int:pk>/", views.versie, name="versie"),
    path("<int:pk>/bewerken/", views.bewerken, name="bewerken"),
    path("<int:pk>/onderdelen/", views.onderdelen, name="onderdelen"),
    path("<int:pk>/onderdelen/<int:onderdeel_pk>/", views.onderdeel_bewerken, name="onderdeel_bewerken"),
    path(
        "<int:pk>/onderdelen/<int:onderdeel_pk>/verplaatsen/",
        views.onderdeel_verplaatsen,
        name="onderdeel_verplaatsen",
    ),
    path(
        "<int:pk>/onderdelen/<int:onderdeel_pk>/verwijderen/",
        views.onderdeel_verwijderen,
        name="onderdeel_verwijderen",
    ),
    path("<int:pk>/publiceren/", views.publiceren, name="publiceren"),
]
