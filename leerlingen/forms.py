from django import forms
from django.utils.translation import gettext_lazy as _

from klimop.forms import keuzes_eenmalig

from .importeren import MAX_BESTANDSGROOTTE, BestandFout, lees_tekst
from .models import Groep


class LeerlingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek op naam"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "placeholder": _("bijv. Sanne")}),
    )
    groep = forms.ModelChoiceField(
        label=_("Groep"),
        queryset=Groep.objects.none(),
        required=False,
        empty_label=_("Alle groepen"),
        error_messages={"invalid_choice": _("Kies een groep uit de lijst.")},
    )

    def __init__(self, *args, groepen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groep"].queryset = groepen
        keuzes_eenmalig(self.fields["groep"])


class ImportBestandForm(forms.Form):
    bestand = forms.FileField(
        label=_("Export uit de leerlingadministratie (CSV)"),
        help_text=_(
            "Een CSV-bestand in UTF-8, gescheiden door puntkomma's of komma's, van maximaal 2 MB. "
            "U ziet eerst wat er verandert; pas na bevestigen wordt het portaal bijgewerkt."
        ),
        error_messages={
            "required": _("Kies het CSV-bestand dat u wilt importeren."),
            "empty": _("Het gekozen bestand is leeg."),
            "invalid": _("Er is geen bestand ontvangen; kies het bestand opnieuw."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if not bestand.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(
                _("‘%(naam)s’ is geen CSV-bestand. Exporteer de leerlingen als .csv en kies dat bestand."),
                params={"naam": bestand.name},
                code="geen_csv",
            )
        if bestand.size > MAX_BESTANDSGROOTTE:
            raise forms.ValidationError(
                _("Het bestand is %(grootte)s MB; de grens is 2 MB. Is dit wel de export van de leerlingen?"),
                params={"grootte": f"{bestand.size / 1024 / 1024:.1f}".replace(".", ",")},
                code="te_groot",
            )
        try:
            self.tekst = lees_tekst(bestand.read())
        except BestandFout as fout:
            raise forms.ValidationError(str(fout), code="onleesbaar") from None
        return bestand
