from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import oidc, views
from .forms import InlogForm, WachtwoordVergetenForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=InlogForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", oidc.UitloggenView.as_view(), name="logout"),
    path("tweestapsverificatie/", views.two_factor_verify, name="two_factor_verify"),
    path("tweestapsverificatie/instellen/", views.two_factor_enrol, name="two_factor_enrol"),
    path("tweestapsverificatie/herstelcodes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path(
        "tweestapsverificatie/herstelcodes/nieuw/",
        views.two_factor_new_recovery_codes,
        name="two_factor_new_recovery_codes",
    ),
    path("tweestapsverificatie/uitzetten/", views.two_factor_turn_off, name="two_factor_turn_off"),
    path("uitnodiging/<int:pk>/<str:token>/", views.uitnodiging_aannemen, name="uitnodiging"),
    path("taal/", views.taal_kiezen, name="taal"),
    path("beveiliging/", views.security, name="security"),
    path("beveiliging/overal-uitloggen/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path(
        "wachtwoord/wijzigen/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("wachtwoord/gewijzigd/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "wachtwoord/vergeten/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            form_class=WachtwoordVergetenForm,
            email_template_name="registration/wachtwoord_reset_mail.txt",
            subject_template_name="registration/wachtwoord_reset_onderwerp.txt",
        ),
        name="password_reset",
    ),
    path("wachtwoord/vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("wachtwoord/nieuw/klaar/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
