"""Every response carries the security headers: public pages, portal pages, htmx partials, redirects and 404s."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.antwoorden import inhoud

EXPECTED = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _assert_headers(response):
    for header, value in EXPECTED.items():
        assert response.headers.get(header) == value, header
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert re.fullmatch(r"'self'( 'nonce-[A-Za-z0-9+/=]+')?", directives["script-src"])
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


@pytest.mark.django_db
def test_public_page_has_the_headers(client):
    _assert_headers(client.get(reverse("profiel:home"), secure=True))


@pytest.mark.django_db
def test_login_page_has_the_headers(client):
    _assert_headers(client.get(reverse("accounts:login"), secure=True))


@pytest.mark.django_db
def test_portal_page_has_the_headers(client_for, ib):
    _assert_headers(client_for(ib).get(reverse("portaal"), secure=True))


@pytest.mark.django_db
def test_htmx_partial_has_the_headers(client_for, ib, leerling):
    response = client_for(ib).get(reverse("leerlingen:lijst"), headers={"HX-Request": "true"}, secure=True)
    assert "<html" not in inhoud(response)
    _assert_headers(response)


@pytest.mark.django_db
def test_redirect_to_the_second_factor_has_the_headers(client_with_password_only, ib):
    response = client_with_password_only(ib).get(reverse("portaal"), secure=True)
    assert response.status_code == 302
    _assert_headers(response)


@pytest.mark.django_db
def test_not_found_page_has_the_headers(client):
    response = client.get("/bestaat-niet/", secure=True)
    assert response.status_code == 404
    _assert_headers(response)


@pytest.mark.django_db
def test_the_script_tag_carries_the_nonce_of_the_header(client):
    response = client.get(reverse("profiel:home"), secure=True)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.django_db
def test_each_response_gets_a_fresh_nonce(client):
    first, second = (client.get(reverse("profiel:home")).headers["Content-Security-Policy"] for _ in range(2))
    assert first != second


@pytest.mark.django_db
def test_pages_have_no_inline_styles_or_scripts_and_htmx_injects_none(client_for, ib, leerling):
    client = client_for(ib)
    for name in ("profiel:home", "portaal", "leerlingen:lijst", "accounts:security"):
        url = reverse(name)
        content = inhoud(client.get(url))
        assert " style=" not in content and "<style" not in content, url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content), url
        assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in content


@pytest.mark.django_db
def test_the_enrolment_qr_code_needs_no_inline_style(client_with_password_only, leerkracht):
    content = inhoud(client_with_password_only(leerkracht).get(reverse("accounts:two_factor_enrol")))
    assert "<svg" in content
    assert " style=" not in content and "<style" not in content


@pytest.mark.django_db
def test_cookies_are_http_only_and_same_site(client, leerkracht):
    # The session cookie is set when the session is saved: at sign-in.
    response = client.post(reverse("accounts:login"), {"username": leerkracht.email, "password": "geheim-wachtwoord"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY
