"""The plan of a case: read a version, edit the concept, share it, compare versions, print “Mijn plan”."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerlingen.inzage import registreer_inzage
from leerlingen.models import Inzage

from .. import services
from ..context import _ouders_met_gezag
from ..forms import DoelFormSet, PlanVersieForm
from ..models import Ondersteuningsvraag, PlanVersie
from ..toegang import _get_vraag_for_user
from ..vergelijking import vergelijk_versies


def _versies(vraag: Ondersteuningsvraag, user) -> list[PlanVersie]:
    """The versions `user` may read, newest first (parents: only those shared with them)."""
    return list(
        PlanVersie.objects.zichtbaar_voor(user)
        .filter(plan__vraag=vraag)
        .select_related("plan", "gedeeld_door", "aangemaakt_door")
        .order_by("-nummer")
    )


def _get_versie(versies: list[PlanVersie], nummer: int | None) -> PlanVersie:
    if nummer is None:
        if not versies:
            raise Http404
        return versies[0]
    for versie in versies:
        if versie.nummer == nummer:
            return versie
    raise Http404


@login_required
@require_GET
def plan(request: HttpRequest, pk: int, nummer: int | None = None) -> HttpResponse:
    """A version of the plan; without a number the newest one the user may read."""
    vraag = _get_vraag_for_user(request, pk)
    versies = _versies(vraag, request.user)
    acties = services.beschikbare_acties(vraag, request.user)
    mag_schrijven = bool({"plan_bewerken", "plan_kind"} & set(acties))
    if not versies and nummer is None:
        return render(
            request, "ondersteuning/plan/geen_plan.html", {"vraag": vraag, "mag_starten": "plan_bewerken" in acties}
        )
    versie = _get_versie(versies, nummer)
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.PLAN, versie.pk)
    doelen = list(versie.doelen.all())
    instemmingen = (
        versie.instemming_per_ouder(_ouders_met_gezag(vraag))
        if versie.is_gedeeld and versie.plan.gedeelde_versie_id == versie.pk
        else None
    )
    context = {
        "vraag": vraag,
        "versie": versie,
        "versies": versies,
        "doelen": doelen,
        "nieuwste": versies[0],
        "is_huidig_gedeeld": versie.pk == versie.plan.gedeelde_versie_id,
        "instemmingen": instemmingen,
        "reacties": versie.reacties.select_related("auteur"),
        "mag_schrijven": mag_schrijven and vraag.is_open,
        "mag_delen": "plan_delen" in acties and not versie.is_gedeeld and versie == versies[0],
        "mag_instemmen": "instemmen" in acties and versie.pk == versie.plan.gedeelde_versie_id,
        "mag_reageren": "reageren" in acties,
    }
    return render(request, "ondersteuning/plan/versie.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the concept version (or write the first one); the teacher only the child's words and the goals."""
    vraag = _get_vraag_for_user(request, pk)
    acties = services.beschikbare_acties(vraag, request.user)
    if not {"plan_bewerken", "plan_kind"} & set(acties):
        raise PermissionDenied
    alleen_kind = "plan_bewerken" not in acties
    versie = PlanVersie.objects.filter(plan__vraag=vraag).order_by("-nummer").first()
    if versie is None and alleen_kind:
        messages.info(request, _("Er is nog geen plan. De intern begeleider start het plan."))
        return redirect(vraag)
    if versie is not None and versie.is_gedeeld:
        messages.info(request, _("Deze versie is met de ouders gedeeld en ligt vast. Maak een nieuwe versie."))
        return redirect("ondersteuning:plan", pk=vraag.pk)
    if versie is not None:
        registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.PLAN, versie.pk)
    data = request.POST if request.method == "POST" else None
    form = PlanVersieForm(data, instance=versie, alleen_kind=alleen_kind)
    doelen_initieel = [
        {"id": d.pk, "omschrijving": d.omschrijving, "evaluatiedatum": d.evaluatiedatum, "resultaat": d.resultaat}
        for d in (versie.doelen.all() if versie else [])
    ]
    # A posted form carries each goal's id; the page's initial goals may have changed since it was opened.
    formset = DoelFormSet(data, initial=None if data else doelen_initieel, prefix="doelen")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        inhoud = {veld: form.cleaned_data[veld] for veld in form.fields}
        try:
            if versie is None:
                services.plan_starten(vraag=vraag, door=request.user, inhoud=inhoud, doelen=formset.doelen())
            else:
                services.versie_opslaan(
                    versie=versie,
                    door=request.user,
                    inhoud=inhoud,
                    doelen=formset.doelen(),
                    verwijderd=formset.verwijderd(),
                )
        except services.Geweigerd as fout:
            messages.error(request, str(fout))
        else:
            messages.success(request, _("Het plan is opgeslagen. De ouders zien het pas als het gedeeld is."))
            if "delen" in request.POST and not alleen_kind:
                return redirect("ondersteuning:plan_delen", pk=vraag.pk)
            return redirect("ondersteuning:plan", pk=vraag.pk)
    return render(
        request,
        "ondersteuning/plan/bewerken.html",
        {"vraag": vraag, "versie": versie, "form": form, "formset": formset, "alleen_kind": alleen_kind},
    )


@login_required
@require_POST
def plan_nieuwe_versie(request: HttpRequest, pk: int) -> HttpResponse:
    vraag = _get_vraag_for_user(request, pk)
    if not {"plan_bewerken", "plan_kind"} & set(services.beschikbare_acties(vraag, request.user)):
        raise PermissionDenied
    try:
        versie = services.concept_versie(vraag=vraag, door=request.user)
    except services.Geweigerd as fout:
        messages.error(request, str(fout))
        return redirect("ondersteuning:plan", pk=vraag.pk)
    messages.success(request, _("Versie %(nummer)s is gemaakt als kopie van de vorige.") % {"nummer": versie.nummer})
    return redirect("ondersteuning:plan_bewerken", pk=vraag.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_delen(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm and share the concept version with the parents: a timeline step, and the version is frozen."""
    vraag = _get_vraag_for_user(request, pk)
    if "plan_delen" not in services.beschikbare_acties(vraag, request.user):
        raise PermissionDenied
    versie = PlanVersie.objects.filter(plan__vraag=vraag).order_by("-nummer").first()
    if versie is None or versie.is_gedeeld:
        messages.info(request, _("Er is geen concept om te delen."))
        return redirect("ondersteuning:plan", pk=vraag.pk)
    if request.method == "POST":
        try:
            services.versie_delen(versie=versie, door=request.user)
        except services.Geweigerd as fout:
            messages.error(request, str(fout))
        else:
            messages.success(request, _("Het plan is met de ouders gedeeld."))
            return redirect(vraag)
    return render(
        request,
        "ondersteuning/plan/delen.html",
        {"vraag": vraag, "versie": versie, "ontbreekt": services.ontbreekt_voor_delen(versie)},
    )


def _nummer(waarde: str | None) -> int | None:
    try:
        return int(waarde) if waarde else None
    except ValueError:
        raise Http404 from None


@login_required
@require_GET
def plan_vergelijken(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two versions; by default the newest against the one before."""
    vraag = _get_vraag_for_user(request, pk)
    versies = _versies(vraag, request.user)
    if len(versies) < 2:
        raise Http404
    naar = _get_versie(versies, _nummer(request.GET.get("naar")))
    standaard_van = next((v.nummer for v in versies if v.nummer < naar.nummer), versies[-1].nummer)
    van = _get_versie(versies, _nummer(request.GET.get("van")) or standaard_van)
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.PLAN, naar.pk)
    verschillen = vergelijk_versies(van, naar)
    return render(
        request,
        "ondersteuning/plan/vergelijken.html",
        {
            "vraag": vraag,
            "versies": versies,
            "van": van,
            "naar": naar,
            "verschillen": verschillen,
            "gewijzigd": [v for v in verschillen if v.gewijzigd],
        },
    )


@login_required
@require_GET
def mijn_plan(request: HttpRequest, pk: int, nummer: int) -> HttpResponse:
    """The child's own page of the plan, to print: large type, the child's goals first."""
    vraag = _get_vraag_for_user(request, pk)
    versie = _get_versie(_versies(vraag, request.user), nummer)
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.PLAN, versie.pk)
    return render(
        request, "ondersteuning/plan/mijn_plan.html", {"vraag": vraag, "versie": versie, "doelen": versie.doelen.all()}
    )
