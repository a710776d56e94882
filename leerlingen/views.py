import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klimop.accounts.decorators import rol_vereist
from klimop.accounts.models import User

from .avg_export import maak_export
from .forms import ImportBestandForm, InzageFilterForm, LeerlingFilterForm
from .importeren import BestandFout, maak_plan
from .inzage import registreer_inzage
from .models import Groep, Inzage, Leerling, huidig_schooljaar
from .services import ImportGeweigerd, ImportVerouderd, importeer_leerlingen
from .toegang import _get_leerling_for_user

PER_PAGINA = 50


@login_required
@rol_vereist(*User.SCHOOLTEAM)
@require_GET
def leerling_lijst(request: HttpRequest) -> HttpResponse:
    groepen = Groep.objects.zichtbaar_voor(request.user).van_schooljaar(huidig_schooljaar())
    form = LeerlingFilterForm(request.GET or None, groepen=groepen)
    leerlingen = Leerling.objects.zichtbaar_voor(request.user).ingeschreven().select_related("groep")
    if form.is_bound and form.is_valid():
        if form.cleaned_data["q"]:
            leerlingen = leerlingen.zoek(form.cleaned_data["q"])
        if form.cleaned_data["groep"]:
            leerlingen = leerlingen.filter(groep=form.cleaned_data["groep"])
    elif form.is_bound:
        leerlingen = leerlingen.none()
    pagina = Paginator(leerlingen.order_by("achternaam", "voornaam", "pk"), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    template = "leerlingen/lijst.html"
    if request.htmx:
        template += "#resultaten"
    return render(
        request,
        template,
        {"form": form, "pagina": pagina, "querystring": querystring.urlencode()},
    )


@login_required
@rol_vereist(User.Rol.OUDER)
@require_GET
def ouder_start(request: HttpRequest) -> HttpResponse:
    kinderen = (
        Leerling.objects.zichtbaar_voor(request.user).select_related("groep").prefetch_related("groep__leerkrachten")
    )
    return render(request, "leerlingen/ouders/start.html", {"kinderen": kinderen})


@login_required
@rol_vereist(User.Rol.OUDER)
@require_GET
def ouder_inzage(request: HttpRequest, pk: int) -> HttpResponse:
    """Who on the staff opened the child's file: name, role, organisation, date (never their e-mail)."""
    leerling = _get_leerling_for_user(request, pk)
    pagina = Paginator(leerling.inzagen.all(), PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "leerlingen/ouders/inzage.html", {"leerling": leerling, "pagina": pagina})


# --- the access log and the AVG export, for the directeur ---------------------------------------


@login_required
@rol_vereist(User.Rol.DIRECTEUR)
@require_GET
def inzage_lijst(request: HttpRequest) -> HttpResponse:
    form = InzageFilterForm(request.GET or None)
    inzagen = Inzage.objects.select_related("leerling", "gebruiker")
    if form.is_bound:
        inzagen = form.filter(inzagen)
    pagina = Paginator(inzagen, PER_PAGINA).get_page(request.GET.get("pagina"))
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    template = "leerlingen/inzage.html"
    if request.htmx:
        template += "#resultaten"
    return render(request, template, {"form": form, "pagina": pagina, "querystring": querystring.urlencode()})


def _csv_cel(waarde) -> str:
    """Spreadsheet programs run a cell that starts with = + - @ as a formula; names come from outside."""
    tekst = str(waarde)
    return "'" + tekst if tekst[:1] in ("=", "+", "-", "@", "\t", "\r") else tekst


@login_required
@rol_vereist(User.Rol.DIRECTEUR)
@require_GET
def inzage_export(request: HttpRequest) -> HttpResponse:
    """The access log (with the current filters) as CSV, e.g. for the privacy officer."""
    form = InzageFilterForm(request.GET or None)
    inzagen = Inzage.objects.select_related("leerling", "gebruiker").order_by("moment", "pk")
    if form.is_bound:
        inzagen = form.filter(inzagen)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzage-{timezone.localdate():%Y%m%d}.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # Excel opens UTF-8 only with a byte order mark
    schrijver = csv.writer(response, delimiter=";")
    schrijver.writerow(
        [
            _("moment"),
            _("leerlingnummer"),
            _("leerling"),
            _("bekeken door"),
            _("e-mailadres"),
            _("rol"),
            _("organisatie"),
            _("wat"),
            _("nummer"),
        ]
    )
    for inzage in inzagen.iterator(chunk_size=2000):
        rij = [
            timezone.localtime(inzage.moment).strftime("%Y-%m-%d %H:%M:%S"),
            inzage.leerling.leerlingnummer,
            inzage.leerling.volledige_naam,
            inzage.naam,
            inzage.gebruiker.email,
            inzage.get_rol_display(),
            inzage.organisatie,
            inzage.get_onderwerp_display(),
            inzage.object_id,
        ]
        schrijver.writerow([_csv_cel(cel) for cel in rij])
    return response


@login_required
@rol_vereist(User.Rol.DIRECTEUR)
@require_POST
def avg_export(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: everything about one pupil as a zip, for an inzageverzoek. The export itself is logged."""
    leerling = _get_leerling_for_user(request, pk)
    # The log entry is part of the export (so it is inside it), and is rolled back when the file cannot be made.
    with transaction.atomic():
        registreer_inzage(request, leerling, Inzage.Onderwerp.AVG_EXPORT)
        bestandsnaam, inhoud = maak_export(leerling, door=request.user)
        response = HttpResponse(inhoud, content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(True, bestandsnaam)
    response["Cache-Control"] = "no-store"
    return response


# The uploaded export waits in the (server-side) session between preview and confirmation, never in a file.
IMPORT_SESSIE = "leerlingen_import"


@login_required
@rol_vereist(User.Rol.DIRECTEUR)
@require_http_methods(["GET", "POST"])
def leerling_import(request: HttpRequest) -> HttpResponse:
    form = ImportBestandForm(request.POST, request.FILES) if request.method == "POST" else ImportBestandForm()
    plan = None
    if request.method == "POST" and form.is_valid():
        try:
            plan = maak_plan(form.tekst)
        except BestandFout as fout:
            form.add_error("bestand", str(fout))
        else:
            if plan.is_geldig:
                request.session[IMPORT_SESSIE] = {
                    "tekst": form.tekst,
                    "bestandsnaam": form.cleaned_data["bestand"].name,
                }
                return redirect("leerlingen:import_controle")
    bestandsnaam = form.files["bestand"].name if "bestand" in form.files else ""
    return render(request, "leerlingen/import.html", {"form": form, "plan": plan, "bestandsnaam": bestandsnaam})


@login_required
@rol_vereist(User.Rol.DIRECTEUR)
@require_http_methods(["GET", "POST"])
def leerling_import_controle(request: HttpRequest) -> HttpResponse:
    klaar = request.session.get(IMPORT_SESSIE)
    if not klaar:
        messages.info(request, _("Er staat geen import klaar. Kies eerst het bestand."))
        return redirect("leerlingen:import")
    if request.method == "POST" and request.POST.get("actie") == "annuleren":
        del request.session[IMPORT_SESSIE]
        messages.info(request, _("De import is geannuleerd; er is niets gewijzigd."))
        return redirect("leerlingen:import")
    if request.method == "POST":
        try:
            plan = importeer_leerlingen(inhoud=klaar["tekst"], vingerafdruk=request.POST.get("vingerafdruk", ""))
        except ImportVerouderd:
            messages.warning(
                request,
                _("Er is sinds de controle iets veranderd in het portaal. Bekijk de wijzigingen opnieuw en bevestig."),
            )
            return redirect("leerlingen:import_controle")
        except ImportGeweigerd:
            pass  # the fresh plan below shows the errors
        else:
            del request.session[IMPORT_SESSIE]
            messages.success(
                request,
                ngettext(
                    "De import is uitgevoerd: %(aantal)d wijziging.",
                    "De import is uitgevoerd: %(aantal)d wijzigingen.",
                    plan.aantal_wijzigingen,
                )
                % {"aantal": plan.aantal_wijzigingen},
            )
            return redirect("leerlingen:import")
    try:
        plan = maak_plan(klaar["tekst"])
    except BestandFout as fout:  # only if the rules changed since the upload
        del request.session[IMPORT_SESSIE]
        messages.error(request, str(fout))
        return redirect("leerlingen:import")
    return render(
        request,
        "leerlingen/import_controle.html",
        {"plan": plan, "bestandsnaam": klaar["bestandsnaam"], "vingerafdruk": plan.vingerafdruk()},
    )
