"""Every non-public URL sends an anonymous visitor to the login page."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC_NAMESPACES = {"profiel"}
PUBLIC_NAMES = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:uitnodiging",  # the invitation link: a refusal page for a wrong token (tested in accounts)
    "accounts:logout",  # POST only; signing out when not signed in is harmless
    "accounts:taal",  # POST only: the language switch on the login page (tested in accounts)
    "oidc_authentication_init",  # signing in with the school's account (tested in accounts/test_oidc_login)
    "oidc_authentication_callback",
    "gezond",  # the health check: no data, for the load balancer (tests/test_gezond.py)
}


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, prefix + str(entry.pattern)


def _example_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)


ROUTES = sorted(
    (name, route)
    for name, route in _patterns(get_resolver())
    if name.split(":")[0] not in PUBLIC_NAMESPACES and name not in PUBLIC_NAMES
)


def test_there_are_routes_to_check():
    assert len(ROUTES) >= 6


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[name for name, _ in ROUTES])
def test_non_public_pages_send_anonymous_to_login(client, name, route):
    response = client.get(_example_path(route))
    assert response.status_code == 302, name
    assert response.url.startswith(reverse("accounts:login"))
