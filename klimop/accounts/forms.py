from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leerlingen.models import Groep, Relatie

from .models import Rol, User
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


MEDEWERKERROLLEN = [(rol.value, rol.label) for rol in Rol if rol != Rol.OUDER]
EXTERN = (Rol.OT_LID, Rol.TRAJECTBEGELEIDER)


class MedewerkerUitnodigenForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul het e-mailadres in."), "invalid": _("Vul een geldig e-mailadres in.")},
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    rol = forms.ChoiceField(label=_("Rol"), choices=MEDEWERKERROLLEN)
    groepen = forms.ModelMultipleChoiceField(
        label=_("Groepen (voor een leerkracht)"),
        queryset=Groep.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De leerkracht ziet alleen de leerlingen van deze groepen."),
    )
    organisatie = forms.CharField(
        label=_("Organisatie (voor ondersteuningsteam en trajectbegeleider)"),
        max_length=120,
        required=False,
        help_text=_("Bijvoorbeeld het samenwerkingsverband. Staat in het overzicht van wie gegevens heeft ontvangen."),
    )
    functie = forms.CharField(label=_("Functie"), max_length=120, required=False)

    def __init__(self, *args, groepen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groepen"].queryset = groepen

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Er bestaat al een account met dit e-mailadres."))
        return email

    def clean(self):
        cleaned = super().clean()
        rol = cleaned.get("rol")
        if rol in EXTERN and not cleaned.get("organisatie", "").strip():
            self.add_error("organisatie", _("Vul de organisatie in: ouders zien met wie gegevens zijn gedeeld."))
        if rol == Rol.LEERKRACHT and not cleaned.get("groepen"):
            self.add_error("groepen", _("Kies de groep of groepen van de leerkracht."))
        return cleaned


class OuderUitnodigenForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul het e-mailadres in."), "invalid": _("Vul een geldig e-mailadres in.")},
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    relatie = forms.ChoiceField(label=_("Relatie tot de leerling"), choices=Relatie.choices)
    gezag = forms.BooleanField(
        label=_("Heeft ouderlijk gezag of voogdij"),
        required=False,
        initial=True,
        help_text=_("Alleen ouders en verzorgers met gezag zien het kind in het portaal."),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        bestaand = User.objects.filter(email__iexact=email).exclude(rol=Rol.OUDER).exists()
        if bestaand:
            raise forms.ValidationError(
                _("Dit e-mailadres hoort bij een account van een medewerker. Gebruik het adres van de ouder.")
            )
        return email


class AccountFilterForm(forms.Form):
    STATUS = [
        ("", _("Alle statussen")),
        ("actief", _("Actief")),
        ("uitgenodigd", _("Uitgenodigd, nog geen wachtwoord")),
        ("geen_toegang", _("Nog niet uitgenodigd")),
        ("gedeactiveerd", _("Gedeactiveerd")),
    ]
    q = forms.CharField(
        label=_("Zoek op naam of e-mailadres"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    rol = forms.ChoiceField(label=_("Rol"), choices=[("", _("Alle rollen")), *Rol.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS, required=False)


class AccountWijzigenForm(forms.ModelForm):
    groepen = forms.ModelMultipleChoiceField(
        label=_("Groepen"),
        queryset=Groep.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "organisatie", "functie"]

    def __init__(self, *args, groepen, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.rol == Rol.LEERKRACHT:
            self.fields["groepen"].queryset = groepen
            self.initial["groepen"] = list(self.instance.groepen.filter(pk__in=groepen))
        else:
            del self.fields["groepen"]
        if self.instance.rol not in EXTERN:
            del self.fields["organisatie"]
