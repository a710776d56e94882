"""The print view and PDF download of a case, for handing it over to the samenwerkingsverband."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from leerlingen.inzage import registreer_inzage
from leerlingen.models import Inzage

from .. import afdruk
from ..toegang import _get_vraag_voor_afdruk

logger = logging.getLogger(__name__)


@login_required
@require_GET
@never_cache
def afdrukken(request: HttpRequest, pk: int) -> HttpResponse:
    vraag = _get_vraag_voor_afdruk(request, pk)
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.AFDRUK, vraag.pk)
    return render(request, "ondersteuning/afdruk/dossier.html", {**afdruk.dossier(vraag), "pdf": False})


@login_required
@require_GET
@never_cache
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    vraag = _get_vraag_voor_afdruk(request, pk)
    html = render_to_string("ondersteuning/afdruk/dossier.html", {**afdruk.dossier(vraag), "pdf": True}, request)
    try:
        inhoud = afdruk.html_naar_pdf(html)
    except afdruk.PdfNietBeschikbaar as fout:
        logger.warning("PDF generation unavailable: %s", fout)
        return render(request, "ondersteuning/afdruk/pdf_niet_beschikbaar.html", {"vraag": vraag}, status=503)
    # Logged only once the PDF exists: a 503 handed nothing over.
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.AFDRUK, vraag.pk)
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ondersteuningsvraag-{vraag.pk}.pdf"'
    return response
