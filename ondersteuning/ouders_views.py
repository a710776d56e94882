"""Parents as partners: their page of a case, comments, documents, consent and agreement (issue 5).

Comments and documents are shared with the school team, who use the same views from the case page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from klimop.accounts.models import User
from klimop.redirects import veilige_volgende
from leerlingen.inzage import registreer_inzage
from leerlingen.models import Inzage

from . import services
from .forms import BijlageForm, InstemmingForm, ReactieForm, ToestemmingOuderForm
from .models import Bijlage, Ondersteuningsvraag, Plan, PlanVersie, Stap, Toestemming, ToestemmingSoort
from .views import _get_vraag_for_user


def _terug(request: HttpRequest, vraag: Ondersteuningsvraag) -> str:
    """Where to go after a comment or upload: the page it came from, else the user's own page of the case."""
    standaard = reverse("ouders:vraag", args=[vraag.pk]) if request.user.is_ouder else vraag.get_absolute_url()
    return veilige_volgende(request, standaard)


def _ouders_met_gezag(vraag: Ondersteuningsvraag):
    return User.objects.filter(ouderschappen__leerling=vraag.leerling_id, ouderschappen__gezag=True).order_by(
        "last_name", "first_name"
    )


def toestemmingen_per_soort(vraag: Ondersteuningsvraag) -> list[dict]:
    """Each purpose with its standing consent (if any) and its history, newest first."""
    alle = list(vraag.toestemmingen.select_related("gegeven_door", "vastgelegd_door", "ingetrokken_door"))
    return [
        {
            "soort": soort,
            "label": label,
            "actief": next((t for t in alle if t.soort == soort and t.actief), None),
            "geschiedenis": [t for t in alle if t.soort == soort],
        }
        for soort, label in ToestemmingSoort.choices
    ]


def reacties_context(vraag: Ondersteuningsvraag, user, form: ReactieForm | None = None) -> dict:
    """The comments of a case with the form to add one (the `_reacties.html` fragment)."""
    versies = PlanVersie.objects.zichtbaar_voor(user).filter(plan__vraag=vraag).order_by("-nummer")
    acties = services.beschikbare_acties(vraag, user)
    return {
        "vraag": vraag,
        "reacties": vraag.reacties.select_related("auteur", "versie"),
        "reactie_form": form or ReactieForm(versies=versies),
        "mag_reageren": "reageren" in acties,
    }


def ouder_context(vraag: Ondersteuningsvraag, user) -> dict:
    """Everything a guardian sees of a case, in a fixed number of queries."""
    plan = Plan.objects.filter(vraag=vraag).select_related("gedeelde_versie").first()
    versie = plan.gedeelde_versie if plan else None
    instemmingen = versie.instemming_per_ouder(_ouders_met_gezag(vraag)) if versie else []
    mijn_antwoord = next((laatste for ouder, laatste, _oud in instemmingen if ouder.pk == user.pk), None)
    overleggen = vraag.overleggen.prefetch_related("deelnemers")
    leerkrachten = list(vraag.leerling.groep.leerkrachten.all()) if vraag.leerling.groep else []
    betrokkenen = {}
    for persoon, rol in [
        *((lk, _("leerkracht")) for lk in leerkrachten),
        (vraag.ingediend_door, _("heeft de vraag ingediend")),
        (vraag.behandelaar, _("intern begeleider, behandelt de vraag")),
        (vraag.trajectbegeleider, _("trajectbegeleider van het samenwerkingsverband")),
        *((d, d.functie or d.get_rol_display()) for o in overleggen for d in o.deelnemers.all()),
    ]:
        if persoon is not None and persoon.pk not in betrokkenen:
            betrokkenen[persoon.pk] = (persoon, rol)
    return {
        "vraag": vraag,
        "stappen": Stap.objects.filter(vraag=vraag, zichtbaar_voor_ouders=True).select_related("actor"),
        "plan": plan,
        "versie": versie,
        "doelen": versie.doelen.all() if versie else [],
        "instemmingen": instemmingen,
        "mijn_antwoord": mijn_antwoord,
        "overleggen": overleggen,
        "toestemmingen": toestemmingen_per_soort(vraag),
        "bijlagen": Bijlage.objects.zichtbaar_voor(user).filter(vraag=vraag).select_related("geupload_door"),
        "bijlage_form": BijlageForm(voor_ouder=True),
        "betrokkenen": list(betrokkenen.values()),
        "mede_ouders": vraag.leerling.ouders.select_related("user").exclude(user=user),
        **reacties_context(vraag, user),
    }


def _get_vraag_voor_ouder(request: HttpRequest, pk: int) -> Ondersteuningsvraag:
    """The case for a guardian page: outsiders 404 first, then the school team (who may see it) 403."""
    vraag = _get_vraag_for_user(request, pk)
    if not request.user.is_ouder:
        raise PermissionDenied
    return vraag


@login_required
@require_GET
def ouder_vraag(request: HttpRequest, pk: int) -> HttpResponse:
    """The parents' page of a case: timeline, plan, meetings, consents, documents, comments and people."""
    vraag = _get_vraag_for_user(request, pk)
    if not request.user.is_ouder:
        return redirect(vraag)
    return render(request, "leerlingen/ouders/vraag.html", ouder_context(vraag, request.user))


@login_required
@require_http_methods(["GET", "POST"])
def instemming(request: HttpRequest, pk: int) -> HttpResponse:
    """A guardian marks the handelingsdeel of the shared version akkoord or niet akkoord."""
    vraag = _get_vraag_voor_ouder(request, pk)
    if "instemmen" not in services.beschikbare_acties(vraag, request.user):
        raise PermissionDenied
    plan = Plan.objects.filter(vraag=vraag).select_related("gedeelde_versie").first()
    versie = plan.gedeelde_versie if plan else None
    if versie is None:
        messages.info(request, _("Er is nog geen plan met u gedeeld."))
        return redirect("ouders:vraag", pk=vraag.pk)
    form = InstemmingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The version the parent read, but only one of this case's plan: never another child's.
        versie_pk = request.POST.get("versie", "")
        gezien = (
            PlanVersie.objects.zichtbaar_voor(request.user).filter(plan__vraag=vraag, pk=int(versie_pk)).first()
            if versie_pk.isdigit() and len(versie_pk) < 18
            else None
        )
        try:
            services.instemmen(
                versie=gezien or versie,
                ouder=request.user,
                akkoord=form.cleaned_data["akkoord"],
                toelichting=form.cleaned_data["toelichting"],
            )
        except services.Geweigerd as fout:
            messages.error(request, str(fout))
        else:
            messages.success(request, _("Dank u wel. Uw antwoord staat in de tijdlijn."))
            return redirect("ouders:vraag", pk=vraag.pk)
    eerdere = versie.instemmingen.filter(ouder=request.user).order_by("-moment", "-pk")
    return render(
        request,
        "leerlingen/ouders/instemming.html",
        {"vraag": vraag, "versie": versie, "form": form, "eerdere": eerdere},
    )


@login_required
@require_http_methods(["GET", "POST"])
def toestemming(request: HttpRequest, pk: int) -> HttpResponse:
    """A guardian gives or withdraws a consent digitally; each is a timeline step."""
    vraag = _get_vraag_voor_ouder(request, pk)
    if "toestemming_ouder" not in services.beschikbare_acties(vraag, request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = ToestemmingOuderForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Kies een toestemming uit de lijst."))
        else:
            soort = form.cleaned_data["soort"]
            try:
                if form.cleaned_data["actie"] == "geven":
                    services.toestemming_geven(vraag=vraag, soort=soort, ouder=request.user)
                    messages.success(request, _("Uw toestemming is vastgelegd."))
                else:
                    actieve = Toestemming.objects.filter(vraag=vraag, soort=soort).actief().first()
                    if actieve is None:
                        raise services.Geweigerd(_("Deze toestemming was al ingetrokken."))
                    services.toestemming_intrekken(toestemming=actieve, door=request.user)
                    messages.success(request, _("Uw toestemming is ingetrokken; de toegang die zij gaf, vervalt."))
            except services.Geweigerd as fout:
                messages.error(request, str(fout))
            else:
                return redirect(reverse("ouders:vraag", args=[vraag.pk]) + "#toestemming")
    return render(
        request,
        "leerlingen/ouders/toestemming.html",
        {"vraag": vraag, "toestemmingen": toestemmingen_per_soort(vraag)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reageren(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on the case or a plan version; with htmx the comment list is swapped in place."""
    vraag = _get_vraag_for_user(request, pk)
    if "reageren" not in services.beschikbare_acties(vraag, request.user):
        raise PermissionDenied
    versies = PlanVersie.objects.zichtbaar_voor(request.user).filter(plan__vraag=vraag).order_by("-nummer")
    if request.method == "POST":
        form = ReactieForm(request.POST, versies=versies)
        if form.is_valid():
            try:
                services.reageren(
                    vraag=vraag,
                    door=request.user,
                    tekst=form.cleaned_data["tekst"],
                    versie=form.cleaned_data.get("versie"),
                )
            except services.Geweigerd as fout:
                form.add_error(None, str(fout))
            else:
                if request.htmx:
                    return render(request, "ondersteuning/_reacties.html", reacties_context(vraag, request.user))
                messages.success(request, _("Uw reactie is geplaatst."))
                return redirect(_terug(request, vraag))
        if request.htmx:
            return render(request, "ondersteuning/_reacties.html", reacties_context(vraag, request.user, form))
    else:
        versie = versies.filter(nummer=_int(request.GET.get("versie"))).first()
        form = ReactieForm(versies=versies, initial={"versie": versie})
    return render(
        request, "ondersteuning/reageren.html", {"vraag": vraag, "form": form, "next": _terug(request, vraag)}
    )


def _int(waarde) -> int | None:
    try:
        return int(waarde)
    except (TypeError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def bijlage_toevoegen(request: HttpRequest, pk: int) -> HttpResponse:
    vraag = _get_vraag_for_user(request, pk)
    if "bijlage_toevoegen" not in services.beschikbare_acties(vraag, request.user):
        raise PermissionDenied
    voor_ouder = request.user.is_ouder
    form = BijlageForm(request.POST or None, request.FILES or None, voor_ouder=voor_ouder)
    if request.method == "POST" and form.is_valid():
        try:
            services.bijlage_toevoegen(
                vraag=vraag,
                door=request.user,
                bestand=form.cleaned_data["bestand"],
                omschrijving=form.cleaned_data["omschrijving"],
                zichtbaar_voor_ouders=voor_ouder or form.cleaned_data["zichtbaar_voor_ouders"],
            )
        except services.Geweigerd as fout:
            form.add_error("bestand", str(fout))
        else:
            messages.success(request, _("Het document is toegevoegd."))
            return redirect(_terug(request, vraag))
    return render(
        request, "ondersteuning/bijlage.html", {"vraag": vraag, "form": form, "next": _terug(request, vraag)}
    )


@login_required
@require_GET
def bijlage(request: HttpRequest, pk: int, bijlage_pk: int) -> FileResponse:
    """Download a document: only for those who may see it, always as an attachment, never rendered inline."""
    vraag = _get_vraag_for_user(request, pk)
    document = get_object_or_404(Bijlage.objects.zichtbaar_voor(request.user), pk=bijlage_pk, vraag=vraag)
    try:
        bestand = document.bestand.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    registreer_inzage(request, vraag.leerling_id, Inzage.Onderwerp.DOCUMENT, document.pk)
    response = FileResponse(bestand, as_attachment=True, filename=document.naam, content_type=document.mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
