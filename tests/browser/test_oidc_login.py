"""Staff sign in with the school's account in a real browser, at the real test provider on 127.0.0.1."""

import pytest
from playwright.sync_api import expect

from klimop.accounts.tests.aanbieder import WACHTWOORD, aanbieder_fixture, aanbieder_proces_fixture  # noqa: F401
from klimop.accounts.tests.factories import totp_code, totp_device_for
from leerlingen.tests.factories import LeerlingFactory
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_at_the_provider(page, username: str) -> None:
    page.goto("/leerlingen/")
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen met uw schoolaccount").click()
    page.wait_for_url("http://127.0.0.1:*/login/**")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(WACHTWOORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_teacher_signs_in_with_the_school_account_and_mfa_and_signs_out_at_both(
    page, live_server, screenshot, aanbieder, leerkracht, groep
):
    LeerlingFactory(voornaam="Sanne", achternaam="Bakker", groep=groep)
    aanbieder.gebruiker(
        "marieke", {"email": leerkracht.email, "email_verified": True, "amr": ["pwd", "mfa"], "name": "Marieke"}
    )

    sign_in_at_the_provider(page, "marieke")

    # No TOTP step: the provider says a second factor was used. Straight to the page asked for.
    page.wait_for_url(f"{live_server.url}/leerlingen/")
    expect(page.get_by_role("link", name="Bakker, Sanne")).to_be_visible()
    screenshot("schoolaccount-ingelogd")

    page.get_by_role("button", name="Uitloggen").click()
    # The portal's session ends, then the provider's, and the provider sends the browser back to the home page.
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Inloggen", exact=True)).to_be_visible()
    page.goto("/portaal/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_role("link", name="Inloggen met uw schoolaccount").click()
    page.wait_for_url("http://127.0.0.1:*/login/**")  # signed out at the provider too: it asks again
    expect(page.get_by_label("Username")).to_be_visible()


def test_without_mfa_at_the_provider_the_teacher_still_gives_the_app_code(page, live_server, aanbieder, leerkracht):
    device = totp_device_for(leerkracht)
    aanbieder.gebruiker("marieke", {"email": leerkracht.email, "email_verified": True, "amr": ["pwd"]})

    sign_in_at_the_provider(page, "marieke")

    page.wait_for_url("**/tweestapsverificatie/**")
    page.get_by_label("Code uit de app").fill(totp_code(device))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(f"{live_server.url}/leerlingen/")


def test_a_parent_address_from_the_provider_is_refused_on_the_login_page(page, live_server, aanbieder, ouder):
    aanbieder.gebruiker("ouder", {"email": ouder.email, "email_verified": True, "amr": ["mfa"]})

    sign_in_at_the_provider(page, "ouder")

    page.wait_for_url("**/accounts/login/")
    expect(page.get_by_role("status")).to_contain_text("Ouders loggen in met hun e-mailadres en wachtwoord")
    assert_accessible(page)
