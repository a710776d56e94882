from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def terug_url(request: HttpRequest, standaard: str) -> str:
    """The posted `next` if it stays on this site, else `standaard`: where a form sends the browser back to."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return standaard
