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
        label=_("Export uit de leerlingadministratie (CSV) of EDEXML-bestand"),
        help_text=_(
            "Een EDEXML-export (.xml, versie 2.1) of een CSV-bestand in UTF-8, gescheiden door puntkomma's of "
            "komma's, van maximaal 2 MB. U ziet eerst wat er verandert; pas na bevestigen wordt het portaal "
            "bijgewerkt."
        ),
        error_messages={
            "required": _("Kies het CSV-bestand dat u wilt importeren."),
            "empty": _("Het gekozen bestand is leeg."),
            "invalid": _("Er is geen bestand ontvangen; kies het bestand opnieuw."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,text/csv,text/xml,application/xml"}),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if not bestand.name.lower().endswith((".csv", ".txt", ".xml")):
            raise forms.ValidationError(
                _(
                    "‘%(naam)s’ is geen CSV-bestand. Exporteer de leerlingen als EDEXML (.xml) of .csv en kies dat "
                    "bestand."
                ),
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


class InzageFilterForm(forms.Form):
    """Filters of the directeur's access log; every field is optional."""

    q = forms.CharField(label=_("Leerling"), required=False, max_length=100, help_text=_("Naam of leerlingnummer."))
    leerling = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    wie = forms.CharField(label=_("Bekeken door"), required=False, max_length=100)
    rol = forms.ChoiceField(label=_("Rol"), required=False)
    onderwerp = forms.ChoiceField(label=_("Wat"), required=False)
    van = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from klimop.accounts.models import Rol

        from .models import InzageOnderwerp

        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = [("", _("Alle rollen")), *[(r.value, r.label) for r in Rol if r != Rol.OUDER]]
        self.fields["onderwerp"].choices = [("", _("Alles")), *InzageOnderwerp.choices]
        for veld in ("rol", "onderwerp"):
            self.fields[veld].error_messages["invalid_choice"] = _("Kies een waarde uit de lijst.")

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("Deze datum ligt vóór de begindatum."))
        return data

    def filter(self, inzagen):
        if not self.is_valid():
            return inzagen.none()
        data = self.cleaned_data
        if data["q"]:
            from .models import Leerling

            inzagen = inzagen.filter(
                leerling__in=Leerling.objects.zoek(data["q"]) | Leerling.objects.filter(leerlingnummer=data["q"])
            )
        if data["leerling"]:
            inzagen = inzagen.filter(leerling_id=data["leerling"])
        if data["wie"]:
            inzagen = inzagen.filter(naam__icontains=data["wie"])
        if data["rol"]:
            inzagen = inzagen.filter(rol=data["rol"])
        if data["onderwerp"]:
            inzagen = inzagen.filter(onderwerp=data["onderwerp"])
        if data["van"]:
            inzagen = inzagen.filter(moment__date__gte=data["van"])
        if data["tot"]:
            inzagen = inzagen.filter(moment__date__lte=data["tot"])
        return inzagen
