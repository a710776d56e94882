from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klimop.accounts.decorators import rol_vereist
from klimop.accounts.models import User

from . import services
from .forms import OnderdeelForm, ProfielForm
from .models import Basisondersteuningsonderdeel, Ondersteuningsprofiel

# --- Public pages: no login, no session, no CSRF token, so anonymous visitors get no cookie. ---


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "profiel/home.html")


@require_GET
def passend_onderwijs(request: HttpRequest) -> HttpResponse:
    return render(request, "profiel/passend_onderwijs.html")


@require_GET
def samenwerkingsverband(request: HttpRequest) -> HttpResponse:
    return render(request, "profiel/samenwerkingsverband.html")


@require_GET
def ondersteuningsprofiel(request: HttpRequest) -> HttpResponse:
    # The template caches the rendered profile under this version's id and timestamps; items load only on a miss.
    profiel = Ondersteuningsprofiel.objects.gepubliceerd().first()
    return render(request, "profiel/ondersteuningsprofiel.html", {"profiel": profiel})


@require_GET
def archief(request: HttpRequest) -> HttpResponse:
    versies = Ondersteuningsprofiel.objects.openbaar().order_by("-vastgesteld_op", "-gepubliceerd_op")
    return render(request, "profiel/archief.html", {"versies": versies})


@require_GET
def archief_versie(request: HttpRequest, pk: int) -> HttpResponse:
    profiel = get_object_or_404(Ondersteuningsprofiel.objects.openbaar(), pk=pk)
    if profiel.status == Ondersteuningsprofiel.Status.GEPUBLICEERD:
        return redirect("profiel:ondersteuningsprofiel")
    return render(request, "profiel/archief_versie.html", {"profiel": profiel})


# --- The editor in the portal: the school team reads, only the directeur writes. ---

LEZERS = tuple(User.SCHOOLTEAM)
BEWERKER = User.Rol.DIRECTEUR


def _get_profiel_for_user(request: HttpRequest, pk: int) -> Ondersteuningsprofiel:
    """Any version, for the school team (the decorators have checked the role), else 404."""
    return get_object_or_404(Ondersteuningsprofiel, pk=pk)


def _get_concept_for_user(request: HttpRequest, pk: int) -> Ondersteuningsprofiel:
    """The concept the directeur edits; published and archived versions are never edited, so 404."""
    return get_object_or_404(Ondersteuningsprofiel.objects.concept(), pk=pk)


def _get_onderdeel_for_user(request: HttpRequest, pk: int, onderdeel_pk: int) -> Basisondersteuningsonderdeel:
    """An item of the concept `pk`, else 404."""
    profiel = _get_concept_for_user(request, pk)
    return get_object_or_404(profiel.onderdelen.select_related("profiel"), pk=onderdeel_pk)


@login_required
@rol_vereist(*LEZERS)
@require_GET
def beheer_overzicht(request: HttpRequest) -> HttpResponse:
    versies = list(Ondersteuningsprofiel.objects.order_by("-aangemaakt_op"))
    context = {
        "versies": versies,
        "concept": next((v for v in versies if v.is_concept), None),
        "mag_bewerken": request.user.rol == BEWERKER,
    }
    return render(request, "profiel/beheer/overzicht.html", context)


@login_required
@rol_vereist(BEWERKER)
@require_POST
def concept_aanmaken(request: HttpRequest) -> HttpResponse:
    try:
        concept = services.create_concept(door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("profielbeheer:overzicht")
    messages.success(request, _("Er is een nieuw concept gemaakt als kopie van de gepubliceerde versie."))
    return redirect("profielbeheer:bewerken", pk=concept.pk)


@login_required
@rol_vereist(*LEZERS)
@require_GET
def versie(request: HttpRequest, pk: int) -> HttpResponse:
    """A version as the public will see it, with the editor's actions above it."""
    profiel = _get_profiel_for_user(request, pk)
    context = {
        "profiel": profiel,
        "mag_bewerken": request.user.rol == BEWERKER and profiel.is_concept,
        "bezwaren": services.publicatie_bezwaren(profiel) if profiel.is_concept else [],
    }
    return render(request, "profiel/beheer/versie.html", context)


@login_required
@rol_vereist(BEWERKER)
@require_http_methods(["GET", "POST"])
def bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    profiel = _get_concept_for_user(request, pk)
    form = ProfielForm(request.POST or None, instance=profiel)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De wijzigingen in het concept zijn opgeslagen."))
        return redirect("profielbeheer:versie", pk=profiel.pk)
    return render(request, "profiel/beheer/bewerken.html", {"profiel": profiel, "form": form})


def _onderdelen_response(request, profiel, form=None, melding="") -> HttpResponse:
    template = "profiel/beheer/onderdelen.html"
    if request.htmx:
        template += "#onderdelen"
    context = {
        "profiel": profiel,
        "onderdelen": profiel.onderdelen.order_by("volgorde", "pk"),
        "form": form or OnderdeelForm(),
        "melding": melding,
    }
    return render(request, template, context)


@login_required
@rol_vereist(BEWERKER)
@require_http_methods(["GET", "POST"])
def onderdelen(request: HttpRequest, pk: int) -> HttpResponse:
    profiel = _get_concept_for_user(request, pk)
    if request.method == "GET":
        return _onderdelen_response(request, profiel)
    form = OnderdeelForm(request.POST)
    if not form.is_valid():
        return _onderdelen_response(request, profiel, form=form)
    onderdeel = services.add_item(profiel=profiel, **form.cleaned_data)
    melding = _("Onderdeel “%(titel)s” is toegevoegd.") % {"titel": onderdeel.titel}
    if request.htmx:
        return _onderdelen_response(request, profiel, melding=melding)
    messages.success(request, melding)
    return redirect("profielbeheer:onderdelen", pk=profiel.pk)


@login_required
@rol_vereist(BEWERKER)
@require_http_methods(["GET", "POST"])
def onderdeel_bewerken(request: HttpRequest, pk: int, onderdeel_pk: int) -> HttpResponse:
    onderdeel = _get_onderdeel_for_user(request, pk, onderdeel_pk)
    form = OnderdeelForm(request.POST or None, instance=onderdeel)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Onderdeel “%(titel)s” is opgeslagen.") % {"titel": onderdeel.titel})
        return redirect("profielbeheer:onderdelen", pk=pk)
    context = {"profiel": onderdeel.profiel, "onderdeel": onderdeel, "form": form}
    return render(request, "profiel/beheer/onderdeel_bewerken.html", context)


@login_required
@rol_vereist(BEWERKER)
@require_POST
def onderdeel_verplaatsen(request: HttpRequest, pk: int, onderdeel_pk: int) -> HttpResponse:
    onderdeel = _get_onderdeel_for_user(request, pk, onderdeel_pk)
    omhoog = request.POST.get("richting") == "omhoog"
    services.move_item(onderdeel=onderdeel, omhoog=omhoog)
    if omhoog:
        melding = _("“%(titel)s” staat nu een plaats hoger.") % {"titel": onderdeel.titel}
    else:
        melding = _("“%(titel)s” staat nu een plaats lager.") % {"titel": onderdeel.titel}
    if request.htmx:
        return _onderdelen_response(request, onderdeel.profiel, melding=melding)
    messages.success(request, melding)
    return redirect("profielbeheer:onderdelen", pk=pk)


@login_required
@rol_vereist(BEWERKER)
@require_POST
def onderdeel_verwijderen(request: HttpRequest, pk: int, onderdeel_pk: int) -> HttpResponse:
    onderdeel = _get_onderdeel_for_user(request, pk, onderdeel_pk)
    services.remove_item(onderdeel=onderdeel)
    melding = _("Onderdeel “%(titel)s” is verwijderd.") % {"titel": onderdeel.titel}
    if request.htmx:
        return _onderdelen_response(request, onderdeel.profiel, melding=melding)
    messages.success(request, melding)
    return redirect("profielbeheer:onderdelen", pk=pk)


@login_required
@rol_vereist(BEWERKER)
@require_http_methods(["GET", "POST"])
def publiceren(request: HttpRequest, pk: int) -> HttpResponse:
    profiel = _get_concept_for_user(request, pk)
    bezwaren = services.publicatie_bezwaren(profiel)
    if request.method == "POST":
        try:
            services.publish(profiel=profiel, door=request.user)
        except ValidationError as exc:
            bezwaren = exc.messages
        else:
            messages.success(request, _("Het schoolondersteuningsprofiel is gepubliceerd."))
            return redirect("profielbeheer:overzicht")
    vorige = Ondersteuningsprofiel.objects.gepubliceerd().first()
    return render(
        request,
        "profiel/beheer/publiceren.html",
        {"profiel": profiel, "bezwaren": bezwaren, "vorige": vorige},
    )
