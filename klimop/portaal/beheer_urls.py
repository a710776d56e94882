"""Account management under /portaal/accounts/: the directeur manages accounts; the IB invites guardians."""

from django.urls import path

from . import accountbeheer

app_name = "accountbeheer"

urlpatterns = [
    path("", accountbeheer.account_lijst, name="lijst"),
    path("uitnodigen/", accountbeheer.medewerker_uitnodigen, name="medewerker_uitnodigen"),
    path("ouders-uitnodigen/", accountbeheer.ouders_uitnodigen, name="ouders_uitnodigen"),
    path("leerling/<int:leerling_pk>/ouder-uitnodigen/", accountbeheer.ouder_uitnodigen, name="ouder_uitnodigen"),
    path("<int:pk>/", accountbeheer.account_detail, name="detail"),
    path("<int:pk>/uitnodiging/", accountbeheer.uitnodiging_sturen, name="uitnodiging_sturen"),
    path("<int:pk>/deactiveren/", accountbeheer.account_deactiveren, name="deactiveren"),
    path("<int:pk>/heractiveren/", accountbeheer.account_heractiveren, name="heractiveren"),
]
