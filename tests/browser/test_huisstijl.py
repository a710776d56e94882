"""The house style in a real browser: parents' pages fit a phone, the phone menu, error pages, both languages."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.browser.test_parent_partnership import _gedeeld_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TELEFOON = {"width": 390, "height": 844}


@pytest.fixture
def telefoon(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=TELEFOON)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _ouderpaginas(vraag, leerling):
    return [
        "/portaal/",
        "/ouders/",
        f"/ouders/kinderen/{leerling.pk}/",
        f"/ouders/kinderen/{leerling.pk}/inzage/",
        f"/ouders/vragen/{vraag.pk}/",
        f"/ouders/vragen/{vraag.pk}/instemming/",
        f"/ondersteuning/{vraag.pk}/plan/",
        "/portaal/meldingen/",
        "/portaal/hulp/",
    ]


def _past_op_telefoon(page) -> None:
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= TELEFOON["width"], f"{page.url} scrolls sideways: {breedte}px"


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_no_page_of_the_parent_journey_scrolls_sideways_on_a_phone(telefoon, vraag, ib, ouder, leerling, taal):
    _gedeeld_plan(vraag, ib, ouder)
    ouder.taal = taal
    ouder.save(update_fields=["taal"])
    sign_in(telefoon, ouder.email, "geheim-wachtwoord")
    for pad in _ouderpaginas(vraag, leerling):
        response = telefoon.goto(pad)
        assert response.status == 200, pad
        _past_op_telefoon(telefoon)
        assert_accessible(telefoon)


def test_the_goals_table_becomes_cards_on_a_phone(telefoon, vraag, ib, ouder):
    _gedeeld_plan(vraag, ib, ouder)
    sign_in(telefoon, ouder.email, "geheim-wachtwoord")
    telefoon.goto(f"/ondersteuning/{vraag.pk}/plan/")
    cel = telefoon.locator("#kop-doelen ~ table td[data-label='Evaluatiedatum']")
    expect(cel).to_be_visible()
    assert cel.evaluate("td => getComputedStyle(td).display") != "table-cell"
    assert cel.evaluate("td => getComputedStyle(td, '::before').content") == '"Evaluatiedatum"'
    _past_op_telefoon(telefoon)


def test_the_phone_menu_opens_and_closes_with_its_button(telefoon, ouder):
    sign_in(telefoon, ouder.email, "geheim-wachtwoord")
    knop = telefoon.get_by_role("button", name="Menu")
    menu = telefoon.get_by_role("navigation", name="Hoofdmenu")
    expect(knop).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    knop.click()
    expect(knop).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Mijn kinderen")).to_be_visible()
    expect(telefoon.get_by_role("button", name="Show the portal in English")).to_be_visible()
    telefoon.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(knop).to_be_focused()
    assert_accessible(telefoon)


def test_without_javascript_the_phone_menu_is_simply_open(browser, live_server, ouder):
    context = browser.new_context(base_url=live_server.url, viewport=TELEFOON, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, ouder.email, "geheim-wachtwoord")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn kinderen")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    context.close()


def test_on_a_desktop_the_menu_is_always_visible_and_there_is_no_menu_button(page, ouder):
    sign_in(page, ouder.email, "geheim-wachtwoord")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn kinderen")).to_be_visible()


@pytest.mark.parametrize(("taal", "kop"), [("nl", "Deze pagina is niet gevonden"), ("en", "This page was not found")])
def test_the_404_page_is_accessible_in_both_languages(page, telefoon, ouder, taal, kop):
    ouder.taal = taal
    ouder.save(update_fields=["taal"])
    for p in (page, telefoon):
        sign_in(p, ouder.email, "geheim-wachtwoord")
        response = p.goto("/ouders/vragen/999999/")
        assert response.status == 404
        expect(p.get_by_role("heading", name=kop)).to_be_visible()
        assert_accessible(p)
    _past_op_telefoon(telefoon)
