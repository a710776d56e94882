"""The request form of a case and the filter of the IB queue."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klimop.accounts.models import Rol, User
from klimop.forms import keuzes_eenmalig
from klimop.profiel.models import Basisondersteuningsonderdeel
from leerlingen.models import Groep, Leerling

from ..models import OPEN_STATUSSEN, Ondersteuningsvraag, Status, Urgentie

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATUMTIJD = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
INDIEN_MELDINGEN = {
    "hulpvraag": _("Beschrijf de hulpvraag: waar loopt de leerling tegenaan en wat wilt u bereiken?"),
    "sterke_kanten": _("Beschrijf wat de leerling wél kan: de sterke kanten zijn het vertrekpunt."),
    "geprobeerd": _("Geef aan wat er binnen de basisondersteuning al is geprobeerd."),
    "ouders_geinformeerd_op": _("Vul in wanneer de ouders zijn geïnformeerd."),
    "ouders_geinformeerd_hoe": _("Kies hoe de ouders zijn geïnformeerd."),
}


class MeerkeuzeVeld(forms.ModelMultipleChoiceField):
    """An id beyond 64 bits is not a valid choice; SQLite would raise OverflowError (a server error) on it."""

    def _check_values(self, value):
        for pk in value:
            tekst = str(pk).strip().lstrip("+-")
            if tekst.isdigit() and int(tekst) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class VraagForm(forms.ModelForm):
    """The support request; saving a concept needs only the pupil, submitting needs everything."""

    class Meta:
        model = Ondersteuningsvraag
        fields = [
            "leerling",
            "hulpvraag",
            "sterke_kanten",
            "geprobeerd",
            "geprobeerd_toelichting",
            "ouders_geinformeerd_op",
            "ouders_geinformeerd_hoe",
            "urgentie",
        ]
        widgets = {
            "hulpvraag": forms.Textarea(attrs={"rows": 4}),
            "sterke_kanten": forms.Textarea(attrs={"rows": 3}),
            "geprobeerd": forms.CheckboxSelectMultiple,
            "geprobeerd_toelichting": forms.Textarea(attrs={"rows": 3}),
            "ouders_geinformeerd_op": DATUM,
            "urgentie": forms.RadioSelect,
        }
        help_texts = {
            "hulpvraag": _("Wat ziet u, sinds wanneer, en wat wilt u samen bereiken?"),
            "sterke_kanten": _("Wat kan de leerling goed, wat gaat er wél?"),
            "geprobeerd_toelichting": _("Aanpakken die niet in de lijst staan, en wat ze opleverden."),
        }
        error_messages = {"leerling": {"required": _("Kies de leerling om wie het gaat.")}}
        field_classes = {"geprobeerd": MeerkeuzeVeld}

    def __init__(self, *args, user: User, indienen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indienen = indienen
        self.fields["leerling"].queryset = (
            Leerling.objects.zichtbaar_voor(user)
            .ingeschreven()
            .select_related("groep")
            .order_by("achternaam", "voornaam")
        )
        self.fields["leerling"].label_from_instance = lambda leerling: (
            f"{leerling.sorteernaam} ({leerling.groep or '—'})"
        )
        self.fields["leerling"].empty_label = _("Kies een leerling")
        onderdelen = Basisondersteuningsonderdeel.objects.gepubliceerd()
        if self.instance.pk:
            onderdelen = onderdelen | self.instance.geprobeerd.all()
        self.fields["geprobeerd"].queryset = onderdelen.distinct().order_by("volgorde", "pk")
        self.fields["geprobeerd"].label = _("Wat is er binnen de basisondersteuning al geprobeerd?")
        self.fields["geprobeerd"].help_text = _(
            "Uit het schoolondersteuningsprofiel. Kies alles wat van toepassing is."
        )
        keuzes_eenmalig(self.fields["geprobeerd"])
        if not self.fields["geprobeerd"].choices:
            del self.fields["geprobeerd"]  # no published profile: the free text carries what was tried
        self.fields["urgentie"].required = False
        self.fields["ouders_geinformeerd_hoe"].choices = [
            ("", _("Kies hoe")),
            *self.fields["ouders_geinformeerd_hoe"].choices[1:],
        ]

    def clean_urgentie(self):
        return self.cleaned_data.get("urgentie") or Urgentie.NORMAAL

    def clean_ouders_geinformeerd_op(self):
        datum = self.cleaned_data.get("ouders_geinformeerd_op")
        if datum and datum > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst. Informeer de ouders vóór het indienen."))
        return datum

    def clean(self):
        data = super().clean()
        if self.indienen:
            for veld in ("hulpvraag", "sterke_kanten", "ouders_geinformeerd_op", "ouders_geinformeerd_hoe"):
                waarde = data.get(veld)
                leeg = not waarde or (isinstance(waarde, str) and not waarde.strip())
                if leeg and veld not in self.errors:
                    self.add_error(veld, INDIEN_MELDINGEN[veld])
            if not data.get("geprobeerd") and not (data.get("geprobeerd_toelichting") or "").strip():
                veld = "geprobeerd" if "geprobeerd" in self.fields else "geprobeerd_toelichting"
                self.add_error(veld, INDIEN_MELDINGEN["geprobeerd"])
        return data


class WachtrijFilterForm(forms.Form):
    SORTERINGEN = {
        "wachtend": ("status_sinds", _("Langst wachtend eerst")),
        "urgentie": ("-urgentie_gewicht", _("Meest urgent eerst")),
        "datum": ("volgende_datum", _("Eerstvolgende datum eerst")),
        "leerling": ("leerling__achternaam", _("Leerling (A–Z)")),
        "nieuw": ("-ingediend_op", _("Nieuwste eerst")),
    }

    q = forms.CharField(label=_("Zoek leerling"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    groep = forms.ModelChoiceField(
        label=_("Groep"), queryset=Groep.objects.none(), required=False, empty_label=_("Alle groepen")
    )
    urgentie = forms.ChoiceField(label=_("Urgentie"), required=False, choices=[("", _("Alle")), *Urgentie.choices])
    behandelaar = forms.ModelChoiceField(
        label=_("Behandelaar"), queryset=User.objects.none(), required=False, empty_label=_("Iedereen")
    )
    te_laat = forms.BooleanField(label=_("Alleen verlopen datums"), required=False)
    sorteer = forms.ChoiceField(
        label=_("Sorteer"), required=False, choices=[(k, v[1]) for k, v in SORTERINGEN.items()]
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("Alle open vragen")),
            *[(s, Status(s).label) for s in OPEN_STATUSSEN],
            (Status.AFGESLOTEN, Status.AFGESLOTEN.label),
        ]
        self.fields["groep"].queryset = Groep.objects.zichtbaar_voor(user).order_by("-schooljaar", "leerjaar", "naam")
        self.fields["behandelaar"].queryset = User.objects.filter(rol__in=[Rol.IB, Rol.DIRECTEUR], is_active=True)
        for veld in ("groep", "behandelaar"):
            self.fields[veld].error_messages["invalid_choice"] = _("Kies een waarde uit de lijst.")
            keuzes_eenmalig(self.fields[veld])
        self.fields["status"].error_messages["invalid_choice"] = _("Kies een status uit de lijst.")
