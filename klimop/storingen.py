"""Faults shown cleanly (issue 17, cause 7): the database away gives the portal's own 503, and an htmx request
whose session has ended sends the whole page to the login instead of swapping the login page into a fragment."""

import sys
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import resolve_url
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django_htmx.http import HttpResponseClientRedirect

from klimop.redirects import is_veilige_volgende

DATABASE_WEG = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lost database connection is a 503 with a short page that itself needs no database."""
    if isinstance(sys.exc_info()[1], DATABASE_WEG):
        # Rendered without the request: no context processor (notifications, user) touches the database.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render({"SCHOOL": settings.SCHOOL}))


class HtmxInlogMiddleware:
    """A redirect to the login page in answer to an htmx request becomes HX-Redirect for the whole page.

    Installed after django-htmx's HtmxMiddleware, which sets `request.htmx`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if not htmx or response.status_code not in (301, 302) or htmx.boosted:
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response["Location"]).path != login:
            return response
        # Back to the page the user was on, not to the fragment that was asked for.
        huidig = htmx.current_url_abs_path or ""
        url = f"{login}?{urlencode({'next': huidig})}" if is_veilige_volgende(request, huidig) else login
        return HttpResponseClientRedirect(url)
