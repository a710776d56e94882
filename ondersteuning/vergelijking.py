"""A readable comparison of two plan versions: per field, the words that were removed and added (difflib)."""

import difflib
import re
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import PlanVersie

GELIJK, WEG, NIEUW = "gelijk", "weg", "nieuw"


@dataclass
class Stuk:
    soort: str
    tekst: str


@dataclass
class Verschil:
    label: str
    gewijzigd: bool
    stukken: list[Stuk]


def _woorden(tekst: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", tekst)


def vergelijk_tekst(oud: str, nieuw: str) -> list[Stuk]:
    """The new text in pieces: unchanged, removed and added, word by word."""
    a, b = _woorden(oud), _woorden(nieuw)
    stukken: list[Stuk] = []

    def voeg_toe(soort, woorden):
        tekst = "".join(woorden)
        if not tekst:
            return
        if stukken and stukken[-1].soort == soort:
            stukken[-1].tekst += tekst
        else:
            stukken.append(Stuk(soort, tekst))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            voeg_toe(GELIJK, a[i1:i2])
        if tag in ("delete", "replace"):
            voeg_toe(WEG, a[i1:i2])
        if tag in ("insert", "replace"):
            voeg_toe(NIEUW, b[j1:j2])
    return stukken


def _als_tekst(versie: PlanVersie, veld: str) -> str:
    waarde = getattr(versie, veld)
    if waarde is None:
        return ""
    if hasattr(waarde, "strftime"):
        return waarde.strftime("%d-%m-%Y")
    # A browser sends line breaks as CRLF: a text saved again unchanged is not a change.
    return str(waarde).replace("\r\n", "\n")


def _doelen_als_tekst(versie: PlanVersie) -> str:
    regels = []
    for doel in versie.doelen.all():
        regel = _("%(doel)s (evaluatie %(datum)s)") % {
            "doel": doel.omschrijving,
            "datum": doel.evaluatiedatum.strftime("%d-%m-%Y"),
        }
        if doel.resultaat:
            regel += " — " + _("resultaat: %(resultaat)s") % {"resultaat": doel.resultaat}
        regels.append(regel)
    return "\n".join(regels)


def vergelijk_versies(oud: PlanVersie, nieuw: PlanVersie) -> list[Verschil]:
    """Every field of the plan, in reading order, with what changed from `oud` to `nieuw`."""
    paren = [
        (capfirst(PlanVersie._meta.get_field(veld).verbose_name), _als_tekst(oud, veld), _als_tekst(nieuw, veld))
        for veld in PlanVersie.INHOUD
    ]
    paren.append((_("Doelen"), _doelen_als_tekst(oud), _doelen_als_tekst(nieuw)))
    return [
        Verschil(label, voor != na, vergelijk_tekst(voor, na) if voor != na else [Stuk(GELIJK, na)])
        for label, voor, na in paren
    ]
