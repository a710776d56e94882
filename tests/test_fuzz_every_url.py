"""Malformed requests to every URL pattern, as a visitor, a parent, a teacher, the IB and the directeur (issue 17).

Every pattern of the URL configuration (the admin site aside, which is Django's own) gets requests with invalid
UTF-8 in the path, query string and body; bare words, other schemes and other hosts in `next`; huge, zero and
negative ids; missing, unknown and duplicated fields; every HTTP method; with and without the htmx headers.
Any answer of 500 or more fails, with the URL and the exception.

The starting point is the scenario of the authorization matrix (tests/autorisatiematrix.py), so the valid ids
reach the views of real objects. Every request runs in a transaction that is rolled back. Hypothesis is
derandomized, so a run is reproducible; `HYPOTHESIS_PROFILE=grondig` asks for many more examples.
"""

import contextlib
import importlib
import os
import re
import traceback
from html import unescape as html_unescape
from http.cookies import SimpleCookie
from urllib.parse import quote

import pytest
from django import forms
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.autorisatiematrix import ROUTES
from tests.formulieren import form_data
from tests.test_autorisatiematrix import scenario  # noqa: F401  (the fixture)

ROLLEN = ("anoniem", "ouder", "leerkracht", "ib", "directeur")
VOORBEELDEN = 300 if os.environ.get("HYPOTHESIS_PROFILE") == "grondig" else 4
PROJECT_APPS = ("klimop", "leerlingen", "ondersteuning")
# Stands in for one id while the URL is reversed, then is replaced by the bad value.
MERKTEKEN = "918273645"


def _patterns(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, entry


def _url_names() -> list[str]:
    return sorted(naam for naam, _ in _patterns(get_resolver()) if not naam.startswith("admin:"))


def _veldnamen() -> list[str]:
    """The field names of every form in the project, and the parameters views read from the request themselves."""
    for config in apps.get_app_configs():
        if config.name.startswith(PROJECT_APPS):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{config.name}.forms")
    namen = set()
    te_doen = [forms.BaseForm]
    while te_doen:
        klasse = te_doen.pop()
        te_doen += klasse.__subclasses__()
        if klasse.__module__.startswith((*PROJECT_APPS, "django.contrib.auth")):
            namen |= set(getattr(klasse, "base_fields", {}))
    namen |= {"next", "pagina", "_veld", "aantal", "actie", "deel", "naar", "van", "richting", "taal", "versie"}
    namen |= {"vingerafdruk", "openen", "indienen", "opslaan", "csrfmiddlewaretoken"}
    namen |= {f"doelen-{n}" for n in ("TOTAL_FORMS", "INITIAL_FORMS", "MAX_NUM_FORMS", "0-omschrijving", "0-DELETE")}
    return sorted(namen)


URL_NAMES = _url_names()
VELDNAMEN = _veldnamen()

VOLGENDE = [
    "foo",
    "portaal",
    "ondersteuning:wachtrij",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "//evil.test",
    "///evil.test",
    "/\\evil.test",
    "\\\\evil.test",
    "https://evil.test/",
    "http:evil.test",
    "data:text/html,x",
    "mailto:x@evil.test",
    " /portaal/",
    "/portaal/\r\nSet-Cookie: x=1",
    "/portaal/%0d%0aX: 1",
    "\x00",
    "/" + "a" * 5000,
    "/portaal/",
    "",
]
WAARDEN = [
    *VOLGENDE,
    "<script>alert('klimop')</script>",
    "-1",
    "0",
    "1",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "9999-12-31T99:99",
    "../../etc/passwd",
    "%s%(x)s{0}",
    "\ud800",  # a lone surrogate: not encodable as UTF-8 at all
    "\u202e\ufeff",
    "💥" * 20,
    "x" * 70_000,
    "on",
    "true",
]
# Raw bytes that are not UTF-8 (or are overlong forms of "/" and NUL).
ONGELDIG_UTF8 = ["%FF", "%C0%AF", "%E0%80%80", "%ED%A0%80", "%F8%88%80%80%80", "%FE%FF", "%C3", "%00"]
SLECHTE_IDS = ["0", "-1", "1.5", "1e3", "2147483648", "9223372036854775807", "9223372036854775808", "9" * 40]
SLECHTE_TEKENREEKSEN = ["foo", "..", "%2e%2e", "%FF", "%C0%AF", "x" * 300, "ongeldig-123", "%00", "a%2Fb"]
METHODEN = ["GET", "GET", "POST", "POST", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"]

waarde = st.one_of(st.sampled_from(WAARDEN), st.text(max_size=30))
veld = st.one_of(st.sampled_from(VELDNAMEN), st.sampled_from(VELDNAMEN), st.text(max_size=10))
extra_velden = st.lists(st.tuples(veld, waarde), max_size=4)
volgende = st.one_of(st.just([]), st.sampled_from(VOLGENDE).map(lambda v: [("next", v)]))


def _bytes(tekst: str) -> bytes:
    return tekst.encode("utf-8", "surrogatepass")


def _codeer(paren) -> str:
    return "&".join(f"{quote(_bytes(k))}={quote(_bytes(v))}" for k, v in paren)


@st.composite
def formulier(draw, basis: list[tuple[str, str]]):
    """A form body: the fields the page itself would send, each kept, dropped, spoilt or sent twice, plus others."""
    paren = []
    for sleutel, inhoud in basis:
        lot = draw(st.sampled_from(["houden", "houden", "weg", "slecht", "dubbel"]))
        if lot == "houden":
            paren.append((sleutel, inhoud))
        elif lot == "slecht":
            paren.append((sleutel, draw(waarde)))
        elif lot == "dubbel":
            paren += [(sleutel, inhoud), (sleutel, draw(waarde))]
    return paren + draw(extra_velden) + draw(volgende)


def ruwe_query(basis):
    return st.one_of(
        formulier(basis).map(_codeer),
        st.lists(st.sampled_from(ONGELDIG_UTF8), min_size=1, max_size=3).map(lambda b: f"next={''.join(b)}&q={b[0]}"),
        st.sampled_from(VELDNAMEN).map(lambda naam: f"{naam}=%FF%FE&{naam}=1&{naam}"),
        st.just(""),
    )


def lichaam(basis):
    return st.one_of(
        st.tuples(st.just("form"), formulier(basis).map(lambda p: _codeer(p).encode())),
        st.tuples(st.just("form"), formulier(basis).map(lambda p: _codeer(p).encode())),
        st.tuples(st.just("form"), ruwe_query(basis).map(str.encode)),
        st.tuples(st.just("form"), st.binary(max_size=200)),
        st.tuples(st.just("json"), st.sampled_from([b"{", b'{"next": "foo"}', b"[]", b"\xff\xfe"])),
        st.tuples(st.just("multipart-kapot"), st.binary(max_size=100)),
        st.tuples(st.just("multipart"), formulier(basis)),
    )


FORMULIER = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
ACTIE = re.compile(r"""\baction=["']([^"']*)["']""", re.I)


def _formulieren(client: Client, paden: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Per path, the fields of the POST form on the portal's own pages that sends there (as a browser would)."""
    gevonden: dict[str, list[tuple[str, str]]] = {}
    for pad in sorted(paden):
        if pad.endswith((".pdf", ".csv", "/pdf/")):
            continue
        with transaction.atomic():
            response = client.get(pad)
            transaction.set_rollback(True)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        for html in FORMULIER.findall(response.content.decode()):
            if not re.search(r"""method=["']?post""", html, re.I):
                continue
            actie = ACTIE.search(html)
            doel = html_unescape(actie.group(1)).split("?")[0] if actie and actie.group(1) else pad
            velden_ = form_data(html)
            paren = [(k, w) for k, v in velden_.items() for w in (v if isinstance(v, list) else [v])]
            gevonden.setdefault(doel, paren)
    return gevonden


@st.composite
def verzoek(draw, naam: str, kwargs_voor, formulieren):
    """One request for the URL pattern `naam`: method, path (valid or with one bad id), query, body and headers."""
    route = ROUTES.get(naam) or ROUTES[next(e for e in ROUTES if e.startswith(f"{naam}["))]
    variant = draw(st.sampled_from(route.varianten))
    kwargs = kwargs_voor[route.kwargs]("eigen" if variant == "-" else variant)
    if naam == "ondersteuning:actie":
        kwargs["naam"] = draw(st.sampled_from(ACTIE_NAMEN))
    geldig = reverse(naam, kwargs=kwargs)
    kapot = draw(st.sampled_from([None, None, *sorted(kwargs)])) if kwargs else None
    pad = geldig
    if kapot is not None:
        soort = SLECHTE_IDS if isinstance(kwargs[kapot], int) else SLECHTE_TEKENREEKSEN
        slecht = draw(st.one_of(st.sampled_from(soort), st.sampled_from(ONGELDIG_UTF8 + SLECHTE_TEKENREEKSEN)))
        kwargs[kapot] = int(MERKTEKEN) if isinstance(kwargs[kapot], int) else MERKTEKEN
        pad = reverse(naam, kwargs=kwargs).replace(MERKTEKEN, slecht)
    basis = formulieren.get(geldig, [])
    headers = {}
    if draw(st.booleans()):
        headers |= {"HX-Request": "true", "HX-Target": draw(st.sampled_from(["resultaten", "x", ""]))}
        headers["HX-Current-URL"] = draw(st.sampled_from(["http://testserver/portaal/", "javascript:x", "%FF"]))
    if draw(st.booleans()):
        headers["Referer"] = draw(st.sampled_from(VOLGENDE))
    return draw(st.sampled_from(METHODEN)), pad, draw(ruwe_query(basis)), draw(lichaam(basis)), headers


def _stuur(client: Client, methode: str, pad: str, query: str, lichaam_, headers: dict):
    url = f"{pad}?{query}" if query else pad
    soort, inhoud = lichaam_
    if methode in ("GET", "HEAD", "OPTIONS"):
        return client.generic(methode, url, headers=headers)
    if soort == "multipart":
        data = {}
        for sleutel, w in inhoud:
            data.setdefault(_bytes(sleutel).decode("utf-8", "replace"), []).append(
                _bytes(w).decode("utf-8", "replace")
            )
        return getattr(client, methode.lower())(url, data, headers=headers)
    content_type = {
        "form": "application/x-www-form-urlencoded",
        "json": "application/json",
        "multipart-kapot": "multipart/form-data; boundary=kapot",
    }[soort]
    return client.generic(methode, url, inhoud, content_type=content_type, headers=headers)


def _alle_paden(kwargs_voor) -> set[str]:
    paden = set()
    for entry, route in ROUTES.items():
        naam, _, actie = entry.partition("[")
        for variant in route.varianten:
            kwargs = kwargs_voor[route.kwargs]("eigen" if variant == "-" else variant)
            if actie:
                kwargs["naam"] = actie[:-1]
            paden.add(reverse(naam, kwargs=kwargs))
    return paden


ACTIE_NAMEN = sorted(e.split("[")[1][:-1] for e in ROUTES if e.startswith("ondersteuning:actie["))


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ROLLEN)
def test_no_url_answers_malformed_requests_with_a_server_error(rol, scenario, client_for):  # noqa: F811
    users, kwargs_voor = scenario
    client = Client() if rol == "anoniem" else client_for(users[rol])
    client.raise_request_exception = False
    cookies = client.cookies.output(header="", sep=";")
    formulieren = _formulieren(client, _alle_paden(kwargs_voor))
    client.cookies = SimpleCookie(cookies)
    gezien = set()

    # No shrinking: one example is a request to every URL, and the report lists every failing one already.
    @settings(
        max_examples=VOORBEELDEN,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def elke_url(data):
        fouten = []
        for naam in URL_NAMES:
            methode, pad, query, body, headers = data.draw(verzoek(naam, kwargs_voor, formulieren), label=naam)
            with transaction.atomic():
                response = _stuur(client, methode, pad, query, body, headers)
                transaction.set_rollback(True)
            client.cookies = SimpleCookie(cookies)
            gezien.add(naam)
            if response.status_code >= 500:
                oorzaak = ""
                if getattr(response, "exc_info", None):
                    oorzaak = "".join(traceback.format_exception(*response.exc_info)[-2:])
                fouten.append(f"{rol} {methode} {pad}?{query:.200} {body!r:.300} {headers}: {response.status_code}")
                fouten.append(oorzaak)
        assert not fouten, "\n".join(fouten)

    try:
        elke_url()
    finally:
        cache.clear()
    assert gezien == set(URL_NAMES)
    if rol != "anoniem":
        # The harvest found the forms, so the bodies start from what the pages really send.
        assert len(formulieren) > 3, sorted(formulieren)


def test_the_fuzz_covers_every_url_pattern_and_knows_the_forms():
    assert len(URL_NAMES) > 60
    assert all(naam in ROUTES or any(e.startswith(f"{naam}[") for e in ROUTES) for naam in URL_NAMES)
    assert {"next", "hulpvraag", "tekst", "bestand", "username", "code", "taal"} <= set(VELDNAMEN)
