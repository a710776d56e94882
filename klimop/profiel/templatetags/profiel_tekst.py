from itertools import groupby

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _is_opsomming(regel: str) -> bool:
    return regel.startswith("- ")


@register.filter
def alineas(tekst: str) -> SafeString:
    """Plain section text as HTML: blank lines separate paragraphs, lines starting with "- " form a list."""
    blokken = []
    for blok in tekst.replace("\r\n", "\n").split("\n\n"):
        regels = [regel.strip() for regel in blok.split("\n") if regel.strip()]
        for opsomming, groep in groupby(regels, key=_is_opsomming):
            if opsomming:
                items = format_html_join("", "<li>{}</li>", ((regel[2:].strip(),) for regel in groep))
                blokken.append(format_html("<ul>{}</ul>", items))
            else:
                regels_html = format_html_join(mark_safe("<br>"), "{}", ((regel,) for regel in groep))
                blokken.append(format_html("<p>{}</p>", regels_html))
    return mark_safe("\n".join(blokken))  # every piece above went through format_html
