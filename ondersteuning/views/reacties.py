"""Comments and documents on a case (issue 5): the parents and the school team use the same views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from klimop.redirects import veilige_volgende
from leerlingen.inzage import registreer_inzage
from leerlingen.models import Inzage

from .. import services
from ..context import reacties_context
from ..forms import BijlageForm, ReactieForm
from ..models import Bijlage, Ondersteuningsvraag, PlanVersie
from ..toegang import _get_vraag_for_user


def _terug(request: HttpRequest, vraag: Ondersteuningsvraag) -> str:
    """Where to go after a comment or upload: the page it came from, else the user's own page of the case."""
    standaard = reverse("ouders:vraag", args=[vraag.pk]) if request.user.is_ouder else vraag.get_absolute_url()
    return veilige_volgende(request, standaard)


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
