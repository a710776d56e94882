from django import template

from ondersteuning import afdruk

register = template.Library()


@register.filter
def mag_afdrukken(user) -> bool:
    """Whether to show the print and PDF links; the views refuse everyone else themselves."""
    return afdruk.mag_afdrukken(user)
