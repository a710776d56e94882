from django.contrib import admin
from django.urls import include, path

from klimop import gezond
from klimop import views as klimop_views
from klimop.accounts import oidc
from klimop.portaal import views as portaal_views

admin.site.site_header = "KlimOp portaal — beheer"
admin.site.site_title = "KlimOp beheer"
admin.site.login_form = oidc.BeheerInlogForm
# The database away is a 503 with the portal's own page (klimop/storingen.py).
handler500 = "klimop.storingen.server_error"

urlpatterns = [
    path("", include("klimop.profiel.urls")),
    path("accounts/", include("klimop.accounts.urls")),
    # The redirect URI registered at the provider is /oidc/callback/ (README).
    path("oidc/authenticate/", oidc.AanvraagView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("portaal/aanmelden/", oidc.aanmeldbeleid, name="aanmeldbeleid"),
    path("portaal/", portaal_views.portaal, name="portaal"),
    path("portaal/hulp/", klimop_views.hulp, name="hulp"),
    path("portaal/profiel/", include("klimop.profiel.beheer_urls")),
    path("portaal/accounts/", include("klimop.portaal.beheer_urls")),
    path("portaal/meldingen/", include("klimop.accounts.melding_urls")),
    path("leerlingen/", include("klimop.portaal.leerling_urls")),
    path("ouders/", include("klimop.portaal.ouder_urls")),
    path("ondersteuning/", include("ondersteuning.urls")),
    path("admin/", admin.site.urls),
    path("gezond/", gezond.gezond, name="gezond"),
]

handler400 = "klimop.views.bad_request"
handler403 = "klimop.views.permission_denied"
handler404 = "klimop.views.page_not_found"
