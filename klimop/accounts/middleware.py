from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from .models import TALEN
from .oidc import tweede_factor_bij_aanbieder
from .second_factor import confirmed_totp_device, second_factor_required

# What a session that passed only the password may reach: public pages, signing in and out, the second factor.
OPEN_NAMESPACES = frozenset({"profiel"})
OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "accounts:two_factor_verify",
        "accounts:two_factor_enrol",
        "accounts:uitnodiging",
        "accounts:taal",
        "oidc_authentication_init",
        "oidc_authentication_callback",
    }
)


class SecondFactorMiddleware:
    """Send a signed-in user who still owes a second factor to the verify or enrol page, whatever they ask for.

    Installed after django-otp's OTPMiddleware, which sets `request.user.is_verified()`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified() or tweede_factor_bij_aanbieder(request):
            return None
        match = request.resolver_match
        if match.namespace in OPEN_NAMESPACES or match.view_name in OPEN_VIEWS:
            return None
        if not second_factor_required(user):
            return None
        name = "accounts:two_factor_verify" if confirmed_totp_device(user) else "accounts:two_factor_enrol"
        url = reverse(name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            # A plain redirect would swap the verify page into a fragment of the page.
            return HttpResponseClientRedirect(url)
        return redirect(url)


def gekozen_taal(request: HttpRequest) -> str:
    """The account's own choice, else the choice remembered on this device (cookie), else Dutch."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.taal in TALEN:
        return user.taal
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in TALEN else settings.LANGUAGE_CODE


class TaalMiddleware:
    """Activate the language someone chose; unlike Django's LocaleMiddleware, ignore the browser's Accept-Language.

    Dutch is the school's language: a browser set to English must not turn the portal English unasked.
    Installed after AuthenticationMiddleware, because a signed-in user's own choice comes first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        taal = gekozen_taal(request)
        request.LANGUAGE_CODE = taal
        # override, not activate: the thread goes back to the default afterwards (tests and workers share threads).
        with translation.override(taal):
            response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", taal)
        return response


SESSIE_VERLENGD = "_sessie_verlengd"


def sessie_verlengd(sessie) -> None:
    sessie[SESSIE_VERLENGD] = timezone.now().timestamp()


class SessieVerlengenMiddleware:
    """Idle expiry without a database write on every request: a signed-in session restarts its idle time
    (SESSION_COOKIE_AGE) at most once per SESSIE_VERLENGEN_NA seconds, so the limit is met to within that margin."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        sessie = getattr(request, "session", None)
        if sessie is not None and sessie.session_key and not sessie.modified and "_auth_user_id" in sessie:
            laatst = sessie.get(SESSIE_VERLENGD, 0)
            if timezone.now().timestamp() - laatst >= settings.SESSIE_VERLENGEN_NA:
                sessie_verlengd(sessie)  # marks it modified: SessionMiddleware saves it and renews the cookie
        return response
