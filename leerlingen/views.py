from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from klimop.accounts.decorators import rol_vereist
from klimop.accounts.models import User
from ondersteuning.models import Ondersteuningsvraag

from .forms import LeerlingFilterForm
from .models import Groep, Leerling, huidig_schooljaar

PER_PAGINA = 50


def _get_leerling_for_user(request: HttpRequest, pk: int) -> Leerling:
    """The pupil if `request.user` may see it, else 404."""
    return get_object_or_404(Leerling.objects.zichtbaar_voor(request.user).select_related("groep"), pk=pk)


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
@require_GET
def leerling_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leerling = _get_leerling_for_user(request, pk)
    if request.user.is_ouder:
        return redirect("ouders:kind", pk=leerling.pk)
    if not request.user.is_schoolteam:
        # OT members and trajectbegeleiders read a pupil only inside the case they were brought into.
        return redirect("portaal")
    context = {
        "leerling": leerling,
        "leerkrachten": leerling.groep.leerkrachten.all() if leerling.groep else [],
        "ouders": leerling.ouders.select_related("user").order_by("-gezag", "user__last_name"),
        "vragen": Ondersteuningsvraag.objects.zichtbaar_voor(request.user).filter(leerling=leerling),
    }
    return render(request, "leerlingen/detail.html", context)


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
def ouder_kind(request: HttpRequest, pk: int) -> HttpResponse:
    leerling = _get_leerling_for_user(request, pk)
    context = {
        "leerling": leerling,
        "leerkrachten": leerling.groep.leerkrachten.all() if leerling.groep else [],
        "mede_ouders": leerling.ouders.select_related("user").exclude(user=request.user),
        "vragen": Ondersteuningsvraag.objects.zichtbaar_voor(request.user).filter(leerling=leerling),
    }
    return render(request, "leerlingen/ouders/kind.html", context)
