import datetime
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from klimop.profiel.models import Ondersteuningsprofiel
from leerlingen.models import Groep, Leerling, huidig_schooljaar
from ondersteuning.models import OPEN_STATUSSEN, Ondersteuningsvraag, Status

from . import second_factor
from .forms import HerstelcodeForm, InlogForm, TotpCodeForm
from .models import User

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
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return settings.LOGIN_REDIRECT_URL


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
