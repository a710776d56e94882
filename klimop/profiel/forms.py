from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import Basisondersteuningsonderdeel, Ondersteuningsprofiel

TEKST_HULP = _("Een lege regel begint een nieuwe alinea; een regel die begint met “- ” wordt een opsomming.")


class ProfielForm(forms.ModelForm):
    """The dates and sections of a concept; the basisondersteuning items have their own form."""

    class Meta:
        model = Ondersteuningsprofiel
        fields = ["titel", "vastgesteld_op", "mr_advies_op", "samenvatting", *Ondersteuningsprofiel.SECTIES]
        widgets = {
            "vastgesteld_op": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "mr_advies_op": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{naam: forms.Textarea(attrs={"rows": 6}) for naam in ["samenvatting", *Ondersteuningsprofiel.SECTIES]},
        }
        help_texts = {
            "vastgesteld_op": _("Het profiel is vier jaar geldig vanaf deze datum. Nodig om te publiceren."),
            "samenvatting": _("Twee of drie zinnen bovenaan de openbare pagina."),
            "basisondersteuning": format_lazy(
                "{} {}", _("Inleiding bij de onderdelen van de basisondersteuning."), TEKST_HULP
            ),
            **{naam: TEKST_HULP for naam in Ondersteuningsprofiel.SECTIES if naam != "basisondersteuning"},
        }
        error_messages = {
            "titel": {"required": _("Geef het profiel een titel.")},
            "vastgesteld_op": {"invalid": _("Vul een geldige datum in.")},
            "mr_advies_op": {"invalid": _("Vul een geldige datum in.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has its token
        self.helper.layout = Layout(
            Fieldset(_("Gegevens"), "titel", "vastgesteld_op", "mr_advies_op", "samenvatting"),
            Fieldset(_("Hoofdstukken"), *Ondersteuningsprofiel.SECTIES),
        )

    def clean_vastgesteld_op(self):
        # The end of validity is four years later, which must still be a date (found by tests/test_bad_input.py).
        datum = self.cleaned_data.get("vastgesteld_op")
        if datum and datum.year > 9000:
            raise forms.ValidationError(_("Vul een datum in vóór het jaar 9000."))
        return datum

    def clean(self):
        cleaned = super().clean()
        vastgesteld, advies = cleaned.get("vastgesteld_op"), cleaned.get("mr_advies_op")
        if vastgesteld and advies and advies > vastgesteld:
            self.add_error("mr_advies_op", _("De medezeggenschapsraad geeft advies vóór de vaststelling, niet erna."))
        return cleaned


class OnderdeelForm(forms.ModelForm):
    class Meta:
        model = Basisondersteuningsonderdeel
        fields = ["titel", "omschrijving"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"titel": {"required": _("Geef het onderdeel een titel.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has its token
