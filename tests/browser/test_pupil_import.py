import pytest
from django.conf import settings
from playwright.sync_api import expect

from leerlingen.models import Leerling
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VOORBEELD = settings.BASE_DIR / "docs" / "voorbeeld-leerlingen.csv"


def test_directeur_uploads_the_sample_checks_the_preview_and_confirms(page, screenshot, directeur):
    sign_in(page, directeur.email, "geheim-wachtwoord")
    page.get_by_role("link", name="Leerlingen importeren uit de leerlingadministratie").click()
    expect(page.get_by_role("heading", level=1, name="Leerlingen importeren")).to_be_visible()

    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("link", name="Kies het CSV-bestand dat u wilt importeren.")).to_be_visible()

    page.get_by_label("Export uit de leerlingadministratie (CSV)").set_input_files(str(VOORBEELD))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("heading", level=1, name="Controleer wat er verandert")).to_be_visible()
    expect(page.get_by_role("cell", name="Emma Bakker")).to_be_visible()
    screenshot("leerlingen-import-controle")
    assert Leerling.objects.count() == 0

    page.get_by_role("button", name="138 wijzigingen doorvoeren").click()
    expect(page.get_by_text("De import is uitgevoerd: 138 wijzigingen.")).to_be_visible()
    assert Leerling.objects.count() == 30
