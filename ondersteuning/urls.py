from django.urls import path

from . import afdruk_views, overzicht_views, views

app_name = "ondersteuning"

urlpatterns = [
    path("", views.wachtrij, name="wachtrij"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("nieuw/valideer/", views.valideer, name="valideer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.bewerken, name="bewerken"),
    path("overzicht/", overzicht_views.overzicht_view, name="overzicht"),
    path("overzicht/<slug:figuur>.csv", overzicht_views.overzicht_csv, name="overzicht_csv"),
    path("<int:pk>/afdrukken/", afdruk_views.afdrukken, name="afdrukken"),
    path("<int:pk>/pdf/", afdruk_views.pdf, name="pdf"),
    path("<int:pk>/<slug:naam>/", views.actie, name="actie"),
]
