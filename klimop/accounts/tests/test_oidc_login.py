"""Staff sign-in with the school's account, against the real test provider (oidc_provider/) on 127.0.0.1.

The Django test client plays the portal's side of the browser; requests plays the provider's side, so every
token, key and userinfo request the portal makes goes over HTTP to the running provider.
"""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib import auth
from django.test import Client
from django.urls import reverse

from klimop.accounts.models import Aanmeldbeleid, Rol
from klimop.accounts.tests.aanbieder import (  # noqa: F401 (fixtures)
    CLIENT_ID,
    aanbieder_fixture,
    aanbieder_proces_fixture,
    bij_aanbieder_inloggen,
)
from klimop.accounts.tests.factories import UserFactory, totp_code, totp_device_for

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
ENROL = reverse("accounts:two_factor_enrol")
PORTAAL = reverse("portaal")

pytestmark = pytest.mark.django_db


def claims(email, **extra):
    return {"email": email, "email_verified": True, **extra}


def inloggen(client: Client, username: str, next_url: str = PORTAAL):
    """Press the button on the login page, sign in at the provider, come back: the portal's answer."""
    response = client.get(reverse("oidc_authentication_init"), {"next": next_url})
    assert response.status_code == 302
    _sessie, terug = bij_aanbieder_inloggen(response["Location"], username)
    assert terug.startswith("http://testserver/oidc/callback/?"), terug
    return client.get(terug)


def ingelogd_als(client: Client):
    user = auth.get_user(client)
    return user if user.is_authenticated else None


def weigering(response) -> str:
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    return [str(m) for m in response.wsgi_request._messages][0]


def test_the_login_page_offers_the_school_account_only_when_configured(client, aanbieder, settings):
    assert "Inloggen met uw schoolaccount" in client.get(LOGIN).text
    settings.OIDC_ISSUER = ""
    assert "Inloggen met uw schoolaccount" not in client.get(LOGIN).text
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_the_button_sends_the_browser_to_the_providers_authorization_endpoint(client, aanbieder):
    response = client.get(reverse("oidc_authentication_init"))
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{aanbieder.issuer}/authorize/"
    query = parse_qs(url.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"]


def test_staff_whose_provider_used_a_second_factor_are_signed_in_without_totp(client, aanbieder, leerkracht):
    totp_device_for(leerkracht)
    aanbieder.gebruiker("marieke", claims("Juf.Groep5@klimop.test", amr=["pwd", "mfa"]))
    response = inloggen(client, "marieke")
    assert response.status_code == 302
    assert response["Location"] == PORTAAL
    assert ingelogd_als(client) == leerkracht
    assert client.get(PORTAAL).status_code == 200
    assert client.get(reverse("leerlingen:lijst")).status_code == 200


def test_staff_without_a_second_factor_at_the_provider_still_give_their_totp_code(client, aanbieder, leerkracht):
    device = totp_device_for(leerkracht)
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", amr=["pwd"]))
    assert inloggen(client, "marieke")["Location"] == PORTAAL
    assert ingelogd_als(client) == leerkracht
    response = client.get(PORTAAL)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    response = client.post(VERIFY + "?next=/portaal/", {"code": totp_code(device)})
    assert response["Location"] == PORTAAL
    assert client.get(PORTAAL).status_code == 200


def test_staff_without_an_app_and_without_mfa_at_the_provider_must_set_one_up(client, aanbieder, leerkracht):
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test"))
    inloggen(client, "marieke")
    assert client.get(PORTAAL)["Location"].startswith(ENROL)


def test_the_acr_the_school_configured_counts_as_a_second_factor(client, aanbieder, settings, leerkracht):
    settings.OIDC_ACR_MFA = "urn:klimop:mfa"
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", acr="urn:klimop:mfa"))
    inloggen(client, "marieke")
    assert client.get(PORTAAL).status_code == 200


def test_another_acr_does_not_count_as_a_second_factor(client, aanbieder, settings, leerkracht):
    settings.OIDC_ACR_MFA = "urn:klimop:mfa"
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", acr="urn:klimop:wachtwoord"))
    inloggen(client, "marieke")
    assert client.get(PORTAAL)["Location"].startswith(ENROL)


def test_an_id_token_for_another_client_is_refused(client, aanbieder, leerkracht, caplog):
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", amr=["mfa"]), id_token={"aud": "ander-portaal"})
    with caplog.at_level(logging.WARNING, logger="klimop.accounts.oidc"):
        melding = weigering(inloggen(client, "marieke"))
    assert "niet geldig" in melding
    assert "Audience doesn't match" in caplog.text
    assert ingelogd_als(client) is None


def test_an_expired_id_token_is_refused(client, aanbieder, leerkracht, caplog):
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", amr=["mfa"]), id_token={"exp_over": -120})
    with caplog.at_level(logging.WARNING, logger="klimop.accounts.oidc"):
        melding = weigering(inloggen(client, "marieke"))
    assert "niet geldig" in melding
    assert "Signature has expired" in caplog.text
    assert ingelogd_als(client) is None


def test_an_unverified_email_address_is_refused(client, aanbieder, leerkracht):
    aanbieder.gebruiker("marieke", {"email": "juf.groep5@klimop.test", "email_verified": False, "amr": ["mfa"]})
    assert "niet bevestigd" in weigering(inloggen(client, "marieke"))
    assert ingelogd_als(client) is None


def test_without_email_verified_the_address_of_a_school_domain_is_trusted(client, aanbieder, leerkracht):
    # Microsoft Entra ID sends no email_verified; the sign-in name is in one of the school's own domains.
    aanbieder.gebruiker("marieke", {"preferred_username": "juf.groep5@klimop.test", "amr": ["pwd", "mfa"]})
    inloggen(client, "marieke")
    assert ingelogd_als(client) == leerkracht


def test_without_email_verified_the_sign_in_name_counts_not_the_email_claim(client, aanbieder, leerkracht, ib):
    # Entra ID's email claim is not verified: an e-mail of a colleague there does not sign in as the colleague.
    aanbieder.gebruiker("marieke", {"preferred_username": "juf.groep5@klimop.test", "email": "ib@klimop.test"})
    inloggen(client, "marieke")
    assert ingelogd_als(client) == leerkracht


def test_without_email_verified_and_without_an_address_nobody_is_signed_in(client, aanbieder, leerkracht):
    aanbieder.gebruiker("marieke", {"preferred_username": "marieke", "amr": ["mfa"]})
    assert "niet bevestigd" in weigering(inloggen(client, "marieke"))


def test_an_address_outside_the_schools_domains_is_refused(client, aanbieder):
    UserFactory(email="juf@elders.test", rol=Rol.LEERKRACHT)
    aanbieder.gebruiker("juf", claims("juf@elders.test", amr=["mfa"]))
    assert "domein" in weigering(inloggen(client, "juf"))
    assert ingelogd_als(client) is None


def test_an_unknown_address_is_refused_and_no_account_is_made(client, aanbieder, django_user_model):
    aanbieder.gebruiker("nieuw", claims("nieuwe.collega@klimop.test", amr=["mfa"]))
    aantal = django_user_model.objects.count()
    assert "geen account" in weigering(inloggen(client, "nieuw"))
    assert django_user_model.objects.count() == aantal
    assert ingelogd_als(client) is None


def test_a_deactivated_account_is_refused(client, aanbieder, leerkracht):
    leerkracht.is_active = False
    leerkracht.save(update_fields=["is_active"])
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", amr=["mfa"]))
    assert "niet (meer) actief" in weigering(inloggen(client, "marieke"))
    assert ingelogd_als(client) is None


def test_an_account_deactivated_during_the_session_is_signed_out(client, aanbieder, leerkracht):
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", amr=["mfa"]))
    inloggen(client, "marieke")
    leerkracht.is_active = False
    leerkracht.save(update_fields=["is_active"])
    assert client.get(PORTAAL)["Location"].startswith(LOGIN)


def test_a_parent_address_is_refused(client, aanbieder, ouder):
    aanbieder.gebruiker("ouder", claims("ouder@klimop.test", amr=["mfa"]))
    assert "Ouders loggen in met hun e-mailadres en wachtwoord" in weigering(inloggen(client, "ouder"))
    assert ingelogd_als(client) is None


def test_a_callback_with_a_state_the_portal_never_issued_is_refused(client, aanbieder, leerkracht):
    client.get(reverse("oidc_authentication_init"))
    response = client.get(reverse("oidc_authentication_callback"), {"code": "abc", "state": "verzonnen"})
    assert "niet geldig" in weigering(response)
    assert ingelogd_als(client) is None


def test_a_sign_in_cancelled_at_the_provider_returns_to_the_login_page(client, aanbieder):
    response = client.get(reverse("oidc_authentication_callback"), {"error": "access_denied"})
    assert "afgebroken" in weigering(response)


def test_an_unreachable_provider_gives_a_dutch_message(client, aanbieder, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/o"
    response = client.get(reverse("oidc_authentication_init"))
    assert "niet bereikbaar" in weigering(response)


def test_a_password_session_that_signs_in_at_the_provider_with_mfa_gets_a_new_session_key(
    client_with_password_only, aanbieder, leerkracht
):
    client = client_with_password_only(leerkracht)
    voor = client.session.session_key
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", amr=["mfa"]))
    inloggen(client, "marieke")
    assert client.session.session_key != voor
    assert client.get(PORTAAL).status_code == 200


def test_the_next_page_is_kept(client, aanbieder, leerkracht):
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", amr=["mfa"]))
    lijst = reverse("leerlingen:lijst")
    assert inloggen(client, "marieke", next_url=lijst)["Location"] == lijst


def test_sign_out_ends_the_portal_session_and_then_the_providers(client, aanbieder, leerkracht):
    aanbieder.gebruiker("marieke", claims("juf.groep5@klimop.test", amr=["mfa"]))
    response = client.get(reverse("oidc_authentication_init"))
    aanbieder_sessie, terug = bij_aanbieder_inloggen(response["Location"], "marieke")
    client.get(terug)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    assert ingelogd_als(client) is None
    assert client.get(PORTAAL)["Location"].startswith(LOGIN)
    eind_url = response.context["url"]
    assert eind_url.startswith(f"{aanbieder.issuer}/logout/?")
    # The provider ends its own session and sends the browser back to the portal's home page.
    antwoord = aanbieder_sessie.get(eind_url, allow_redirects=False, timeout=10)
    assert antwoord.headers["Location"] == "http://testserver/"
    antwoord = aanbieder_sessie.get(f"{aanbieder.issuer}/authorize/", allow_redirects=False, timeout=10)
    assert "/login/" in antwoord.headers["Location"]


def test_sign_out_after_a_password_sign_in_stays_at_the_portal(client_for, aanbieder, leerkracht):
    client = client_for(leerkracht)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("profiel:home")


# The directeur can switch password sign-in off for staff ---------------------------------------------------


def password_login(client: Client, email: str, password: str = "wachtwoord-van-test"):  # noqa: S107
    return client.post(LOGIN, {"username": email, "password": password})


@pytest.fixture
def alleen_via_school(db):
    Aanmeldbeleid.objects.create(pk=1, alleen_via_school=True)


def test_with_provider_only_staff_cannot_sign_in_with_a_password(client, aanbieder, alleen_via_school):
    user = UserFactory(email="juf@klimop.test", rol=Rol.LEERKRACHT, password="wachtwoord-van-test")
    response = password_login(client, user.email)
    assert response.status_code == 200
    assert "gebruik de knop" in response.text
    assert "Inloggen met uw schoolaccount" in response.text
    assert ingelogd_als(client) is None


def test_with_provider_only_the_admin_login_refuses_staff_passwords_too(client, aanbieder, alleen_via_school):
    UserFactory(email="baas@klimop.test", rol=Rol.DIRECTEUR, password="wachtwoord-van-test", is_staff=True)
    data = {"username": "baas@klimop.test", "password": "wachtwoord-van-test", "next": "/admin/"}
    response = client.post(reverse("admin:login"), data)
    assert response.status_code == 200
    assert "gebruik de knop" in response.text
    assert ingelogd_als(client) is None


def test_with_provider_only_staff_still_sign_in_through_the_provider(client, aanbieder, alleen_via_school, ib):
    aanbieder.gebruiker("anouk", claims("ib@klimop.test", amr=["mfa"]))
    inloggen(client, "anouk")
    assert ingelogd_als(client) == ib


def test_with_provider_only_parents_still_sign_in_with_their_password(client, aanbieder, alleen_via_school):
    ouder = UserFactory(email="ouder3@klimop.test", rol=Rol.OUDER, password="wachtwoord-van-test")
    assert password_login(client, ouder.email)["Location"] == PORTAAL
    assert ingelogd_als(client) == ouder


def test_without_provider_only_staff_sign_in_with_a_password(client, aanbieder):
    user = UserFactory(email="juf@klimop.test", rol=Rol.LEERKRACHT, password="wachtwoord-van-test")
    Aanmeldbeleid.objects.create(pk=1, alleen_via_school=False)
    assert password_login(client, user.email).status_code == 302
    assert ingelogd_als(client) == user


def test_provider_only_has_no_effect_while_the_provider_is_not_configured(client, settings, alleen_via_school):
    settings.OIDC_ISSUER = ""
    user = UserFactory(email="juf@klimop.test", rol=Rol.LEERKRACHT, password="wachtwoord-van-test")
    assert password_login(client, user.email).status_code == 302
    assert ingelogd_als(client) == user


def test_a_wrong_password_still_gets_the_usual_message_with_provider_only(client, aanbieder, alleen_via_school):
    UserFactory(email="juf@klimop.test", rol=Rol.LEERKRACHT, password="wachtwoord-van-test")
    response = password_login(client, "juf@klimop.test", "fout-wachtwoord")
    assert "horen niet bij elkaar" in response.text


def test_the_provider_is_not_asked_for_a_password_sign_in(client, aanbieder, monkeypatch, leerkracht):
    def nooit(*args, **kwargs):
        raise AssertionError("a password sign-in reached the provider")

    monkeypatch.setattr(requests, "get", nooit)
    monkeypatch.setattr(requests, "post", nooit)
    leerkracht.set_password("wachtwoord-van-test")
    leerkracht.save()
    # Even with a code and state in the query string, as a crafted link could have.
    data = {"username": leerkracht.email, "password": "wachtwoord-van-test"}
    assert client.post(f"{LOGIN}?code=x&state=y", data).status_code == 302
