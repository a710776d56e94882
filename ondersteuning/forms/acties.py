"""The forms of the actions on a case (the ACTIES registry): routes, meetings, referral, consent on paper."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klimop.accounts.models import Rol, User

from ..models import TLV_UITLEG, Overleg, TlvBesluit, TlvSoort, Toestemming, ToestemmingSoort, Verwijzing
from .vraag import DATUM, DATUMTIJD, MeerkeuzeVeld


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
    eindtijd = forms.TimeField(
        label=_("Eindtijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), required=False
    )
    plaats = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    videolink = forms.URLField(label=_("Videolink"), required=False, assume_scheme="https")
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

    def clean(self):
        data = super().clean()
        datum, eindtijd = data.get("datum"), data.get("eindtijd")
        if datum and eindtijd and eindtijd <= timezone.localtime(datum).time():
            self.add_error("eindtijd", _("De eindtijd ligt na de begintijd."))
        if not data.get("plaats") and not data.get("videolink") and not self.errors:
            self.add_error("plaats", _("Vul een plaats of een videolink in."))
        return data


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
            "gekozen_einde",
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
            "gekozen_einde": DATUM,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [
            (waarde, f"{label} — {TLV_UITLEG[waarde]}") for waarde, label in TlvSoort.choices
        ]


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
    geldig_tot = forms.DateField(
        label=_("TLV geldig tot"),
        widget=DATUM,
        required=False,
        help_text=_(
            "Alleen bij een TLV A, als het samenwerkingsverband een andere einddatum koos. Een TLV B geldt drie jaar, "
            "een TLV C heeft geen einddatum."
        ),
    )
    toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def clean(self):
        data = super().clean()
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
