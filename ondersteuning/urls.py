from django.urls import path

from .views import afdruk, overzicht, plan, reacties, verwijzing, vraag, wachtrij

app_name = "ondersteuning"

urlpatterns = [
    path("", wachtrij.wachtrij, name="wachtrij"),
    path("nieuw/", vraag.nieuw, name="nieuw"),
    path("nieuw/valideer/", vraag.valideer, name="valideer"),
    path("<int:pk>/", vraag.detail, name="detail"),
    path("<int:pk>/bewerken/", vraag.bewerken, name="bewerken"),
    path("overzicht/", overzicht.overzicht_view, name="overzicht"),
    path("overzicht/plannen/", overzicht.plannen_rod, name="plannen_rod"),
    path("overzicht/plannen/csv/", overzicht.plannen_rod_csv, name="plannen_rod_csv"),
    path("overzicht/<slug:figuur>.csv", overzicht.overzicht_csv, name="overzicht_csv"),
    path("<int:pk>/afdrukken/", afdruk.afdrukken, name="afdrukken"),
    path("<int:pk>/pdf/", afdruk.pdf, name="pdf"),
    path("<int:pk>/plan/", plan.plan, name="plan"),
    path("<int:pk>/plan/bewerken/", plan.plan_bewerken, name="plan_bewerken"),
    path("<int:pk>/plan/nieuwe-versie/", plan.plan_nieuwe_versie, name="plan_nieuwe_versie"),
    path("<int:pk>/plan/delen/", plan.plan_delen, name="plan_delen"),
    path("<int:pk>/plan/vergelijken/", plan.plan_vergelijken, name="plan_vergelijken"),
    path("<int:pk>/plan/versies/<int:nummer>/", plan.plan, name="plan_versie"),
    path("<int:pk>/plan/versies/<int:nummer>/mijn-plan/", plan.mijn_plan, name="mijn_plan"),
    path("<int:pk>/reacties/", reacties.reageren, name="reageren"),
    path("<int:pk>/bijlagen/nieuw/", reacties.bijlage_toevoegen, name="bijlage_toevoegen"),
    path("<int:pk>/bijlagen/<int:bijlage_pk>/", reacties.bijlage, name="bijlage"),
    path("<int:pk>/tlv/", verwijzing.tlv, name="tlv"),
    path("<int:pk>/tlv/ondertekenen/", verwijzing.tlv_ondertekenen, name="tlv_ondertekenen"),
    path("<int:pk>/tlv/papier/", verwijzing.tlv_papier, name="tlv_papier"),
    path("<int:pk>/tlv/advies/", verwijzing.tlv_advies, name="tlv_advies"),
    path("<int:pk>/tlv/zienswijze/", verwijzing.tlv_zienswijze, name="tlv_zienswijze"),
    path("<int:pk>/tlv/versturen/", verwijzing.tlv_versturen, name="tlv_versturen"),
    # Last: the action pages of the ACTIES registry.
    path("<int:pk>/<slug:naam>/", vraag.actie, name="actie"),
]
