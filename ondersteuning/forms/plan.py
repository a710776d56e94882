"""The plan forms: a version's content and its goals."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import PlanVersie
from .vraag import DATUM

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
