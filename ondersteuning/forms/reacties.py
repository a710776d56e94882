"""The parents' responses: comments, documents, agreement and consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import PlanVersie, ToestemmingSoort


class ReactieForm(forms.Form):
    tekst = forms.CharField(
        label=_("Uw reactie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Schrijf uw reactie.")},
    )
    versie = forms.ModelChoiceField(
        label=_("Waarover gaat uw reactie?"),
        queryset=PlanVersie.objects.none(),
        required=False,
        empty_label=_("Over de ondersteuning in het algemeen"),
    )

    def __init__(self, *args, versies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versie"].queryset = versies
        self.fields["versie"].label_from_instance = lambda v: (
            _("Over versie %(nummer)s van het plan") % {"nummer": v.nummer}
        )
        self.fields["versie"].error_messages["invalid_choice"] = _("Kies een versie van het plan uit de lijst.")
        if not versies.exists():
            del self.fields["versie"]


class BijlageForm(forms.Form):
    bestand = forms.FileField(
        label=_("Document"),
        help_text=_("Een pdf, foto (jpg of png) of Word-document (docx) van hoogstens 10 MB."),
        error_messages={"required": _("Kies het document dat u wilt toevoegen.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}),
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: verslag van de logopedist."),
    )
    zichtbaar_voor_ouders = forms.BooleanField(label=_("Zichtbaar voor de ouders"), required=False, initial=True)

    def __init__(self, *args, voor_ouder: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if voor_ouder:
            del self.fields["zichtbaar_voor_ouders"]

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        try:
            services.controleer_bestand(bestand)
        except services.Geweigerd as fout:
            raise forms.ValidationError(str(fout)) from None
        return bestand


class InstemmingForm(forms.Form):
    akkoord = forms.TypedChoiceField(
        label=_("Bent u akkoord met het handelingsdeel?"),
        choices=[("ja", _("Ja, ik ben akkoord")), ("nee", _("Nee, ik ben niet akkoord"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u akkoord bent.")},
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("Verplicht als u niet akkoord bent: wat zou u anders willen?"),
    )

    def clean(self):
        data = super().clean()
        if data.get("akkoord") is False and not data.get("toelichting", "").strip():
            self.add_error("toelichting", _("Schrijf waarom u niet akkoord bent. Dan kan de school met u in gesprek."))
        return data


class ToestemmingOuderForm(forms.Form):
    soort = forms.ChoiceField(choices=ToestemmingSoort.choices)
    actie = forms.ChoiceField(choices=[("geven", _("Geven")), ("intrekken", _("Intrekken"))])
