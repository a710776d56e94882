"""The forms of the TLV dossier: signing in the portal, recording a paper signature, sending the request."""

from django import forms
from django.utils.translation import gettext_lazy as _

from klimop.accounts.models import Rol, User


class OndertekenForm(forms.Form):
    inhoud_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    akkoord = forms.BooleanField(
        label=_("Ik heb deze versie van de aanvraag gelezen en onderteken haar."),
        error_messages={"required": _("Vink aan dat u deze versie ondertekent.")},
    )
    wachtwoord = forms.CharField(
        label=_("Uw wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Met uw wachtwoord bevestigt u dat u het zelf bent."),
        error_messages={"required": _("Vul uw wachtwoord in.")},
    )


class PapierOndertekeningForm(forms.Form):
    ondertekenaar = forms.ModelChoiceField(label=_("Ondertekend door"), queryset=User.objects.none(), empty_label=None)
    bestand = forms.FileField(label=_("Gescand, ondertekend formulier"), help_text=_("PDF, JPEG of PNG."))

    def __init__(self, *args, ouders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ondertekenaar"].queryset = (
            User.objects.filter(pk__in=[o.pk for o in ouders]) | User.objects.filter(rol=Rol.DIRECTEUR, is_active=True)
        ).order_by("rol", "last_name")


class VersturenForm(forms.Form):
    reden_zonder_ouder = forms.CharField(
        label=_("Heeft geen ouder ondertekend? Leg vast waarom"),
        help_text=_("De school mag een TLV aanvragen als de ouders het er niet mee eens zijn; de reden gaat mee."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AdviesForm(forms.Form):
    nummer = forms.TypedChoiceField(
        label=_("Welk advies"),
        choices=[(1, _("Eerste deskundigenadvies")), (2, _("Tweede deskundigenadvies"))],
        coerce=int,
        widget=forms.RadioSelect,
    )
    functie = forms.CharField(label=_("Uw functie"), max_length=120, required=False)
    tekst = forms.CharField(label=_("Uw advies"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000)
    wachtwoord = forms.CharField(
        label=_("Uw wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Met uw wachtwoord ondertekent u uw advies."),
    )


class ZienswijzeForm(forms.Form):
    tekst = forms.CharField(
        label=_("Uw zienswijze"),
        help_text=_(
            "Wat vindt u van de aanvraag? Uw zienswijze gaat mee naar het samenwerkingsverband. U kunt eerst een "
            "concept bewaren; dat ziet alleen u."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        required=False,
    )
