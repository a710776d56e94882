"""The TLV request as a guided dossier: what is present and missing, the signatures, and sending it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from klimop.accounts.models import Rol
from leerlingen.inzage import registreer_inzage
from leerlingen.models import Inzage

from .. import services
from ..forms import AdviesForm, OndertekenForm, PapierOndertekeningForm, VersturenForm, ZienswijzeForm
from ..models import Ondersteuningsvraag, Verwijzing
from ..toegang import _get_vraag_for_user

LEIDING = (Rol.IB, Rol.DIRECTEUR)


def _get_verwijzing_for_user(request: HttpRequest, pk: int) -> tuple[Ondersteuningsvraag, Verwijzing]:
    """The case and its TLV request: outsiders 404; team members without a part in the request 403."""
    vraag = _get_vraag_for_user(request, pk)
    user = request.user
    if not (user.rol in LEIDING or user.is_ouder or services.mag_advies_schrijven(vraag, user)):
        raise PermissionDenied
    verwijzing = Verwijzing.objects.filter(vraag=vraag).prefetch_related("ondertekeningen__ondertekenaar").first()
    if verwijzing is None:
        raise Http404
    verwijzing.vraag = vraag
    return vraag, verwijzing


def _mag_ondertekenen(vraag: Ondersteuningsvraag, verwijzing: Verwijzing, user) -> bool:
    if verwijzing.is_verstuurd:
        return False
    if user.rol == Rol.DIRECTEUR:
        return True
    return user.is_ouder and vraag.leerling.ouders.filter(user=user, gezag=True).exists()


def _ziens_start(verwijzing: Verwijzing) -> str:
    return verwijzing.zienswijze_concept or verwijzing.zienswijze_ouders


def _dossier(request: HttpRequest, vraag, verwijzing, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    ouders = list(services.ouders_met_gezag(vraag))
    open_ = not verwijzing.is_verstuurd
    leiding = user.rol in LEIDING and open_
    mag_tekenen = _mag_ondertekenen(vraag, verwijzing, user)
    huidig = verwijzing.inhoud_hash()
    al_getekend = any(o.ondertekenaar_id == user.pk for o in verwijzing.geldige_ondertekeningen())
    context = {
        "vraag": vraag,
        "verwijzing": verwijzing,
        "inhoud_hash": huidig,
        "volledigheid": services.volledigheid(verwijzing),
        "geldig": verwijzing.geldige_ondertekeningen(),
        "ondertekeningen": verwijzing.ondertekeningen.all(),
        "onderteken_form": (forms.get("onderteken_form") or OndertekenForm(initial={"inhoud_hash": huidig}))
        if mag_tekenen and not al_getekend
        else None,
        "papier_form": (forms.get("papier_form") or PapierOndertekeningForm(ouders=ouders)) if leiding else None,
        "versturen_form": (forms.get("versturen_form") or VersturenForm()) if leiding else None,
        "mag_bewerken": leiding,
        "advies_form": (forms.get("advies_form") or AdviesForm(initial={"functie": user.functie}))
        if open_ and services.mag_advies_schrijven(vraag, user)
        else None,
        "zienswijze_form": (
            forms.get("zienswijze_form") or ZienswijzeForm(initial={"tekst": _ziens_start(verwijzing)})
        )
        if open_ and mag_tekenen and user.is_ouder
        else None,
    }
    return render(request, "ondersteuning/tlv.html", context, status=status)


@login_required
@require_GET
def tlv(request: HttpRequest, pk: int) -> HttpResponse:
    vraag, verwijzing = _get_verwijzing_for_user(request, pk)
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.ONDERSTEUNINGSVRAAG, vraag.pk)
    return _dossier(request, vraag, verwijzing)


@login_required
@require_POST
def tlv_ondertekenen(request: HttpRequest, pk: int) -> HttpResponse:
    vraag, verwijzing = _get_verwijzing_for_user(request, pk)
    if not _mag_ondertekenen(vraag, verwijzing, request.user):
        raise PermissionDenied
    form = OndertekenForm(request.POST)
    if form.is_valid():
        try:
            services.tlv_ondertekenen(
                vraag=vraag,
                door=request.user,
                wachtwoord=form.cleaned_data["wachtwoord"],
                inhoud_hash=form.cleaned_data["inhoud_hash"],
                bevestigd_met_2fa=request.user.is_verified() if hasattr(request.user, "is_verified") else False,
            )
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("U hebt de TLV-aanvraag ondertekend."))
            return redirect("ondersteuning:tlv", pk=vraag.pk)
    verwijzing = Verwijzing.objects.get(pk=verwijzing.pk)
    verwijzing.vraag = vraag
    return _dossier(request, vraag, verwijzing, onderteken_form=form)


@login_required
@require_POST
def tlv_papier(request: HttpRequest, pk: int) -> HttpResponse:
    vraag, verwijzing = _get_verwijzing_for_user(request, pk)
    if request.user.rol not in LEIDING:
        raise PermissionDenied
    form = PapierOndertekeningForm(request.POST, request.FILES, ouders=list(services.ouders_met_gezag(vraag)))
    if form.is_valid():
        try:
            services.tlv_papier_ondertekening(
                vraag=vraag,
                door=request.user,
                ondertekenaar=form.cleaned_data["ondertekenaar"],
                bestand=form.cleaned_data["bestand"],
            )
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De handtekening op papier is vastgelegd."))
            return redirect("ondersteuning:tlv", pk=vraag.pk)
    return _dossier(request, vraag, verwijzing, papier_form=form)


@login_required
@require_POST
def tlv_versturen(request: HttpRequest, pk: int) -> HttpResponse:
    vraag, verwijzing = _get_verwijzing_for_user(request, pk)
    if request.user.rol not in LEIDING:
        raise PermissionDenied
    form = VersturenForm(request.POST)
    if form.is_valid():
        try:
            services.tlv_versturen(
                vraag=vraag, door=request.user, reden_zonder_ouder=form.cleaned_data["reden_zonder_ouder"]
            )
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De TLV-aanvraag is verstuurd naar het samenwerkingsverband."))
            return redirect("ondersteuning:tlv", pk=vraag.pk)
    return _dossier(request, vraag, verwijzing, versturen_form=form)


@login_required
@require_POST
def tlv_advies(request: HttpRequest, pk: int) -> HttpResponse:
    vraag, verwijzing = _get_verwijzing_for_user(request, pk)
    if not services.mag_advies_schrijven(vraag, request.user):
        raise PermissionDenied
    form = AdviesForm(request.POST)
    if form.is_valid():
        try:
            services.tlv_advies_schrijven(vraag=vraag, door=request.user, **form.cleaned_data)
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Uw advies is ondertekend en opgenomen in de aanvraag."))
            return redirect("ondersteuning:tlv", pk=vraag.pk)
    return _dossier(request, vraag, verwijzing, advies_form=form)


@login_required
@require_POST
def tlv_zienswijze(request: HttpRequest, pk: int) -> HttpResponse:
    vraag, verwijzing = _get_verwijzing_for_user(request, pk)
    if not (request.user.is_ouder and _mag_ondertekenen(vraag, verwijzing, request.user)):
        raise PermissionDenied
    form = ZienswijzeForm(request.POST)
    indienen = "indienen" in request.POST
    if form.is_valid():
        try:
            services.tlv_zienswijze_opslaan(
                vraag=vraag, door=request.user, tekst=form.cleaned_data["tekst"], indienen=indienen
            )
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request,
                _("Uw zienswijze is ingediend.") if indienen else _("Uw concept is bewaard. Alleen u ziet het."),
            )
            return redirect("ondersteuning:tlv", pk=vraag.pk)
    return _dossier(request, vraag, verwijzing, zienswijze_form=form)
