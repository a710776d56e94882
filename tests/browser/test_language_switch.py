import pytest
from playwright.sync_api import expect

from klimop.accounts.models import User

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_switches_to_english_and_still_reads_english_after_a_reload(page, screenshot, ouder, vraag):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, ouder.email, "geheim-wachtwoord")
    page.goto("/ouders/")
    expect(page.get_by_role("heading", name="Mijn kinderen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.get_by_role("button", name="Show the portal in English").click()
    page.wait_for_url("**/ouders/")
    expect(page.get_by_role("heading", name="My children")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.reload()
    expect(page.get_by_role("heading", name="My children")).to_be_visible()
    page.get_by_role("link", name=vraag.leerling.volledige_naam).click()
    expect(page.get_by_role("heading", name="Who is involved")).to_be_visible()
    page.get_by_role("link", name="Support request of").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    screenshot("parent-in-english")
    assert User.objects.get(pk=ouder.pk).taal == "en"

    # Signed out, the device remembers the choice on the login page; switching back works the same way.
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_role("button", name="Toon het portaal in het Nederlands").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert errors == []
