"""The pupil's own pages, which show the pupil together with the pupil's cases: /leerlingen/<pk>/ for the school
team and /ouders/kinderen/<pk>/ for a guardian. The other pupil pages stay in leerlingen.views."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from klimop.accounts.decorators import rol_vereist
from klimop.accounts.models import User
from leerlingen.inzage import registreer_inzage
from leerlingen.models import Inzage
from leerlingen.toegang import _get_leerling_for_user
from ondersteuning.models import Ondersteuningsvraag

INZAGEN_OP_KINDPAGINA = 10


@login_required
@require_GET
def leerling_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leerling = _get_leerling_for_user(request, pk)
    if request.user.is_ouder:
        return redirect("ouders:kind", pk=leerling.pk)
    if not request.user.is_schoolteam:
        # OT members and trajectbegeleiders read a pupil only inside the case they were brought into.
        return redirect("portaal")
    registreer_inzage(request, leerling, Inzage.Onderwerp.LEERLING)
    context = {
        "mag_exporteren": request.user.rol == User.Rol.DIRECTEUR,
        "leerling": leerling,
        "leerkrachten": leerling.groep.leerkrachten.all() if leerling.groep else [],
        "ouders": leerling.ouders.select_related("user").order_by("-gezag", "user__last_name"),
        "vragen": Ondersteuningsvraag.objects.zichtbaar_voor(request.user).filter(leerling=leerling),
    }
    return render(request, "leerlingen/detail.html", context)


@login_required
@rol_vereist(User.Rol.OUDER)
@require_GET
def ouder_kind(request: HttpRequest, pk: int) -> HttpResponse:
    leerling = _get_leerling_for_user(request, pk)
    context = {
        "leerling": leerling,
        "leerkrachten": leerling.groep.leerkrachten.all() if leerling.groep else [],
        "mede_ouders": leerling.ouders.select_related("user").exclude(user=request.user),
        "vragen": Ondersteuningsvraag.objects.zichtbaar_voor(request.user)
        .filter(leerling=leerling)
        .met_status_voor_ouder(request.user),
        "inzagen": leerling.inzagen.all()[:INZAGEN_OP_KINDPAGINA],
    }
    return render(request, "leerlingen/ouders/kind.html", context)
