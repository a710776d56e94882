"""Print and handover of a case (issue 6.4): who may print, what goes in, and the PDF.

The document is what the school hands to the samenwerkingsverband's groeidocument or attaches to a TLV request,
and the parents see those. So it holds only what the parents can see in the portal: working notes that were not
shared with them stay in the portal.
"""

import logging

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.utils import timezone

from klimop.accounts.models import Rol

from .models import Instemming, Ondersteuningsvraag, Overleg, PlanVersie, Reactie, Stap, Toestemming

# Staff who hand a case over. Parents read it in the portal; OT members only read along while consent stands.
AFDRUK_ROLLEN = frozenset({Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR, Rol.TRAJECTBEGELEIDER})
STIJLBLAD = "css/afdruk.css"

# WeasyPrint logs every rendering step at INFO; the server log needs its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PdfNietBeschikbaar(Exception):
    """WeasyPrint or the system libraries it needs (Pango) are missing on this server."""


def mag_afdrukken(user) -> bool:
    return user.is_authenticated and user.rol in AFDRUK_ROLLEN


def dossier(vraag: Ondersteuningsvraag) -> dict:
    """The context of the handover document: the case with everything it shows, in a fixed number of queries."""
    vraag = (
        Ondersteuningsvraag.objects.filter(pk=vraag.pk)
        .select_related("leerling__groep", "ingediend_door", "behandelaar", "trajectbegeleider", "verwijzing")
        .prefetch_related(
            "geprobeerd",
            Prefetch("overleggen", queryset=Overleg.objects.order_by("datum").prefetch_related("deelnemers")),
            Prefetch(
                "toestemmingen",
                queryset=Toestemming.objects.order_by("gegeven_op").select_related("gegeven_door", "vastgelegd_door"),
            ),
        )
        .get()
    )
    stappen = (
        Stap.objects.filter(vraag=vraag, zichtbaar_voor_ouders=True).select_related("actor").order_by("moment", "pk")
    )
    # The plan as the parents know it: the latest version shared with them, with its goals.
    planversie = (
        PlanVersie.objects.filter(plan__vraag=vraag, gedeeld_met_ouders_op__isnull=False)
        .prefetch_related("doelen")
        .order_by("-nummer")
        .first()
    )
    return {
        "vraag": vraag,
        "leerling": vraag.leerling,
        "planversie": planversie,
        "instemmingen": Instemming.objects.filter(versie__plan__vraag=vraag)
        .select_related("ouder", "versie")
        .order_by("moment"),
        "reacties": Reactie.objects.filter(vraag=vraag, auteur__rol=Rol.OUDER)
        .select_related("auteur", "versie")
        .order_by("moment"),
        "stappen": stappen,
        **_tlv(getattr(vraag, "verwijzing", None)),
        "gemaakt_op": timezone.localtime(),
    }


def _tlv(verwijzing) -> dict:
    """The TLV request with the signatures on its current version and that version's sha256."""
    if verwijzing is None:
        return {"verwijzing": None}
    ondertekeningen = verwijzing.ondertekeningen.select_related("ondertekenaar")
    huidig = verwijzing.inhoud_hash()
    return {
        "verwijzing": verwijzing,
        "tlv_hash": huidig,
        "tlv_ondertekeningen": [
            o for o in ondertekeningen if o.versie == verwijzing.versie and o.inhoud_hash == huidig
        ],
    }


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as fout:  # OSError: Pango and friends are not installed
        raise PdfNietBeschikbaar(str(fout)) from fout
    return weasyprint


def html_naar_pdf(html: str) -> bytes:
    """Render the handover document; it fetches nothing from the network or the disk beyond its stylesheet."""
    weasyprint = _weasyprint()
    stijl = weasyprint.CSS(filename=finders.find(STIJLBLAD))
    geen_bestanden = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=html, url_fetcher=geen_bestanden).write_pdf(stylesheets=[stijl], pdf_tags=True)
