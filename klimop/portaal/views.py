"""The signed-in start page, /portaal/: what each role needs first, drawn from every app."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from klimop.accounts.models import User
from klimop.profiel.models import Ondersteuningsprofiel
from leerlingen.models import Groep, Leerling, huidig_schooljaar
from ondersteuning.models import OPEN_STATUSSEN, Ondersteuningsvraag, Status

from . import aandacht


@login_required
@require_GET
def portaal(request: HttpRequest) -> HttpResponse:
    """The signed-in start page: each role sees what it needs first."""
    user = request.user
    context: dict = {"rol": user.rol}
    vandaag = timezone.localdate()
    if user.is_schoolteam:
        ingeschreven = Q(leerlingen__ingeschreven_op__lte=vandaag) & (
            Q(leerlingen__uitgeschreven_op__isnull=True) | Q(leerlingen__uitgeschreven_op__gt=vandaag)
        )
        context["groepen"] = (
            Groep.objects.zichtbaar_voor(user)
            .van_schooljaar(huidig_schooljaar())
            .annotate(aantal_leerlingen=Count("leerlingen", filter=ingeschreven))
            .prefetch_related("leerkrachten")
        )
    vragen = Ondersteuningsvraag.objects.zichtbaar_voor(user).select_related("leerling__groep")
    if user.rol == User.Rol.LEERKRACHT:
        context["mijn_vragen"] = vragen.filter(ingediend_door=user).exclude(status=Status.AFGESLOTEN)[:20]
    if user.heeft_volledige_inzage:
        context["aantal_leerlingen"] = Leerling.objects.zichtbaar_voor(user).ingeschreven().count()
        context.update(_profiel_status(vandaag))
        tellingen = dict(vragen.values_list("status").annotate(n=Count("pk")).order_by())
        context["per_status"] = [(s, Status(s).label, tellingen.get(s, 0)) for s in OPEN_STATUSSEN]
    if user.rol in (User.Rol.OT_LID, User.Rol.TRAJECTBEGELEIDER):
        context["mijn_vragen"] = vragen.open()
    if user.rol == User.Rol.OUDER:
        context["kinderen"] = Leerling.objects.zichtbaar_voor(user).select_related("groep")
    context["aandacht"] = aandacht.lijsten(user, vragen, vandaag)
    context["aandacht_leeg"] = not any(lijst.punten for lijst in context["aandacht"])
    return render(request, "accounts/portaal.html", context)


def _profiel_status(vandaag) -> dict:
    """The published profile and any concept, and whether the directeur must start on a new version."""
    versies = Ondersteuningsprofiel.objects.filter(
        status__in=[Ondersteuningsprofiel.Status.GEPUBLICEERD, Ondersteuningsprofiel.Status.CONCEPT]
    )
    profiel = next((v for v in versies if v.status == Ondersteuningsprofiel.Status.GEPUBLICEERD), None)
    return {
        "profiel": profiel,
        "profiel_concept": next((v for v in versies if v.is_concept), None),
        "profiel_verloopt": bool(profiel and profiel.verloopt_binnenkort(vandaag)),
        "profiel_verlopen": bool(profiel and profiel.is_verlopen(vandaag)),
    }
