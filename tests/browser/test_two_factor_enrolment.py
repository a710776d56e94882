from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from leerlingen.tests.factories import LeerlingFactory
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_sets_up_the_app_and_then_reaches_the_pupils(page, live_server, screenshot, leerkracht, groep):
    LeerlingFactory(voornaam="Sanne", achternaam="Bakker", groep=groep)
    errors, requests = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: requests.append(request.url))

    page.goto("/leerlingen/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(leerkracht.email)
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code voor de authenticator-app")).to_be_visible()
    screenshot("tweestaps-instellen")
    # What the phone app does after the teacher types the key over by hand.
    secret = page.locator("#sleutel").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret)):06d}"
    page.get_by_label("Code uit de app").fill(code)
    page.get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    expect(page.get_by_role("list", name="Uw herstelcodes").get_by_role("listitem")).to_have_count(10)
    screenshot("herstelcodes")
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()

    page.wait_for_url("**/leerlingen/")
    expect(page.get_by_role("link", name="Bakker, Sanne")).to_be_visible()
    assert not [text for text in errors if "Content Security Policy" in text], errors
    assert all(url.startswith(live_server.url) for url in requests), requests
