from django import forms


def keuzes_eenmalig(veld: forms.ModelChoiceField) -> None:
    """Fetch a model select's options in one plain query; Django's iterator counts and re-queries on each render."""
    iterator = veld.iterator(veld)
    leeg = [("", veld.empty_label)] if veld.empty_label is not None else []
    veld.choices = leeg + [iterator.choice(obj) for obj in veld.queryset]
