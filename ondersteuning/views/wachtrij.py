"""The queue of cases: the IB's work list, filtered and sorted, by default new untaken requests first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from klimop.accounts.decorators import rol_vereist
from klimop.accounts.models import Rol
from leerlingen.models import Leerling

from ..forms import WachtrijFilterForm
from ..models import OPEN_STATUSSEN, Ondersteuningsvraag, Status, Urgentie

PER_PAGINA = 25
PERSONEEL = (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR, Rol.OT_LID, Rol.TRAJECTBEGELEIDER)


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
    )
    if data.get("sorteer"):
        vragen = vragen.order_by(sortering, "pk")
    else:
        # By default new requests nobody has taken up come first, then the longest waiting.
        nieuw = Case(When(status=Status.INGEDIEND, behandelaar__isnull=True, then=Value(0)), default=Value(1))
        vragen = vragen.order_by(nieuw, sortering, "pk")

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
