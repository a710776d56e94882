"""Parents as partners: their page of a case, consent and agreement (issue 5)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import services
from ..context import ouder_context, toestemmingen_per_soort
from ..forms import InstemmingForm, ToestemmingOuderForm
from ..models import Plan, PlanVersie, Toestemming
from ..toegang import _get_vraag_for_user, _get_vraag_voor_ouder


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
