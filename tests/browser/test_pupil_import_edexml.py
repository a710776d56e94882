import re

import pytest
from playwright.sync_api import expect

from leerlingen.models import Leerling
from leerlingen.tests.test_edexml import GEHEIM, VANDAAG, volledig_bestand
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_directeur_imports_an_edexml_export_and_sees_what_is_ignored(
    page, screenshot, directeur, leerkracht, tmp_path, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: VANDAAG)
    bestand = tmp_path / "edexml-export.xml"
    bestand.write_text(volledig_bestand(), encoding="utf-8")
    sign_in(page, directeur.email, "geheim-wachtwoord")
    page.get_by_role("link", name="Leerlingen importeren uit de leerlingadministratie").click()

    page.get_by_label("Export uit de leerlingadministratie (CSV) of EDEXML-bestand").set_input_files(str(bestand))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("heading", level=1, name="Controleer wat er verandert")).to_be_visible()
    expect(page.get_by_text("Soort bestand: EDEXML, versie 2.1.")).to_be_visible()
    expect(page.get_by_text(re.compile("worden genegeerd en niet bewaard: .*BSN"))).to_be_visible()
    expect(page.get_by_role("heading", name="Niet gekoppeld")).to_be_visible()
    expect(page.get_by_role("cell", name="Piet Groot")).to_be_visible()
    expect(page.get_by_role("cell", name="Plusklas")).to_be_visible()
    expect(page.get_by_text(GEHEIM["bsn"])).to_have_count(0)
    screenshot("leerlingen-import-edexml-controle")
    assert not Leerling.objects.filter(leerlingnummer="1001").exists()

    page.get_by_role("button", name=re.compile(r"\d+ wijzigingen doorvoeren")).click()
    expect(page.get_by_text(re.compile(r"De import is uitgevoerd: \d+ wijzigingen."))).to_be_visible()
    assert Leerling.objects.get(leerlingnummer="1001").groep.naam == "Groep 5"
