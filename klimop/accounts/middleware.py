from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

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
        if not user.is_authenticated or user.is_verified():
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
