import pytest
from django.utils import timezone
from playwright.sync_api import expect

from klimop.profiel.tests.factories import gepubliceerd_profiel
from tests.browser.axe import assert_accessible
from tests.browser.conftest import SCREENSHOTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_directeur_publishes_a_new_profile_that_the_public_sees_at_once(
    browser, live_server, page, screenshot, directeur
):
    oud = gepubliceerd_profiel(visie="De visie uit het vorige profiel.")
    vandaag = timezone.localdate()

    sign_in(page, directeur.email, "geheim-wachtwoord")
    page.get_by_role("link", name="Profiel bewerken en publiceren").click()
    page.get_by_role("button", name="Nieuw concept maken").click()
    expect(page.get_by_role("heading", level=1, name="Concept bewerken")).to_be_visible()
    expect(page.get_by_label("Visie op ondersteuning")).to_have_value("De visie uit het vorige profiel.")

    page.get_by_label("Vastgesteld op").fill(vandaag.isoformat())
    page.get_by_label("Visie op ondersteuning").fill(
        "Op KlimOp hoort elk kind erbij.\n\n- samen met ouders\n- kind aan het woord"
    )
    screenshot("profiel-concept-bewerken")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("De wijzigingen in het concept zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="kind aan het woord")).to_be_visible()

    page.get_by_role("link", name="Basisondersteuning bewerken").click()
    page.get_by_label("Titel").fill("Meer- en hoogbegaafdheid")
    page.get_by_role("button", name="Toevoegen").click()
    # htmx swaps the list in place; the new item comes last and moves up one place.
    expect(page.get_by_role("heading", name="4 onderdelen")).to_be_visible()
    page.get_by_role("button", name="Omhoog: Meer- en hoogbegaafdheid").click()
    expect(page.get_by_text("“Meer- en hoogbegaafdheid” staat nu een plaats hoger.")).to_be_attached()
    items = page.locator("#onderdelen ol > li .fw-semibold")
    expect(items).to_have_text(
        ["Handelingsgericht werken in de groep", "Dyslexieprotocol", "Meer- en hoogbegaafdheid", "Rekenprotocol ERWD"]
    )
    screenshot("profiel-basisondersteuning")

    page.get_by_role("link", name="Klaar: naar het voorbeeld").click()
    page.get_by_role("link", name="Publiceren").click()
    expect(page.get_by_text("gaat naar het openbare archief")).to_be_visible()
    screenshot("profiel-publiceren-bevestigen")
    page.get_by_role("button", name="Ja, publiceren").click()
    expect(page.get_by_text("Het schoolondersteuningsprofiel is gepubliceerd.")).to_be_visible()

    bezoeker = browser.new_context(base_url=live_server.url, locale="nl-NL")
    publiek = bezoeker.new_page()
    publiek.goto("/ondersteuningsprofiel/")
    assert_accessible(publiek)
    expect(publiek.get_by_text("Op KlimOp hoort elk kind erbij.")).to_be_visible()
    expect(publiek.get_by_role("heading", level=3, name="Meer- en hoogbegaafdheid")).to_be_visible()
    expect(publiek.get_by_text("De visie uit het vorige profiel.")).to_have_count(0)
    assert bezoeker.cookies() == []
    SCREENSHOTS.mkdir(exist_ok=True)
    publiek.screenshot(path=str(SCREENSHOTS / "profiel-openbaar-na-publiceren.png"), full_page=True)

    publiek.get_by_role("link", name="Eerdere versies van het schoolondersteuningsprofiel").click()
    publiek.get_by_role("link", name=f"{oud.titel} (18 juni 2024)").click()
    expect(publiek.get_by_text("De visie uit het vorige profiel.")).to_be_visible()
    expect(publiek.get_by_text("eerdere versie die niet meer geldt")).to_be_visible()
    bezoeker.close()
