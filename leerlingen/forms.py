from django import forms
from django.utils.translation import gettext_lazy as _

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
