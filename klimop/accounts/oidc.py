"""Staff sign-in with the school's Microsoft or Google account (OpenID Connect, mozilla-django-oidc).

Off while settings.OIDC_ISSUER is empty. Only existing, active staff accounts sign in this way, matched on the
e-mail address the provider vouches for; no account is ever created. A provider that states a second factor was
used (`amr` contains "mfa", or `acr` equals settings.OIDC_ACR_MFA) spares the portal's own TOTP step.
"""

import logging
import time
from urllib.parse import urlencode

import jwt
import requests
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .decorators import rol_vereist
from .models import Aanmeldbeleid, Rol, User

LOGGER = logging.getLogger(__name__)

# The session remembers for which account the provider vouched for a second factor, and the ID token for sign-out.
SESSIE_TWEEDE_FACTOR = "oidc_tweede_factor_voor"
SESSIE_ID_TOKEN = "oidc_id_token"
DISCOVERY_GELDIG = 60 * 60
_discovery: dict[str, tuple[float, dict]] = {}


class Geweigerd(Exception):
    """The provider answered correctly, but this person may not sign in this way; the message says why."""


WEIGERINGEN = {
    "onbekend": gettext_lazy(
        "Er is geen account van de school met dit e-mailadres. Vraag de directeur om u uit te nodigen."
    ),
    "ouder": gettext_lazy(
        "Met een schoolaccount loggen alleen medewerkers in. Ouders loggen in met hun e-mailadres en wachtwoord."
    ),
    "inactief": gettext_lazy("Dit account is niet (meer) actief. Neem contact op met de school."),
    "onbevestigd": gettext_lazy(
        "De inlogdienst van de school heeft dit e-mailadres niet bevestigd. Zo kunt u niet inloggen."
    ),
    "domein": gettext_lazy(
        "Met een account van dit domein kunt u hier niet inloggen. Gebruik het account dat u van de school kreeg."
    ),
    "ongeldig": gettext_lazy(
        "Inloggen met uw schoolaccount is niet gelukt: het antwoord van de inlogdienst was niet geldig. "
        "Probeer het opnieuw."
    ),
    "afgebroken": gettext_lazy("Inloggen met uw schoolaccount is afgebroken of niet gelukt. Probeer het opnieuw."),
    "onbereikbaar": gettext_lazy(
        "De inlogdienst van de school is nu niet bereikbaar. Probeer het later opnieuw of log in met uw wachtwoord."
    ),
}


def aan() -> bool:
    return bool(settings.OIDC_ISSUER)


def discovery() -> dict:
    """The provider's published configuration ({issuer}/.well-known/openid-configuration), cached for an hour."""
    issuer = settings.OIDC_ISSUER.rstrip("/")
    opgehaald = _discovery.get(issuer)
    if opgehaald and time.monotonic() - opgehaald[0] < DISCOVERY_GELDIG:
        return opgehaald[1]
    response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    configuratie = response.json()
    # OpenID Connect Discovery §4.3: the published issuer must be exactly the one asked for.
    if configuratie.get("issuer", "").rstrip("/") != issuer:
        raise SuspiciousOperation(f"Discovery issuer {configuratie.get('issuer')!r} is not {issuer!r}.")
    _discovery[issuer] = (time.monotonic(), configuratie)
    return configuratie


def email_uit_claims(claims: dict) -> str:
    """The address the provider vouches for, or Geweigerd.

    `email_verified: false` is refused. Microsoft Entra ID sends no `email_verified` and calls its `email` claim
    unverified: then the sign-in name (`preferred_username`, the UPN, which Entra only allows in domains the
    school's tenant verified) is used, else `email`, and either only in one of OIDC_EMAIL_DOMEINEN.
    """
    geverifieerd = claims.get("email_verified")
    if isinstance(geverifieerd, str):
        geverifieerd = geverifieerd.strip().lower() == "true"
    email = str(claims.get("email") or "").strip().lower()
    if geverifieerd is None and "@" in str(claims.get("preferred_username") or ""):
        email = claims["preferred_username"].strip().lower()
    if geverifieerd is False or "@" not in email:
        raise Geweigerd("onbevestigd")
    if email.rpartition("@")[2] not in settings.OIDC_EMAIL_DOMEINEN:
        raise Geweigerd("domein")
    return email


def tweede_factor_gebruikt(id_token_claims: dict) -> bool:
    """Whether the signed ID token says a second factor was used. Only the ID token counts, not userinfo."""
    amr = id_token_claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if "mfa" in amr:
        return True
    return bool(settings.OIDC_ACR_MFA) and id_token_claims.get("acr") == settings.OIDC_ACR_MFA


def medewerker_voor(email: str) -> User:
    """The one active staff account with this address, or Geweigerd."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise Geweigerd("onbekend")
    if user.rol == Rol.OUDER:
        raise Geweigerd("ouder")
    if not user.is_active:
        raise Geweigerd("inactief")
    return user


class SchoolAccountBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with endpoints from discovery and the portal's rules for who may sign in.

    Django makes a backend on every request of a signed-in user, so nothing here touches the network until
    a sign-in actually runs.
    """

    def __init__(self, *args, **kwargs):
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = User

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # noqa: N802 (the library's attribute names)
        return discovery()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:  # noqa: N802
        return discovery()["userinfo_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:  # noqa: N802
        return discovery()["jwks_uri"]

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        # Only the callback view passes a nonce: a password sign-in never reaches the provider.
        if request is None or nonce is None or not aan():
            return None
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except Geweigerd as weigering:
            LOGGER.info("OIDC sign-in refused: %s", weigering)
            request.oidc_weigering = str(weigering)
        except requests.RequestException as fout:
            LOGGER.warning("OIDC provider unreachable or refused the code: %s", fout)
            request.oidc_weigering = "onbereikbaar"
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError) as fout:
            LOGGER.warning("OIDC ID token refused: %s", fout)
            request.oidc_weigering = "ongeldig"
        return None

    def _verify_jws(self, payload, key):
        """The library checks signature and expiry; we also require our audience, the issuer and the times."""
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {alg!r}, expected {self.OIDC_RP_SIGN_ALGO!r}.")
        return jwt.decode(
            payload,
            key,
            algorithms=[alg],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=discovery()["issuer"],
            options={"require": ["exp", "iat", "aud", "iss", "sub"]},
        )

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload["sub"]:
            LOGGER.warning("OIDC userinfo is about another subject than the ID token.")
            raise Geweigerd("ongeldig")
        # The signed ID token wins over userinfo where both carry a claim.
        user = medewerker_voor(email_uit_claims({**userinfo, **payload}))
        self.request.oidc_id_token = id_token
        self.request.oidc_tweede_factor = tweede_factor_gebruikt(payload)
        return user

    def get_user(self, user_id):
        # ModelBackend's, which refuses a deactivated account on its next request; the library's does not.
        return ModelBackend.get_user(self, user_id)


class AanvraagView(OIDCAuthenticationRequestView):
    """/oidc/authenticate/: send the browser to the provider's authorization endpoint."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not aan():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery()["authorization_endpoint"]
        except (requests.RequestException, SuspiciousOperation, KeyError, ValueError) as fout:
            LOGGER.warning("OIDC discovery failed: %s", fout)
            messages.error(request, WEIGERINGEN["onbereikbaar"])
            return redirect("accounts:login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """/oidc/callback/: the provider sends the browser back here with a code; a refusal goes back to the login page."""

    def get(self, request):
        if not aan():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as fout:  # an unknown or replayed state
            LOGGER.warning("OIDC callback refused: %s", fout)
            request.oidc_weigering = "ongeldig"
            return self.login_failure()

    def login_failure(self):
        reden = getattr(self.request, "oidc_weigering", None) or "afgebroken"
        messages.error(self.request, WEIGERINGEN[reden])
        return redirect("accounts:login")

    def login_success(self):
        response = super().login_success()
        session = self.request.session
        session[SESSIE_ID_TOKEN] = self.request.oidc_id_token
        if self.request.oidc_tweede_factor:
            session[SESSIE_TWEEDE_FACTOR] = self.user.pk
            # The session gained rights (also when it already had this user after the password alone).
            session.cycle_key()
        return response


def tweede_factor_bij_aanbieder(request: HttpRequest) -> bool:
    """True when this session's sign-in at the provider used a second factor; then the user counts as verified."""
    user = request.user
    if request.session.get(SESSIE_TWEEDE_FACTOR) != user.pk:
        return False
    user.is_verified = lambda: True
    return True


def wachtwoord_geweigerd(user: User) -> bool:
    """The directeur switched password sign-in off for staff (and provider sign-in is available)."""
    return user.rol != Rol.OUDER and aan() and Aanmeldbeleid.huidig().alleen_via_school


class BeheerInlogForm(AdminAuthenticationForm):
    """The Django admin's login form, with the same refusal: it must not be a way around the directeur's choice."""

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if wachtwoord_geweigerd(user):
            raise forms.ValidationError(
                _("Medewerkers loggen in met hun schoolaccount: gebruik de knop 'Inloggen met uw schoolaccount'."),
                code="alleen_via_school",
            )


class UitloggenView(auth_views.LogoutView):
    """Sign out of the portal and, after a provider sign-in, also at the provider if it publishes where."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(SESSIE_ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        if not (id_token and aan()):
            return response
        try:
            einde = discovery().get("end_session_endpoint")
        except (requests.RequestException, SuspiciousOperation, ValueError) as fout:
            LOGGER.warning("OIDC discovery failed at sign-out: %s", fout)
            einde = None
        if not einde:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
            }
        )
        # A page rather than a redirect: the CSP allows forms to post only to the portal itself (form-action).
        return render(request, "accounts/uitgelogd_school.html", {"url": f"{einde}?{query}"})


class AanmeldbeleidForm(forms.ModelForm):
    class Meta:
        model = Aanmeldbeleid
        fields = ["alleen_via_school"]


@login_required
@rol_vereist(Rol.DIRECTEUR)
@require_http_methods(["GET", "POST"])
def aanmeldbeleid(request: HttpRequest) -> HttpResponse:
    """The directeur decides whether staff may still sign in with a password."""
    beleid = Aanmeldbeleid.huidig()
    # An unticked box sends nothing, so a POST without data is still a submitted form.
    form = AanmeldbeleidForm(request.POST if request.method == "POST" else None, instance=beleid)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["alleen_via_school"] and not aan():
            form.add_error(
                "alleen_via_school",
                _("Inloggen met het schoolaccount is op deze server niet ingesteld (OIDC_ISSUER ontbreekt)."),
            )
        else:
            beleid = form.save(commit=False)
            beleid.gewijzigd_door = request.user
            beleid.save()
            if beleid.alleen_via_school:
                messages.success(request, _("Medewerkers loggen voortaan alleen in met hun schoolaccount."))
            else:
                messages.success(request, _("Medewerkers kunnen weer ook met hun wachtwoord inloggen."))
            return redirect("aanmeldbeleid")
    context = {"form": form, "beleid": beleid, "oidc_aan": aan(), "issuer": settings.OIDC_ISSUER}
    return render(request, "accounts/aanmeldbeleid.html", context)
