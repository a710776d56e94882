"""The one place that decides where a `next` value may send the browser (issue 17, cause 5)."""

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_veilige_volgende(request: HttpRequest, url: str) -> bool:
    """A path on this site (`/…`) or an absolute http(s) URL to this host; never a bare word or another scheme.

    Django's host check alone lets `foo` through, and `redirect("foo")` then looks it up as a URL name.
    """
    if not isinstance(url, str) or not url:
        return False
    if not url.startswith("/"):
        delen = urlsplit(url)
        if delen.scheme not in ("http", "https") or not delen.netloc:
            return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def veilige_volgende(request: HttpRequest, standaard) -> str:
    """The `next` of the POST (else the query string) when it is safe, else `standaard` (URL, URL name or object)."""
    url = request.POST.get("next") or request.GET.get("next", "")
    if is_veilige_volgende(request, url):
        return url
    return resolve_url(standaard)
