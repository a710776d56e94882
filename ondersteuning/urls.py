from django.urls import path

from . import afdruk_views, ouders_views, overzicht_views, plan_views, views

app_name = "ondersteuning"

urlpatterns = [
    path("", views.wachtrij, name="wachtrij"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("nieuw/valideer/", views.valideer, name="valideer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.bewerken, name="bewerken"),
    path("overzicht/", overzicht_views.overzicht_view, name="overzicht"),
    path("overzicht/plannen/", overzicht_views.plannen_rod, name="plannen_rod"),
    path("overzicht/plannen/csv/", overzicht_views.plannen_rod_csv, name="plannen_rod_csv"),
    path("overzicht/<slug:figuur>.csv", overzicht_views.overzicht_csv, name="overzicht_csv"),
    path("<int:pk>/afdrukken/", afdruk_views.afdrukken, name="afdrukken"),
    path("<int:pk>/pdf/", afdruk_views.pdf, name="pdf"),
    path("<int:pk>/plan/", plan_views.plan, name="plan"),
    path("<int:pk>/plan/bewerken/", plan_views.plan_bewerken, name="plan_bewerken"),
    path("<int:pk>/plan/nieuwe-versie/", plan_views.plan_nieuwe_versie, name="plan_nieuwe_versie"),
    path("<int:pk>/plan/delen/", plan_views.plan_delen, name="plan_delen"),
    path("<int:pk>/plan/vergelijken/", plan_views.plan_vergelijken, name="plan_vergelijken"),
    path("<int:pk>/plan/versies/<int:nummer>/", plan_views.plan, name="plan_versie"),
    path("<int:pk>/plan/versies/<int:nummer>/mijn-plan/", plan_views.mijn_plan, name="mijn_plan"),
    path("<int:pk>/reacties/", ouders_views.reageren, name="reageren"),
    path("<int:pk>/bijlagen/nieuw/", ouders_views.bijlage_toevoegen, name="bijlage_toevoegen"),
    path("<int:pk>/bijlagen/<int:bijlage_pk>/", ouders_views.bijlage, name="bijlage"),
    # Last: the action pages of the ACTIES registry.
    path("<int:pk>/<slug:naam>/", views.actie, name="actie"),
]
