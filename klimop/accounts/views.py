import datetime
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from klimop.profiel.models import Ondersteuningsprofiel
from klimop.redirects import veilige_volgende
from leerlingen.models import Groep, Leerling, Ouder, huidig_schooljaar
from ondersteuning.models import OPEN_STATUSSEN, Ondersteuningsvraag, Status

from . import second_factor, services
from .decorators import rol_vereist
from .forms import (
    AccountFilterForm,
    AccountWijzigenForm,
    HerstelcodeForm,
    InlogForm,
    MedewerkerUitnodigenForm,
    OuderUitnodigenForm,
    TotpCodeForm,
    WachtwoordKiezenForm,
)
from .models import GEEN_WACHTWOORD, TALEN, Melding, Rol, Uitnodiging, User

NEW_RECOVERY_CODES_SESSION_KEY = "accounts_new_recovery_codes"


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
        context["verlopen"] = vragen.open().filter(volgende_datum__lt=vandaag).order_by("volgende_datum")[:10]
        # Plans due or overdue within two weeks (issue 5: set within 6 weeks of extra support, evaluate yearly).
        context["plantermijnen"] = (
            vragen.open()
            .filter(plan__termijn__lte=vandaag + datetime.timedelta(weeks=2))
            .select_related("plan")
            .order_by("plan__termijn")[:10]
        )
    if user.rol in (User.Rol.OT_LID, User.Rol.TRAJECTBEGELEIDER):
        context["mijn_vragen"] = vragen.open()
    if user.rol == User.Rol.OUDER:
        context["kinderen"] = Leerling.objects.zichtbaar_voor(user).select_related("groep")
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


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout response: the login page again, with the reason and no further attempts counted."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "form": InlogForm(request, initial={"username": username}),
        "next": request.POST.get("next", ""),
        "geblokkeerd": True,
        "wacht_minuten": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/login.html", context, status=429)


def _next_url(request: HttpRequest) -> str:
    return veilige_volgende(request, settings.LOGIN_REDIRECT_URL)


def _sign_in_with(request: HttpRequest, device) -> None:
    django_otp.login(request, device)
    # The session gained rights, so it gets a new key (as Django does at password login).
    request.session.cycle_key()


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if second_factor.confirmed_totp_device(user) is None:
        if second_factor.second_factor_required(user):
            return redirect(f"{reverse('accounts:two_factor_enrol')}?{request.GET.urlencode()}")
        return redirect(_next_url(request))

    # Two small forms on one page: the app code (numeric keyboard) and, folded away, a recovery code.
    totp_form = TotpCodeForm(request.POST if "code" in request.POST else None)
    herstel_form = HerstelcodeForm(request.POST if "herstelcode" in request.POST else None)
    form = next((f for f in (totp_form, herstel_form) if f.is_bound), None)
    if form is not None and form.is_valid():
        recovery = form is herstel_form
        if recovery:
            field, model, verify = "herstelcode", StaticDevice, second_factor.verify_recovery_code
        else:
            field, model, verify = "code", TOTPDevice, second_factor.verify_app_code
        if wacht := second_factor.throttle_wait_seconds(user, model):
            melding = _("Te veel onjuiste codes. Probeer het over %(seconden)d seconden opnieuw.")
            form.add_error(field, melding % {"seconden": wacht})
        elif device := verify(user, form.cleaned_data[field]):
            _sign_in_with(request, device)
            if recovery:
                over = second_factor.remaining_recovery_codes(user)
                melding = _("U heeft een herstelcode gebruikt. U heeft er nog %(aantal)d over.")
                messages.warning(request, melding % {"aantal": over})
            return redirect(_next_url(request))
        elif recovery:
            form.add_error(field, _("Deze herstelcode klopt niet of is al gebruikt."))
        else:
            form.add_error(field, _("Deze code klopt niet. Kijk of de klok van uw telefoon goed staat."))
    return render(
        request,
        "accounts/tweestaps_controleren.html",
        {"totp_form": totp_form, "herstel_form": herstel_form, "next": _next_url(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if second_factor.confirmed_totp_device(user) is not None:
        return redirect("accounts:security" if user.is_verified() else "accounts:two_factor_verify")

    device = second_factor.pending_totp_device(user)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_totp_device(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            _sign_in_with(request, device)
            request.session[NEW_RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("Tweestapsverificatie staat aan."))
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('accounts:two_factor_recovery_codes')}?{query}")
        form.add_error("code", _("Deze code klopt niet. Scan de QR-code opnieuw of controleer de sleutel."))
    context = {
        "form": form,
        # Only path data drawn by qrcode, no text from the user.
        "qr_code": mark_safe(second_factor.qr_code_svg(device)),
        "sleutel": second_factor.secret_for_manual_entry(device),
        "verplicht": second_factor.second_factor_required(user),
        "next": _next_url(request),
    }
    return render(request, "accounts/tweestaps_instellen.html", context)


@login_required
@require_GET
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show freshly made recovery codes exactly once: they leave the session as they are shown."""
    codes = request.session.pop(NEW_RECOVERY_CODES_SESSION_KEY, None)
    return render(request, "accounts/herstelcodes.html", {"codes": codes, "next": _next_url(request)})


@login_required
@require_POST
def two_factor_new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        raise PermissionDenied
    request.session[NEW_RECOVERY_CODES_SESSION_KEY] = second_factor.new_recovery_codes(request.user)
    return redirect("accounts:two_factor_recovery_codes")


@login_required
@require_POST
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    if not (second_factor.may_turn_off(request.user) and request.user.is_verified()):
        raise PermissionDenied
    second_factor.turn_off(request.user)
    messages.success(request, _("Tweestapsverificatie staat uit."))
    return redirect("accounts:security")


@login_required
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "totp_aan": second_factor.confirmed_totp_device(user) is not None,
        "herstelcodes_over": second_factor.remaining_recovery_codes(user),
        "mag_uitzetten": second_factor.may_turn_off(user),
        "demo_vrijstelling": second_factor.is_demo_account_exempt(user),
        "inactief_minuten": settings.SESSION_COOKIE_AGE // 60,
    }
    return render(request, "accounts/beveiliging.html", context)


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    request.user.end_other_sessions()
    update_session_auth_hash(request, request.user)
    messages.success(request, _("U bent uitgelogd op alle andere apparaten en browsers."))
    return redirect("accounts:security")


@require_POST
def taal_kiezen(request: HttpRequest) -> HttpResponse:
    """The language switch: remembered in a cookie on this device and, when signed in, on the account."""
    taal = request.POST.get("taal", "")
    if taal not in TALEN:
        return HttpResponseBadRequest(_("Deze taal kent het portaal niet."))
    if request.user.is_authenticated and request.user.taal != taal:
        request.user.taal = taal
        request.user.save(update_fields=["taal"])
    response = redirect(_terug(request, reverse("portaal" if request.user.is_authenticated else "profiel:home")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        taal,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# Invitations -----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def uitnodiging_aannemen(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The link from the invitation e-mail: choose a password, then continue signed in."""
    try:
        uitnodiging = services.geldige_uitnodiging(pk, token)
    except services.UitnodigingOngeldig as fout:
        return render(request, "accounts/uitnodiging_ongeldig.html", {"reden": str(fout)}, status=410)
    user = uitnodiging.user
    form = WachtwoordKiezenForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.uitnodiging_aannemen(
                uitnodiging=uitnodiging, token=token, wachtwoord=form.cleaned_data["new_password1"]
            )
        except services.UitnodigingOngeldig as fout:
            return render(request, "accounts/uitnodiging_ongeldig.html", {"reden": str(fout)}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Uw wachtwoord is opgeslagen. Voortaan logt u in met uw e-mailadres."))
        if second_factor.second_factor_required(user):
            return redirect(f"{reverse('accounts:two_factor_enrol')}?{urlencode({'next': reverse('portaal')})}")
        return redirect("ouders:start" if user.is_ouder else "portaal")
    return render(request, "accounts/uitnodiging_aannemen.html", {"form": form, "uitnodiging": uitnodiging})


def _uitnodiging_verstuurd(request: HttpRequest, email: str) -> None:
    melding = _("Er gaat een uitnodiging naar %(email)s. De link is %(dagen)d dagen geldig.")
    messages.success(request, melding % {"email": email, "dagen": settings.UITNODIGING_GELDIG.days})


def _terug(request: HttpRequest, standaard: str) -> str:
    return veilige_volgende(request, standaard)


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
    return redirect(_terug(request, standaard))


@login_required
@rol_vereist(Rol.IB, Rol.DIRECTEUR)
@require_http_methods(["GET", "POST"])
def ouder_uitnodigen(request: HttpRequest, leerling_pk: int) -> HttpResponse:
    """From the pupil page: add a guardian by e-mail address and send the invitation."""
    leerling = get_object_or_404(Leerling.objects.zichtbaar_voor(request.user), pk=leerling_pk)
    form = OuderUitnodigenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            uitnodiging = services.ouder_uitnodigen(door=request.user, leerling=leerling, **form.cleaned_data)
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
            aantal = services.ouders_uitnodigen(door=request.user, verwacht=verwacht)
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
    ouders = services.ouders_zonder_uitnodiging().order_by("last_name", "first_name", "email")
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


# Notifications ---------------------------------------------------------------------------------------------------

MELDINGEN_PER_PAGINA = 30


def _get_melding_for_user(request: HttpRequest, pk: int) -> Melding:
    """The notification if it is addressed to `request.user`, else 404."""
    return get_object_or_404(Melding, pk=pk, user=request.user)


@login_required
@require_GET
def melding_lijst(request: HttpRequest) -> HttpResponse:
    meldingen = request.user.meldingen.all()
    pagina = Paginator(meldingen, MELDINGEN_PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "accounts/meldingen.html", {"pagina": pagina})


@login_required
@require_POST
def melding_gelezen(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; with `openen` the browser continues to what it is about."""
    melding = _get_melding_for_user(request, pk)
    if melding.gelezen_op is None:
        melding.gelezen_op = timezone.now()
        melding.save(update_fields=["gelezen_op"])
    if "openen" in request.POST:
        return redirect(melding.link)
    if request.htmx:
        return render(request, "accounts/meldingen.html#melding", {"melding": melding})
    return redirect("meldingen:lijst")


@login_required
@require_POST
def meldingen_alles_gelezen(request: HttpRequest) -> HttpResponse:
    request.user.meldingen.filter(gelezen_op__isnull=True).update(gelezen_op=timezone.now())
    messages.success(request, _("Alle meldingen zijn gelezen."))
    return redirect("meldingen:lijst")
