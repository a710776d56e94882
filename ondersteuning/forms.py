import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klimop.accounts.models import Rol, User
from klimop.forms import keuzes_eenmalig
from klimop.profiel.models import Basisondersteuningsonderdeel
from leerlingen.models import Groep, Leerling

from . import services
from .models import (
    OPEN_STATUSSEN,
    Ondersteuningsvraag,
    Overleg,
    PlanVersie,
    Status,
    TlvBesluit,
    Toestemming,
    ToestemmingSoort,
    Urgentie,
    Verwijzing,
)

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


class TekstForm(forms.Form):
    tekst = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)

    def __init__(self, *args, label, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tekst"].label = label
        self.fields["tekst"].help_text = help_text


class OuderAanwezigMixin(forms.Form):
    ouders_aanwezig = forms.TypedChoiceField(
        label=_("Waren de ouders betrokken bij dit besluit?"),
        choices=[("ja", _("Ja, de ouders waren erbij")), ("nee", _("Nee"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Geef aan of de ouders erbij waren.")},
    )
    reden_afwezig = forms.CharField(
        label=_("Zo nee: waarom niet, en hoe worden ze geïnformeerd?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("ouders_aanwezig") is False and not data.get("reden_afwezig", "").strip():
            self.add_error("reden_afwezig", _("Geef aan waarom de ouders er niet bij waren."))
        return data


def _toekomstige_datum(form, veld):
    datum = form.cleaned_data.get(veld)
    if datum and datum <= timezone.localdate():
        raise forms.ValidationError(_("Kies een datum na vandaag."))
    return datum


class BasisondersteuningForm(OuderAanwezigMixin):
    afspraken = forms.CharField(
        label=_("Korte afspraken binnen de basisondersteuning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Wat gaat de leerkracht anders doen, en wat doen de ouders thuis?"),
    )
    evaluatiedatum = forms.DateField(label=_("Evaluatiedatum"), widget=DATUM)
    field_order = ["afspraken", "evaluatiedatum", "ouders_aanwezig", "reden_afwezig"]

    def clean_evaluatiedatum(self):
        return _toekomstige_datum(self, "evaluatiedatum")


class ArrangementForm(OuderAanwezigMixin):
    omschrijving = forms.CharField(
        label=_("Het arrangement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Welke extra ondersteuning, door wie, hoe vaak en hoe lang."),
    )
    evaluatiedatum = forms.DateField(label=_("Evaluatiedatum"), widget=DATUM)
    field_order = ["omschrijving", "evaluatiedatum", "ouders_aanwezig", "reden_afwezig"]

    def clean_evaluatiedatum(self):
        return _toekomstige_datum(self, "evaluatiedatum")


class EvaluatieForm(OuderAanwezigMixin):
    bevindingen = forms.CharField(
        label=_("Bevindingen van de evaluatie"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    field_order = ["bevindingen", "ouders_aanwezig", "reden_afwezig"]


class OverlegPlannenForm(forms.Form):
    datum = forms.DateTimeField(
        label=_("Datum en tijd"), widget=DATUMTIJD, input_formats=["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"]
    )
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    deelnemers = MeerkeuzeVeld(
        label=_("Uitnodigen (naast de ouders)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "De ouders worden altijd uitgenodigd. Externe OT-leden lezen alleen mee met toestemming van de ouders."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deelnemers"].queryset = User.objects.filter(
            rol__in=[Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR, Rol.OT_LID], is_active=True
        ).order_by("rol", "last_name")
        self.fields["deelnemers"].label_from_instance = lambda u: f"{u} — {u.functie or u.get_rol_display()}"

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum < timezone.now() - datetime.timedelta(days=1):
            raise forms.ValidationError(_("Een nieuw overleg plant u in de toekomst."))
        return datum


class OverlegVastleggenForm(OuderAanwezigMixin):
    overleg = forms.ModelChoiceField(label=_("Welk overleg"), queryset=Overleg.objects.none(), empty_label=None)
    verslag = forms.CharField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000)
    verslag_delen = forms.BooleanField(label=_("Deel het verslag met de ouders"), required=False, initial=True)
    field_order = ["overleg", "ouders_aanwezig", "reden_afwezig", "verslag", "verslag_delen"]

    def __init__(self, *args, vraag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overleg"].queryset = vraag.overleggen.filter(gehouden=False)
        self.fields["ouders_aanwezig"].label = _("Waren de ouders bij het overleg?")


class TrajectbegeleiderForm(forms.Form):
    trajectbegeleider = forms.ModelChoiceField(
        label=_("Trajectbegeleider"), queryset=User.objects.none(), empty_label=_("Kies de trajectbegeleider")
    )
    toelichting = forms.CharField(
        label=_("Vraag aan de trajectbegeleider"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trajectbegeleider"].queryset = User.objects.filter(rol=Rol.TRAJECTBEGELEIDER, is_active=True)


class VerwijzingForm(forms.ModelForm):
    class Meta:
        model = Verwijzing
        fields = [
            "soort",
            "bestemming",
            "deskundige_1",
            "advies_1",
            "deskundige_2",
            "advies_2",
            "zienswijze_ouders",
        ]
        widgets = {
            "soort": forms.RadioSelect,
            "advies_1": forms.Textarea(attrs={"rows": 3}),
            "advies_2": forms.Textarea(attrs={"rows": 3}),
            "zienswijze_ouders": forms.Textarea(attrs={"rows": 3}),
        }


class TlvBesluitForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (TlvBesluit.TOEGEKEND, TlvBesluit.TOEGEKEND.label),
            (TlvBesluit.AFGEWEZEN, TlvBesluit.AFGEWEZEN.label),
        ],
        widget=forms.RadioSelect,
    )
    besluit_op = forms.DateField(label=_("Datum besluit"), widget=DATUM)
    geldig_tot = forms.DateField(label=_("TLV geldig tot"), widget=DATUM, required=False)
    toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def clean(self):
        data = super().clean()
        if data.get("besluit") == TlvBesluit.TOEGEKEND and not data.get("geldig_tot"):
            self.add_error("geldig_tot", _("Vul in tot wanneer de toegekende TLV geldig is."))
        if data.get("besluit_op") and data["besluit_op"] > timezone.localdate():
            self.add_error("besluit_op", _("Deze datum ligt in de toekomst."))
        return data


class ObservatieForm(forms.Form):
    observatie = forms.CharField(label=_("Observatie"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)
    delen_met_ouders = forms.BooleanField(label=_("Zichtbaar voor de ouders"), required=False, initial=True)


class ToestemmingPapierForm(forms.Form):
    soort = forms.ChoiceField(label=_("Toestemming voor"), choices=ToestemmingSoort.choices, widget=forms.RadioSelect)
    ouder = forms.ModelChoiceField(
        label=_("Gegeven door"), queryset=User.objects.none(), empty_label=_("Kies de ouder")
    )
    gegeven_op = forms.DateField(label=_("Datum op het formulier"), widget=DATUM)

    def __init__(self, *args, vraag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ouder"].queryset = User.objects.filter(
            ouderschappen__leerling=vraag.leerling, ouderschappen__gezag=True
        )
        self.fields["ouder"].error_messages["invalid_choice"] = _("Kies een ouder met gezag uit de lijst.")

    def clean_gegeven_op(self):
        datum = self.cleaned_data["gegeven_op"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return datum


class ToestemmingIntrekkenForm(forms.Form):
    toestemming = forms.ModelChoiceField(
        label=_("Welke toestemming trekken de ouders in?"),
        queryset=Toestemming.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, vraag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["toestemming"].queryset = vraag.toestemmingen.actief()


# --- the plan and the parents' responses ---------------------------------------------------------------

LANG = forms.Textarea(attrs={"rows": 4})


class PlanVersieForm(forms.ModelForm):
    """A concept version. The pupil's teacher gets only the fieldset “Kind aan het woord”."""

    class Meta:
        model = PlanVersie
        fields = list(PlanVersie.INHOUD)
        widgets = {
            **{veld: LANG for veld in PlanVersie.INHOUD if veld not in ("uitstroombestemming", "evaluatiemomenten")},
            "vastgesteld_op": DATUM,
        }

    def __init__(self, *args, alleen_kind: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        delen = [
            (_("Uitstroom"), ["uitstroombestemming", "uitstroom_onderbouwing"]),
            (_("Wat helpt en wat belemmert"), ["bevorderende_factoren", "belemmerende_factoren"]),
            (_("Onderwijsbehoeften"), ["onderwijsbehoeften"]),
            (_("Handelingsdeel (hierover beslissen de ouders mee)"), list(PlanVersie.HANDELINGSDEEL)),
            (_("Kind aan het woord"), list(PlanVersie.KIND)),
            (_("Vaststelling en evaluatie"), ["vastgesteld_op", "evaluatiemomenten"]),
        ]
        if alleen_kind:
            for veld in set(self.fields) - set(PlanVersie.KIND):
                del self.fields[veld]
            delen = [deel for deel in delen if deel[1] == list(PlanVersie.KIND)]
        self.helper.layout = Layout(*(Fieldset(titel, *velden) for titel, velden in delen))

    def clean_vastgesteld_op(self):
        datum = self.cleaned_data.get("vastgesteld_op")
        if datum and datum > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return datum


class DoelForm(forms.Form):
    # The goal's own id travels with the form, so a save updates that goal instead of replacing them all.
    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    omschrijving = forms.CharField(
        label=_("Doel"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Wat kan de leerling straks, zo concreet dat iedereen kan zien of het gelukt is."),
    )
    evaluatiedatum = forms.DateField(label=_("Evaluatiedatum"), widget=DATUM)
    resultaat = forms.CharField(
        label=_("Resultaat"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class BaseDoelFormSet(forms.BaseFormSet):
    """The goals of a version. Every filled-in form is kept, changed or not; only a ticked “Verwijderen” removes."""

    def doelen(self) -> list[dict]:
        """Every goal on the page in its order, with the id of the goal it edits (None for a new one)."""
        return [
            {k: form.cleaned_data.get(k) for k in ("id", "omschrijving", "evaluatiedatum", "resultaat")}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def verwijderd(self) -> list[int]:
        """The ids of the existing goals the person ticked for removal."""
        return [
            form.cleaned_data["id"]
            for form in self.forms
            if form.cleaned_data.get("DELETE") and form.cleaned_data.get("id")
        ]


DoelFormSet = forms.formset_factory(DoelForm, formset=BaseDoelFormSet, extra=1, can_delete=True, max_num=20)


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
