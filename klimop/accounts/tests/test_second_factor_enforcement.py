"""A session that passed only the password reaches nothing but the second-factor pages, logout and public pages."""

from urllib.parse import urlencode

import pytest
from django.urls import get_resolver, reverse

from klimop.accounts.middleware import OPEN_NAMESPACES, OPEN_VIEWS
from klimop.accounts.tests.factories import totp_code, totp_device_for
from tests.antwoorden import inhoud
from tests.test_anonymous_access import _example_path, _patterns

ENROL = reverse("accounts:two_factor_enrol")
VERIFY = reverse("accounts:two_factor_verify")
STAFF_ROLES = ["leerkracht", "ib", "directeur", "trajectbegeleider", "ot_lid"]

# Written out here, not taken from the middleware: widening its exemptions must fail these tests, not shrink them.
# What a session that passed only the password may reach: public pages, signing in and out, the second factor.
OPEN = {
    "profiel:home",
    "profiel:passend_onderwijs",
    "profiel:ondersteuningsprofiel",
    "profiel:archief",
    "profiel:archief_versie",
    "profiel:samenwerkingsverband",
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
    # Signing in with the school's account: the provider's own second factor may stand in for ours.
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
# Every other page: staff reach it only after the second step. A new URL belongs here unless it is listed as open.
GUARDED = {
    "portaal",
    "aanmeldbeleid",
    # The health check is for the load balancer, which has no session; a half-signed-in staff member is sent on.
    "gezond",
    "meldingen:aantal",
    "ondersteuning:tlv",
    "ondersteuning:tlv_advies",
    "ondersteuning:tlv_ondertekenen",
    "ondersteuning:tlv_papier",
    "ondersteuning:tlv_versturen",
    "ondersteuning:tlv_zienswijze",
    "hulp",
    "accounts:security",
    "accounts:sign_out_everywhere",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:two_factor_recovery_codes",
    "accounts:two_factor_new_recovery_codes",
    "accounts:two_factor_turn_off",
    "accountbeheer:lijst",
    "accountbeheer:detail",
    "accountbeheer:medewerker_uitnodigen",
    "accountbeheer:ouders_uitnodigen",
    "accountbeheer:ouder_uitnodigen",
    "accountbeheer:uitnodiging_sturen",
    "accountbeheer:deactiveren",
    "accountbeheer:heractiveren",
    "meldingen:lijst",
    "meldingen:alles_gelezen",
    "meldingen:gelezen",
    "profielbeheer:overzicht",
    "profielbeheer:concept_aanmaken",
    "profielbeheer:versie",
    "profielbeheer:bewerken",
    "profielbeheer:onderdelen",
    "profielbeheer:onderdeel_bewerken",
    "profielbeheer:onderdeel_verplaatsen",
    "profielbeheer:onderdeel_verwijderen",
    "profielbeheer:publiceren",
    "leerlingen:lijst",
    "leerlingen:detail",
    "leerlingen:import",
    "leerlingen:import_controle",
    "leerlingen:avg_export",
    "leerlingen:inzage",
    "leerlingen:inzage_export",
    "ouders:start",
    "ouders:kind",
    "ouders:vraag",
    "ouders:instemming",
    "ouders:toestemming",
    "ouders:inzage",
    "ondersteuning:wachtrij",
    "ondersteuning:nieuw",
    "ondersteuning:valideer",
    "ondersteuning:detail",
    "ondersteuning:bewerken",
    "ondersteuning:overzicht",
    "ondersteuning:plannen_rod",
    "ondersteuning:plannen_rod_csv",
    "ondersteuning:overzicht_csv",
    "ondersteuning:afdrukken",
    "ondersteuning:pdf",
    "ondersteuning:plan",
    "ondersteuning:plan_bewerken",
    "ondersteuning:plan_nieuwe_versie",
    "ondersteuning:plan_delen",
    "ondersteuning:plan_vergelijken",
    "ondersteuning:plan_versie",
    "ondersteuning:mijn_plan",
    "ondersteuning:reageren",
    "ondersteuning:bijlage_toevoegen",
    "ondersteuning:bijlage",
    "ondersteuning:actie",
}
ROUTES = dict(_patterns(get_resolver()))
# A new URL fails test_every_url_is_listed until it is added to GUARDED (or, deliberately, to OPEN); from then on it
# is checked below. Without a listing it is still checked as guarded.
GUARDED_ROUTES = sorted((name, ROUTES[name]) for name in (GUARDED | set(ROUTES)) - OPEN if name in ROUTES) + [
    ("admin:index", "admin/")
]


def test_every_url_is_listed_as_open_or_guarded():
    assert not OPEN & GUARDED
    assert set(ROUTES) - OPEN - GUARDED == set(), "a new URL: add it to GUARDED (or to OPEN if it must be open)"
    assert (OPEN | GUARDED) - set(ROUTES) == set(), "a URL was renamed or removed: update the lists"


def test_the_middleware_exempts_exactly_the_open_pages():
    exempt = {name for name in ROUTES if name.split(":")[0] in OPEN_NAMESPACES or name in OPEN_VIEWS}
    assert exempt == OPEN


def test_the_guarded_routes_include_the_pupil_pages():
    names = {name for name, _ in GUARDED_ROUTES}
    assert {"portaal", "leerlingen:lijst", "leerlingen:detail", "ouders:start", "accounts:security"} <= names
    assert names == GUARDED | {"admin:index"}


@pytest.mark.django_db
@pytest.mark.parametrize("rol", STAFF_ROLES)
@pytest.mark.parametrize(("name", "route"), GUARDED_ROUTES, ids=[name for name, _ in GUARDED_ROUTES])
def test_staff_without_a_second_factor_reach_no_page_but_enrolment(client_with_password_only, cast, rol, name, route):
    client = client_with_password_only(cast[rol])
    path = _example_path(route)
    response = client.get(path)
    assert response.status_code == 302, name
    assert response.url == f"{ENROL}?{urlencode({'next': path})}"
    assert client.post(path).url == ENROL


@pytest.mark.django_db
def test_staff_with_an_app_but_without_todays_code_are_sent_to_verify(client_with_password_only, ib, leerling):
    totp_device_for(ib)
    path = reverse("leerlingen:detail", args=[leerling.pk])
    response = client_with_password_only(ib).get(path)
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fleerlingen%2F{leerling.pk}%2F"


@pytest.mark.django_db
def test_htmx_requests_get_a_client_redirect_instead_of_a_swapped_fragment(client_with_password_only, ib):
    totp_device_for(ib)
    client = client_with_password_only(ib)
    response = client.get(reverse("leerlingen:lijst"), {"q": "a"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{VERIFY}?next=%2Fleerlingen%2F%3Fq%3Da"
    assert "resultaten" not in inhoud(response)


@pytest.mark.django_db
def test_staff_without_a_second_factor_can_still_read_public_pages_and_sign_out(client_with_password_only, ib):
    client = client_with_password_only(ib)
    assert client.get(reverse("profiel:home")).status_code == 200
    assert client.get(ENROL).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_who_verified_reach_their_pages(client_with_password_only, leerkracht, leerling):
    client = client_with_password_only(leerkracht)
    device = totp_device_for(leerkracht)
    response = client.post(VERIFY, {"code": totp_code(device), "next": "/leerlingen/"})
    assert response.url == "/leerlingen/"
    assert leerling.achternaam in client.get("/leerlingen/").content.decode()


@pytest.mark.django_db
def test_parents_sign_in_with_a_password_only(client, ouder, leerling):
    ouder.set_password("geheim-wachtwoord")
    ouder.save()
    response = client.post(
        reverse("accounts:login"), {"username": ouder.email, "password": "geheim-wachtwoord"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portaal")
    assert leerling.volledige_naam in response.content.decode()
    assert client.get(reverse("ouders:kind", args=[leerling.pk])).status_code == 200


@pytest.mark.django_db
def test_a_parent_who_turned_on_two_factor_must_enter_a_code(client_with_password_only, ouder):
    totp_device_for(ouder)
    response = client_with_password_only(ouder).get(reverse("ouders:start"))
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


@pytest.mark.django_db
def test_staff_login_leads_to_the_code_and_then_to_the_page_asked_for(client, ib, leerling):
    device = totp_device_for(ib)
    detail = reverse("leerlingen:detail", args=[leerling.pk])
    response = client.post(
        reverse("accounts:login"), {"username": ib.email, "password": "geheim-wachtwoord", "next": detail}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{VERIFY}?{urlencode({'next': detail})}"
    assert leerling.achternaam not in inhoud(response)
    response = client.post(VERIFY, {"code": totp_code(device), "next": detail})
    assert response.url == detail
