import pytest
from playwright.sync_api import expect

from leerlingen.tests.factories import LeerlingFactory
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_signs_in_and_finds_a_pupil_with_live_search(page, screenshot, leerkracht, groep, andere_groep):
    LeerlingFactory(voornaam="Sanne", achternaam="Bakker", groep=groep)
    LeerlingFactory(voornaam="Tim", achternaam="Jansen", groep=groep)
    LeerlingFactory(voornaam="Sanne", achternaam="Zevenhuizen", groep=andere_groep)

    sign_in(page, leerkracht.email, "geheim-wachtwoord")
    expect(page.get_by_role("heading", name="Mijn groepen")).to_be_visible()
    screenshot("portaal-leerkracht")

    page.get_by_role("link", name="Leerlingen").first.click()
    expect(page.get_by_role("heading", name="2 leerlingen gevonden")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Zoek op naam").press_sequentially("sann", delay=30)
    # htmx swaps the results in place; the URL is updated so the search can be bookmarked.
    expect(page.get_by_role("heading", name="1 leerling gevonden")).to_be_visible()
    expect(page.get_by_role("link", name="Bakker, Sanne")).to_be_visible()
    expect(page.get_by_text("Jansen")).to_have_count(0)
    expect(page.get_by_text("Zevenhuizen")).to_have_count(0)
    assert "q=sann" in page.url
    screenshot("leerlingen-zoeken")

    page.get_by_role("link", name="Bakker, Sanne").click()
    expect(page.get_by_role("heading", level=1, name="Sanne Bakker")).to_be_visible()


def test_search_works_without_javascript(browser, live_server, leerkracht, groep):
    LeerlingFactory(voornaam="Sanne", achternaam="Bakker", groep=groep)
    LeerlingFactory(voornaam="Tim", achternaam="Jansen", groep=groep)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, leerkracht.email, "geheim-wachtwoord")
    page.goto("/leerlingen/")
    page.get_by_label("Zoek op naam").fill("tim")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="1 leerling gevonden")).to_be_visible()
    expect(page.get_by_role("link", name="Jansen, Tim")).to_be_visible()
    context.close()
