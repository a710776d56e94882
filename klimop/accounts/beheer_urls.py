"""Account management under /portaal/accounts/: the directeur manages accounts; the IB invites guardians."""

from django.urls import path

from . import views

app_name = "accountbeheer"

urlpatterns = [
    path("", views.account_lijst, name="lijst"),
    path("uitnodigen/", views.medewerker_uitnodigen, name="medewerker_uitnodigen"),
    path("ouders-uitnodigen/", views.ouders_uitnodigen, name="ouders_uitnodigen"),
    path("leerling/<int:leerling_pk>/ouder-uitnodigen/", views.ouder_uitnodigen, name="ouder_uitnodigen"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/uitnodiging/", views.uitnodiging_sturen, name="uitnodiging_sturen"),
    path("<int:pk>/deactiveren/", views.account_deactiveren, name="deactiveren"),
    path("<int:pk>/heractiveren/", views.account_heractiveren, name="heractiveren"),
]
