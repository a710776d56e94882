from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .oidc import wachtwoord_geweigerd
from .second_factor import TOTP_CODE, normalise_code
from .tasks import verstuur_wachtwoordherstel


class InlogForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters in het wachtwoord."
        ),
        "inactive": _("Dit account is niet (meer) actief. Neem contact op met de school."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if wachtwoord_geweigerd(user):
            raise forms.ValidationError(
                _("Medewerkers loggen in met hun schoolaccount: gebruik de knop 'Inloggen met uw schoolaccount'."),
                code="alleen_via_school",
            )


class WachtwoordVergetenForm(PasswordResetForm):
    """Django's reset form, but the mail goes through the task queue: a mail server that is down delays it.

    The worker writes it in the account's language, else the language of the page the request came from.
    """

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs) -> None:
        verstuur_wachtwoordherstel.enqueue(
            context["user"].pk, translation.get_language(), [subject_template_name, email_template_name]
        )


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=9,
        help_text=_("De 6 cijfers die uw authenticator-app nu laat zien."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 9}
        ),
        error_messages={"required": _("Vul de code uit de app in.")},
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not TOTP_CODE.fullmatch(code):
            raise forms.ValidationError(_("Een code uit de app bestaat uit 6 cijfers."))
        return code


class HerstelcodeForm(forms.Form):
    herstelcode = forms.CharField(
        label=_("Herstelcode"),
        max_length=20,
        help_text=_("Een van de herstelcodes die u bij het instellen heeft bewaard. Elke code werkt één keer."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "size": 12}
        ),
        error_messages={"required": _("Vul een herstelcode in.")},
    )

    def clean_herstelcode(self) -> str:
        return normalise_code(self.cleaned_data["herstelcode"])


class WachtwoordKiezenForm(SetPasswordForm):
    """Django's set-password form (all AUTH_PASSWORD_VALIDATORS, Dutch messages) with Dutch labels."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Kies een wachtwoord")
        self.fields["new_password2"].label = _("Herhaal het wachtwoord")
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
