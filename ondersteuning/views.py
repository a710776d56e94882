import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klimop.accounts.decorators import rol_vereist
from klimop.accounts.models import Rol, User
from leerlingen.inzage import registreer_inzage
from leerlingen.models import Inzage, Leerling

from . import services
from .forms import (
    ArrangementForm,
    BasisondersteuningForm,
    EvaluatieForm,
    ObservatieForm,
    OverlegPlannenForm,
    OverlegVastleggenForm,
    TekstForm,
    TlvBesluitForm,
    ToestemmingIntrekkenForm,
    ToestemmingPapierForm,
    TrajectbegeleiderForm,
    VerwijzingForm,
    VraagForm,
    WachtrijFilterForm,
)
from .models import (
    OPEN_STATUSSEN,
    Bijlage,
    Ondersteuningsvraag,
    Overleg,
    PlanVersie,
    Stap,
    Status,
    Toestemming,
    Urgentie,
)

PER_PAGINA = 25
PERSONEEL = (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR, Rol.OT_LID, Rol.TRAJECTBEGELEIDER)
SCHOOLTEAM = (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR)


def _get_vraag_for_user(request: HttpRequest, pk: int) -> Ondersteuningsvraag:
    """The case if `request.user` may see it, else 404."""
    return get_object_or_404(
        Ondersteuningsvraag.objects.zichtbaar_voor(request.user).select_related(
            "leerling__groep", "ingediend_door", "behandelaar", "trajectbegeleider"
        ),
        pk=pk,
    )


# --- the queue ------------------------------------------------------------------------------


@login_required
@rol_vereist(*PERSONEEL)
@require_GET
def wachtrij(request: HttpRequest) -> HttpResponse:
    """The IB queue; teachers and external partners see the same list scoped to their own cases."""
    form = WachtrijFilterForm(request.GET or None, user=request.user)
    zichtbaar = Ondersteuningsvraag.objects.zichtbaar_voor(request.user).exclude(status=Status.CONCEPT)
    sortering = WachtrijFilterForm.SORTERINGEN["wachtend"][0]
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    statussen = [data["status"]] if data.get("status") else OPEN_STATUSSEN
    basis = zichtbaar.filter(status__in=statussen)
    if form.is_bound and not form.is_valid():
        basis = basis.none()
    if data.get("q"):
        basis = basis.filter(leerling__in=Leerling.objects.zoek(data["q"]))
    if data.get("groep"):
        basis = basis.filter(leerling__groep=data["groep"])
    if data.get("urgentie"):
        basis = basis.filter(urgentie=data["urgentie"])
    if data.get("behandelaar"):
        basis = basis.filter(behandelaar=data["behandelaar"])
    if data.get("te_laat"):
        basis = basis.filter(Q(volgende_datum__lt=timezone.localdate()) | Q(plan__termijn__lt=timezone.localdate()))
    if data.get("sorteer"):
        sortering = WachtrijFilterForm.SORTERINGEN[data["sorteer"]][0]
    vragen = (
        basis.select_related("leerling__groep", "behandelaar", "plan")
        .met_ouderstatus()
        .annotate(
            urgentie_gewicht=Case(
                When(urgentie=Urgentie.ZEER_HOOG, then=Value(3)),
                When(urgentie=Urgentie.HOOG, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by(sortering, "pk")
    )

    tellingen = dict(zichtbaar.values_list("status").annotate(n=Count("pk")).order_by())
    per_status = [(s, Status(s).label, tellingen.get(s, 0)) for s in OPEN_STATUSSEN]
    paginator = Paginator(vragen, PER_PAGINA)
    # The per-status counts already hold the total when only the status narrows the list; else count lean rows.
    alleen_status = form.is_valid() if form.is_bound else True
    alleen_status = alleen_status and not any(
        data.get(k) for k in ("q", "groep", "urgentie", "behandelaar", "te_laat")
    )
    paginator.count = sum(tellingen.get(s, 0) for s in statussen) if alleen_status else basis.count()
    pagina = paginator.get_page(request.GET.get("pagina"))
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    template = "ondersteuning/wachtrij.html"
    if request.htmx:
        template += "#resultaten"
    return render(
        request,
        template,
        {
            "form": form,
            "pagina": pagina,
            "per_status": per_status,
            "querystring": querystring.urlencode(),
            "vandaag": timezone.localdate(),
        },
    )


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
    from .ouders_views import reacties_context

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


@dataclass(frozen=True)
class Actie:
    label: str
    knop: str
    maak_form: Callable
    uitvoeren: Callable
    uitleg: str = ""


def _tekst(label, help_text=""):
    return lambda vraag, data=None: TekstForm(data, label=label, help_text=help_text)


ACTIES: dict[str, Actie] = {
    "indienen": Actie(
        gettext_lazy("Indienen"),
        gettext_lazy("Indienen bij de intern begeleider"),
        lambda vraag, data=None: None,
        lambda vraag, user, d: services.indienen(vraag=vraag, door=user),
    ),
    "oppakken": Actie(
        gettext_lazy("Oppakken"),
        gettext_lazy("Ik pak deze vraag op"),
        lambda vraag, data=None: None,
        lambda vraag, user, d: services.oppakken(vraag=vraag, door=user),
        gettext_lazy("U wordt de behandelaar van deze vraag."),
    ),
    "basisondersteuning": Actie(
        gettext_lazy("Verder binnen de basisondersteuning"),
        gettext_lazy("Vastleggen"),
        lambda vraag, data=None: BasisondersteuningForm(data),
        lambda vraag, user, d: services.binnen_basisondersteuning(
            vraag=vraag,
            door=user,
            afspraken=d["afspraken"],
            evaluatiedatum=d["evaluatiedatum"],
            ouders_aanwezig=d["ouders_aanwezig"],
            reden_afwezig=d["reden_afwezig"],
        ),
    ),
    "ondersteuningsteam": Actie(
        gettext_lazy("Aanmelden bij het ondersteuningsteam"),
        gettext_lazy("Aanmelden"),
        _tekst(gettext_lazy("Waarom is meer nodig dan de basisondersteuning?")),
        lambda vraag, user, d: services.naar_ondersteuningsteam(vraag=vraag, door=user, toelichting=d["tekst"]),
        gettext_lazy("Hiervoor is toestemming van de ouders nodig voor aanmelding bij het ondersteuningsteam."),
    ),
    "overleg_plannen": Actie(
        gettext_lazy("Overleg ondersteuningsteam plannen"),
        gettext_lazy("Overleg plannen"),
        lambda vraag, data=None: OverlegPlannenForm(data),
        lambda vraag, user, d: services.overleg_plannen(
            vraag=vraag, door=user, datum=d["datum"], agenda=d["agenda"], deelnemers=list(d["deelnemers"])
        ),
        gettext_lazy("De ouders worden altijd uitgenodigd voor het overleg."),
    ),
    "overleg_vastleggen": Actie(
        gettext_lazy("Overleg vastleggen"),
        gettext_lazy("Overleg vastleggen"),
        lambda vraag, data=None: OverlegVastleggenForm(data, vraag=vraag),
        lambda vraag, user, d: services.overleg_vastleggen(
            overleg=d["overleg"],
            door=user,
            ouders_aanwezig=d["ouders_aanwezig"],
            reden_afwezig=d["reden_afwezig"],
            verslag=d["verslag"],
            verslag_delen=d["verslag_delen"],
        ),
    ),
    "trajectbegeleiding": Actie(
        gettext_lazy("Trajectbegeleider betrekken"),
        gettext_lazy("Openen voor de trajectbegeleider"),
        lambda vraag, data=None: TrajectbegeleiderForm(data),
        lambda vraag, user, d: services.openen_voor_trajectbegeleider(
            vraag=vraag, door=user, trajectbegeleider=d["trajectbegeleider"], toelichting=d["toelichting"]
        ),
        gettext_lazy("Hiervoor is toestemming van de ouders nodig om gegevens te delen met het samenwerkingsverband."),
    ),
    "arrangement": Actie(
        gettext_lazy("Arrangement starten"),
        gettext_lazy("Arrangement starten"),
        lambda vraag, data=None: ArrangementForm(data),
        lambda vraag, user, d: services.arrangement_starten(
            vraag=vraag,
            door=user,
            omschrijving=d["omschrijving"],
            evaluatiedatum=d["evaluatiedatum"],
            ouders_aanwezig=d["ouders_aanwezig"],
            reden_afwezig=d["reden_afwezig"],
        ),
    ),
    "evaluatie": Actie(
        gettext_lazy("Arrangement evalueren"),
        gettext_lazy("Evaluatie vastleggen"),
        lambda vraag, data=None: EvaluatieForm(data),
        lambda vraag, user, d: services.evalueren(
            vraag=vraag,
            door=user,
            bevindingen=d["bevindingen"],
            ouders_aanwezig=d["ouders_aanwezig"],
            reden_afwezig=d["reden_afwezig"],
        ),
    ),
    "verwijzing": Actie(
        gettext_lazy("Toelaatbaarheidsverklaring aanvragen"),
        gettext_lazy("TLV aanvragen"),
        lambda vraag, data=None: VerwijzingForm(data),
        lambda vraag, user, d: services.verwijzen(vraag=vraag, door=user, verwijzing=d["_instance"]),
        gettext_lazy("Voor een TLV zijn twee deskundigenadviezen en de zienswijze van de ouders nodig."),
    ),
    "tlv_besluit": Actie(
        gettext_lazy("Besluit over de TLV vastleggen"),
        gettext_lazy("Besluit vastleggen"),
        lambda vraag, data=None: TlvBesluitForm(data),
        lambda vraag, user, d: services.tlv_besluit_vastleggen(
            vraag=vraag,
            door=user,
            besluit=d["besluit"],
            besluit_op=d["besluit_op"],
            toelichting=d["toelichting"],
            geldig_tot=d["geldig_tot"],
        ),
        gettext_lazy("Na het besluit hebben de ouders zes weken om bezwaar te maken."),
    ),
    "advies": Actie(
        gettext_lazy("Advies geven"),
        gettext_lazy("Advies toevoegen"),
        _tekst(gettext_lazy("Uw advies"), gettext_lazy("De ouders kunnen uw advies lezen.")),
        lambda vraag, user, d: services.advies_geven(vraag=vraag, door=user, advies=d["tekst"]),
    ),
    "observatie": Actie(
        gettext_lazy("Observatie toevoegen"),
        gettext_lazy("Observatie toevoegen"),
        lambda vraag, data=None: ObservatieForm(data),
        lambda vraag, user, d: services.observatie_toevoegen(
            vraag=vraag, door=user, observatie=d["observatie"], delen_met_ouders=d["delen_met_ouders"]
        ),
    ),
    "toestemming": Actie(
        gettext_lazy("Toestemming op papier vastleggen"),
        gettext_lazy("Toestemming vastleggen"),
        lambda vraag, data=None: ToestemmingPapierForm(data, vraag=vraag),
        lambda vraag, user, d: services.toestemming_geven(
            vraag=vraag,
            soort=d["soort"],
            ouder=d["ouder"],
            vastgelegd_door=user,
            gegeven_op=timezone.make_aware(datetime.datetime.combine(d["gegeven_op"], datetime.time(12))),
        ),
        gettext_lazy("Bewaar het ondertekende formulier in het dossier."),
    ),
    "toestemming_intrekken": Actie(
        gettext_lazy("Intrekking van toestemming vastleggen"),
        gettext_lazy("Toestemming intrekken"),
        lambda vraag, data=None: ToestemmingIntrekkenForm(data, vraag=vraag),
        lambda vraag, user, d: services.toestemming_intrekken(toestemming=d["toestemming"], door=user),
        gettext_lazy("De toegang die deze toestemming gaf, vervalt direct."),
    ),
    "afsluiten": Actie(
        gettext_lazy("Afsluiten"),
        gettext_lazy("Vraag afsluiten"),
        _tekst(gettext_lazy("Conclusie"), gettext_lazy("De ouders lezen de conclusie.")),
        lambda vraag, user, d: services.afsluiten(vraag=vraag, door=user, conclusie=d["tekst"]),
    ),
}


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
