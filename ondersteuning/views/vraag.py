"""A case: filing and editing the request, its page, and one page per action of the ACTIES registry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klimop.accounts.decorators import rol_vereist
from klimop.accounts.models import Rol, User
from leerlingen.inzage import registreer_inzage
from leerlingen.models import Inzage

from .. import services
from ..acties import ACTIES
from ..context import reacties_context
from ..forms import VerwijzingForm, VraagForm
from ..models import Bijlage, Ondersteuningsvraag, Overleg, PlanVersie, Stap, Status, Toestemming
from ..toegang import _get_vraag_for_user

SCHOOLTEAM = (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR)


# --- filing ---------------------------------------------------------------------------------


def _opslaan(request: HttpRequest, form: VraagForm, vraag: Ondersteuningsvraag | None) -> HttpResponse:
    indienen = "indienen" in request.POST
    vraag = form.save(commit=False)
    if vraag.pk is None:
        vraag.ingediend_door = request.user
    vraag.save()
    form.save_m2m()
    if indienen:
        try:
            services.indienen(vraag=vraag, door=request.user)
        except services.Geweigerd as fout:
            messages.error(request, str(fout))
            return redirect("ondersteuning:bewerken", pk=vraag.pk)
        messages.success(request, _("De ondersteuningsvraag is ingediend bij de intern begeleider."))
    else:
        messages.success(request, _("Het concept is opgeslagen. Alleen u kunt het zien tot u het indient."))
    return redirect(vraag)


@login_required
@rol_vereist(*SCHOOLTEAM)
@require_http_methods(["GET", "POST"])
def nieuw(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = VraagForm(request.POST, user=request.user, indienen="indienen" in request.POST)
        if form.is_valid():
            return _opslaan(request, form, None)
    else:
        form = VraagForm(user=request.user, initial={"leerling": request.GET.get("leerling")})
    return render(request, "ondersteuning/formulier.html", {"form": form, "vraag": None})


@login_required
@rol_vereist(*SCHOOLTEAM)
@require_http_methods(["GET", "POST"])
def bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    vraag = _get_vraag_for_user(request, pk)
    if "bewerken" not in services.beschikbare_acties(vraag, request.user):
        raise PermissionDenied
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.ONDERSTEUNINGSVRAAG, vraag.pk)
    if request.method == "POST":
        form = VraagForm(request.POST, instance=vraag, user=request.user, indienen="indienen" in request.POST)
        if form.is_valid():
            return _opslaan(request, form, vraag)
    else:
        form = VraagForm(instance=vraag, user=request.user, indienen=True)
        if services.ontbrekende_indienvelden(vraag):
            form.is_bound = False
    return render(request, "ondersteuning/formulier.html", {"form": form, "vraag": vraag})


@login_required
@rol_vereist(*SCHOOLTEAM)
@require_POST
def valideer(request: HttpRequest) -> HttpResponse:
    """htmx: the Dutch error (or none) for one field of the request form, shown as the user leaves it."""
    veld = request.POST.get("_veld", "")
    form = VraagForm(request.POST, user=request.user, indienen=True)
    if veld not in form.fields:
        raise Http404
    form.is_valid()
    return render(request, "ondersteuning/formulier.html#controle", {"veld": form[veld]})


# --- the case page --------------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    # One access-checked query fetches the case with everything the page shows beside it.
    vraag = get_object_or_404(
        Ondersteuningsvraag.objects.zichtbaar_voor(user)
        .select_related(
            "leerling__groep",
            "ingediend_door",
            "behandelaar",
            "trajectbegeleider",
            "verwijzing",
            "plan__gedeelde_versie",
        )
        .prefetch_related(
            "geprobeerd",
            Prefetch("overleggen", queryset=Overleg.objects.order_by("datum").prefetch_related("deelnemers")),
            Prefetch(
                "toestemmingen",
                queryset=Toestemming.objects.order_by("-gegeven_op").select_related("gegeven_door", "vastgelegd_door"),
            ),
        ),
        pk=pk,
    )
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.ONDERSTEUNINGSVRAAG, vraag.pk)
    stappen = Stap.objects.filter(vraag=vraag).select_related("actor")
    if user.is_ouder:
        stappen = stappen.filter(zichtbaar_voor_ouders=True)
    beschikbaar = services.beschikbare_acties(vraag, user)
    context = {
        "vraag": vraag,
        "stappen": stappen,
        "acties": [(key, ACTIES[key]) for key in beschikbaar if key in ACTIES],
        "mag_bewerken": "bewerken" in beschikbaar,
        **_plan_en_ouders(vraag, user, beschikbaar),
        "gegevensdelingen": vraag.gegevensdelingen.select_related("ontvanger", "gedeeld_door")
        if user.heeft_volledige_inzage
        else None,
        "ontbreekt": services.ontbrekende_indienvelden(vraag) if vraag.status == Status.CONCEPT else [],
    }
    template = "ondersteuning/detail.html"
    if request.htmx and request.GET.get("deel") == "tijdlijn":
        template += "#tijdlijn"
    return render(request, template, context)


def _plan_en_ouders(vraag: Ondersteuningsvraag, user, beschikbaar: list[str]) -> dict:
    """The plan's state and deadline and every parent response, for the case page, in a fixed number of queries."""

    plan = getattr(vraag, "plan", None)  # selected with the case
    versies = PlanVersie.objects.zichtbaar_voor(user).filter(plan__vraag=vraag).order_by("-nummer")
    gedeeld = plan.gedeelde_versie if plan else None
    ouders = User.objects.filter(ouderschappen__leerling=vraag.leerling_id, ouderschappen__gezag=True)
    return {
        "plan": plan,
        "laatste_versie": versies.first(),
        "gedeelde_versie": gedeeld,
        "instemmingen": gedeeld.instemming_per_ouder(ouders.order_by("last_name", "first_name")) if gedeeld else None,
        "mag_plan_schrijven": bool({"plan_bewerken", "plan_kind"} & set(beschikbaar)),
        "mag_bijlage": "bijlage_toevoegen" in beschikbaar,
        "bijlagen": Bijlage.objects.zichtbaar_voor(user).filter(vraag=vraag).select_related("geupload_door"),
        **reacties_context(vraag, user),
    }


# --- actions --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def actie(request: HttpRequest, pk: int, naam: str) -> HttpResponse:
    """One page per action: GET shows its form, POST carries it out through the service."""
    vraag = _get_vraag_for_user(request, pk)
    if naam not in ACTIES:
        raise Http404
    if naam not in services.beschikbare_acties(vraag, request.user):
        raise PermissionDenied
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.ONDERSTEUNINGSVRAAG, vraag.pk)
    stap = ACTIES[naam]
    form = stap.maak_form(vraag, request.POST if request.method == "POST" else None)
    if request.method == "POST" and (form is None or form.is_valid()):
        data = dict(form.cleaned_data) if form is not None else {}
        if isinstance(form, VerwijzingForm):
            data["_instance"] = form.instance
        try:
            stap.uitvoeren(vraag, request.user, data)
        except services.Geweigerd as fout:
            messages.error(request, str(fout))
        else:
            messages.success(request, _("Vastgelegd: %(actie)s.") % {"actie": stap.label})
            return redirect(vraag)
    return render(request, "ondersteuning/actie.html", {"vraag": vraag, "actie": stap, "naam": naam, "form": form})
