"""Account management under /portaal/accounts/ (namespace `accountbeheer`): the directeur manages accounts and the
IB invites guardians. It lives above the domain apps because an account is shown with its groups and children."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klimop.accounts import services
from klimop.accounts.decorators import rol_vereist
from klimop.accounts.models import GEEN_WACHTWOORD, Rol, Uitnodiging, User
from klimop.redirects import veilige_volgende
from leerlingen import uitnodigingen
from leerlingen.models import Groep, Leerling, Ouder, huidig_schooljaar

from .forms import AccountFilterForm, AccountWijzigenForm, MedewerkerUitnodigenForm, OuderUitnodigenForm


def _uitnodiging_verstuurd(request: HttpRequest, email: str) -> None:
    melding = _("Er gaat een uitnodiging naar %(email)s. De link is %(dagen)d dagen geldig.")
    messages.success(request, melding % {"email": email, "dagen": settings.UITNODIGING_GELDIG.days})


@login_required
@rol_vereist(Rol.IB, Rol.DIRECTEUR)
@require_POST
def uitnodiging_sturen(request: HttpRequest, pk: int) -> HttpResponse:
    """(Re)send an invitation: the directeur to any account, the IB to guardians only."""
    user = get_object_or_404(User, pk=pk)
    if not services.mag_uitnodigen(request.user, user):
        raise PermissionDenied
    try:
        services.uitnodigen(user=user, door=request.user)
    except services.Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        _uitnodiging_verstuurd(request, user.email)
    if request.user.rol == Rol.DIRECTEUR:
        standaard = reverse("accountbeheer:detail", args=[user.pk])
    else:
        standaard = reverse("accountbeheer:ouders_uitnodigen")
    return redirect(veilige_volgende(request, standaard))


@login_required
@rol_vereist(Rol.IB, Rol.DIRECTEUR)
@require_http_methods(["GET", "POST"])
def ouder_uitnodigen(request: HttpRequest, leerling_pk: int) -> HttpResponse:
    """From the pupil page: add a guardian by e-mail address and send the invitation."""
    leerling = get_object_or_404(Leerling.objects.zichtbaar_voor(request.user), pk=leerling_pk)
    form = OuderUitnodigenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            uitnodiging = uitnodigingen.ouder_uitnodigen(door=request.user, leerling=leerling, **form.cleaned_data)
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            if uitnodiging is None:
                messages.success(request, _("De ouder had al een account en is nu aan deze leerling gekoppeld."))
            else:
                _uitnodiging_verstuurd(request, form.cleaned_data["email"])
            return redirect(leerling)
    return render(request, "accounts/ouder_uitnodigen.html", {"form": form, "leerling": leerling})


@login_required
@rol_vereist(Rol.IB, Rol.DIRECTEUR)
@require_http_methods(["GET", "POST"])
def ouders_uitnodigen(request: HttpRequest) -> HttpResponse:
    """Invite, in one go, every guardian with gezag who cannot sign in yet (typically after an import)."""
    if request.method == "POST":
        try:
            verwacht = int(request.POST.get("aantal", ""))
        except ValueError:
            verwacht = -1
        try:
            aantal = uitnodigingen.ouders_uitnodigen(door=request.user, verwacht=verwacht)
        except services.Geweigerd as fout:
            messages.warning(request, str(fout))
            return redirect("accountbeheer:ouders_uitnodigen")
        messages.success(
            request,
            ngettext(
                "Er gaat een uitnodiging naar %(aantal)d ouder.",
                "Er gaan uitnodigingen naar %(aantal)d ouders.",
                aantal,
            )
            % {"aantal": aantal},
        )
        return redirect("accountbeheer:ouders_uitnodigen")
    ouders = uitnodigingen.ouders_zonder_uitnodiging().order_by("last_name", "first_name", "email")
    context = {"aantal": ouders.count(), "voorbeeld": ouders[:20]}
    return render(request, "accounts/ouders_uitnodigen.html", context)


# Account management (directeur) ----------------------------------------------------------------------------------

ACCOUNTS_PER_PAGINA = 50


def _accounts(form: AccountFilterForm):
    open_uitnodiging = Uitnodiging.objects.open().filter(user=OuterRef("pk"))
    accounts = User.objects.annotate(heeft_open_uitnodiging=Exists(open_uitnodiging))
    if not form.is_valid():
        return accounts.none() if form.is_bound else accounts
    data = form.cleaned_data
    for woord in data["q"].split():
        accounts = accounts.filter(
            Q(first_name__icontains=woord) | Q(last_name__icontains=woord) | Q(email__icontains=woord)
        )
    if data["rol"]:
        accounts = accounts.filter(rol=data["rol"])
    match data["status"]:
        case "actief":
            accounts = accounts.filter(is_active=True).exclude(GEEN_WACHTWOORD)
        case "uitgenodigd":
            accounts = accounts.filter(GEEN_WACHTWOORD, is_active=True, heeft_open_uitnodiging=True)
        case "geen_toegang":
            accounts = accounts.filter(GEEN_WACHTWOORD, is_active=True, heeft_open_uitnodiging=False)
        case "gedeactiveerd":
            accounts = accounts.filter(is_active=False)
    return accounts


@login_required
@rol_vereist(Rol.DIRECTEUR)
@require_GET
def account_lijst(request: HttpRequest) -> HttpResponse:
    form = AccountFilterForm(request.GET or None)
    schooljaar = huidig_schooljaar()
    accounts = _accounts(form).prefetch_related(
        Prefetch("groepen", queryset=Groep.objects.van_schooljaar(schooljaar)),
        Prefetch("ouderschappen", queryset=Ouder.objects.select_related("leerling").order_by("leerling__voornaam")),
        Prefetch("uitnodigingen", queryset=Uitnodiging.objects.order_by("-aangemaakt_op", "-pk")),
    )
    pagina = Paginator(accounts.order_by("last_name", "first_name", "email"), ACCOUNTS_PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    template = "accounts/beheer/lijst.html"
    if request.htmx:
        template += "#resultaten"
    return render(request, template, {"form": form, "pagina": pagina, "querystring": querystring.urlencode()})


@login_required
@rol_vereist(Rol.DIRECTEUR)
@require_http_methods(["GET", "POST"])
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    groepen = Groep.objects.van_schooljaar(huidig_schooljaar())
    form = AccountWijzigenForm(request.POST or None, instance=account, groepen=groepen)
    if request.method == "POST" and form.is_valid():
        form.save()
        if "groepen" in form.cleaned_data:
            # Groups of earlier school years stay: they are history, not access.
            account.groepen.remove(*groepen)
            account.groepen.add(*form.cleaned_data["groepen"])
        messages.success(request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": account})
        return redirect("accountbeheer:detail", pk=account.pk)
    context = {
        "account": account,
        "form": form,
        "uitnodigingen": account.uitnodigingen.select_related("uitgenodigd_door"),
        "kinderen": account.ouderschappen.select_related("leerling"),
        "aantal_stappen": account.stappen.count(),
        "is_zelf": account.pk == request.user.pk,
    }
    return render(request, "accounts/beheer/detail.html", context)


@login_required
@rol_vereist(Rol.DIRECTEUR)
@require_http_methods(["GET", "POST"])
def medewerker_uitnodigen(request: HttpRequest) -> HttpResponse:
    groepen = Groep.objects.van_schooljaar(huidig_schooljaar())
    form = MedewerkerUitnodigenForm(request.POST or None, groepen=groepen)
    if request.method == "POST" and form.is_valid():
        try:
            uitnodiging = services.medewerker_uitnodigen(door=request.user, **form.cleaned_data)
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            _uitnodiging_verstuurd(request, uitnodiging.user.email)
            return redirect("accountbeheer:detail", pk=uitnodiging.user_id)
    return render(request, "accounts/beheer/uitnodigen.html", {"form": form})


@login_required
@rol_vereist(Rol.DIRECTEUR)
@require_POST
def account_deactiveren(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    try:
        services.deactiveren(user=account, door=request.user)
    except services.Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(
            request, _("%(naam)s is gedeactiveerd en heeft vanaf nu geen toegang meer.") % {"naam": account}
        )
    return redirect("accountbeheer:detail", pk=account.pk)


@login_required
@rol_vereist(Rol.DIRECTEUR)
@require_POST
def account_heractiveren(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    services.heractiveren(user=account, door=request.user)
    messages.success(request, _("%(naam)s is weer actief.") % {"naam": account})
    return redirect("accountbeheer:detail", pk=account.pk)
