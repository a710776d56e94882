from django.contrib import admin
from django.urls import include, path

from klimop import views as klimop_views
from klimop.accounts import views as accounts_views

admin.site.site_header = "KlimOp portaal — beheer"
admin.site.site_title = "KlimOp beheer"

urlpatterns = [
    path("", include("klimop.profiel.urls")),
    path("accounts/", include("klimop.accounts.urls")),
    path("portaal/", accounts_views.portaal, name="portaal"),
    path("portaal/hulp/", klimop_views.hulp, name="hulp"),
    path("portaal/profiel/", include("klimop.profiel.beheer_urls")),
    path("portaal/accounts/", include("klimop.accounts.beheer_urls")),
    path("portaal/meldingen/", include("klimop.accounts.melding_urls")),
    path("leerlingen/", include("leerlingen.urls")),
    path("ouders/", include("leerlingen.ouder_urls")),
    path("ondersteuning/", include("ondersteuning.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "klimop.views.bad_request"
handler403 = "klimop.views.permission_denied"
handler404 = "klimop.views.page_not_found"
handler500 = "klimop.views.server_error"
