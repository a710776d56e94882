from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from klimop.redirects import veilige_volgende

from . import second_factor, services
from .forms import HerstelcodeForm, InlogForm, TotpCodeForm, WachtwoordKiezenForm
from .models import TALEN, Melding

NEW_RECOVERY_CODES_SESSION_KEY = "accounts_new_recovery_codes"


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
    response = redirect(
        veilige_volgende(request, reverse("portaal" if request.user.is_authenticated else "profiel:home"))
    )
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
@require_GET
def meldingen_aantal(request: HttpRequest) -> HttpResponse:
    """The unread count as a small fragment, for a header badge that refreshes itself (htmx polling)."""
    aantal = request.user.meldingen.filter(gelezen_op__isnull=True).count()
    return render(request, "accounts/_meldingen_aantal.html", {"aantal": aantal})


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
