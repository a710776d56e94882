"""The house style in templates: `{% icoon "naam" %}` draws an icon from the vendored Bootstrap Icons sprite."""

import re
from functools import cache

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "vendor/bootstrap-icons/bootstrap-icons.svg"


@cache
def bekende_iconen() -> frozenset[str]:
    """The symbol ids in the sprite, read once: a typo in an icon name fails the page's test, not silently."""
    pad = finders.find(SPRITE)
    if pad is None:
        raise template.TemplateSyntaxError(f"The icon sprite {SPRITE} is missing from static/.")
    with open(pad, encoding="utf-8") as bestand:
        return frozenset(re.findall(r'<symbol[^>]*\bid="([^"]+)"', bestand.read()))


@register.simple_tag
def icoon(naam: str, klasse: str = "") -> str:
    """Decorative: the text next to the icon carries the meaning, so screen readers skip the icon."""
    if naam not in bekende_iconen():
        raise template.TemplateSyntaxError(f"Bootstrap Icons has no icon named {naam!r}.")
    return format_html(
        '<svg class="icoon{}" aria-hidden="true" focusable="false" width="1em" height="1em">'
        '<use href="{}#{}"></use></svg>',
        f" {klasse}" if klasse else "",
        static(SPRITE),
        naam,
    )
