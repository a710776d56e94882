"""The upload page with an EDEXML file: same preview, confirmation and access rules as the CSV import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leerlingen.models import Groep, Leerling
from leerlingen.tests.test_edexml import (
    GEHEIM,
    LACHEN,
    VANDAAG,
    assert_niets_geheims_bewaard,
    edex,
    groep,
    leerling,
    volledig_bestand,
)
from leerlingen.views import IMPORT_SESSIE

IMPORT = reverse("leerlingen:import")
CONTROLE = reverse("leerlingen:import_controle")


@pytest.fixture(autouse=True)
def vandaag(monkeypatch):
    # The file's school year and dates are fixed; the portal compares against "today".
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: VANDAAG)


def upload(client, inhoud: str | bytes, naam: str = "export.xml"):
    if isinstance(inhoud, str):
        inhoud = inhoud.encode("utf-8")
    return client.post(IMPORT, {"bestand": SimpleUploadedFile(naam, inhoud, content_type="text/xml")})


@pytest.mark.django_db
def test_the_upload_page_offers_edexml(client_for, directeur):
    content = client_for(directeur).get(IMPORT).content.decode()
    assert "Export uit de leerlingadministratie (CSV) of EDEXML-bestand" in content
    assert 'accept=".xml,.csv' in content
    assert "Wat leest het portaal uit EDEXML?" in content


@pytest.mark.django_db
def test_preview_shows_ignored_kinds_skipped_groups_and_unlinked_teachers(client_for, directeur, leerkracht, ib):
    client = client_for(directeur)
    response = upload(client, volledig_bestand())
    assert response.status_code == 302
    assert response["Location"] == CONTROLE

    response = client.get(CONTROLE)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Soort bestand: EDEXML, versie 2.1." in content
    genegeerd = content.split('id="genegeerd">', 1)[1].split("</p>", 1)[0]
    for soort in ("BSN", "land van herkomst", "leerlinggewicht", "postcode", "toevoegingen"):
        assert soort in genegeerd, soort
    assert "Plusklas" in content and "een samengestelde groep is geen groep in het portaal." in content
    niet_gekoppeld = content.split('id="kop-niet-gekoppeld"', 1)[1].split("</table>", 1)[0]
    assert "Piet Groot" in niet_gekoppeld and "piet.groot@elders.test" in niet_gekoppeld
    assert "niet gekoppeld: geen account met dit e-mailadres" in niet_gekoppeld
    assert "Mail Zonder" in niet_gekoppeld
    assert "Marieke Schouten (juf.groep5@klimop.test) wordt leerkracht van Groep 5" in content
    assert GEHEIM["bsn"] not in content
    assert not Leerling.objects.exists()


@pytest.mark.django_db
def test_confirming_applies_the_edexml_file_and_stores_nothing_ignored(client_for, directeur, leerkracht, ib):
    client = client_for(directeur)
    upload(client, volledig_bestand())
    assert_niets_geheims_bewaard_tijdens_controle()
    response = client.get(CONTROLE)
    response = client.post(
        CONTROLE, {"actie": "bevestigen", "vingerafdruk": response.context["vingerafdruk"]}, follow=True
    )
    assert "De import is uitgevoerd" in response.content.decode()
    assert IMPORT_SESSIE not in client.session
    assert Leerling.objects.get(leerlingnummer="1001").groep.naam == "Groep 5"
    assert list(Groep.objects.get(naam="Groep 5").leerkrachten.all()) == [leerkracht]
    assert_niets_geheims_bewaard()

    upload(client, volledig_bestand())
    assert "Het portaal komt al overeen met dit bestand; er verandert niets." in client.get(CONTROLE).content.decode()


def assert_niets_geheims_bewaard_tijdens_controle():
    """Between preview and confirmation the file waits in the session: reduced, without the ignored values."""
    from django.contrib.sessions.models import Session

    [sessie] = [s for s in Session.objects.all() if IMPORT_SESSIE in s.get_decoded()]
    tekst = sessie.get_decoded()[IMPORT_SESSIE]["tekst"]
    assert "<leerling" in tekst
    for geheim in GEHEIM.values():
        assert geheim not in tekst


@pytest.mark.django_db
def test_a_file_with_errors_lists_them_by_element_and_key(client_for, directeur):
    bestand = edex(groepen=groep("G5", "Groep 5", "5"), leerlingen=leerling("12", achternaam=None, groep="G5"))
    response = upload(client_for(directeur), bestand)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<li>Leerling 12, achternaam: de achternaam ontbreekt.</li>" in content
    assert "niet geïmporteerd; er is niets gewijzigd" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (LACHEN, "bevat een DTD of entiteiten"),
        ("<html><body>x</body></html>", "geen EDEXML-export"),
        ("<EDEX><leerlingen>", "geen leesbaar XML-bestand"),
        (b"<\xff\xfe\x00garbage", "XML"),
    ],
)
def test_attacks_and_non_edexml_get_a_dutch_message_not_a_server_error(client_for, directeur, inhoud, melding):
    response = upload(client_for(directeur), inhoud)
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert not Leerling.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["leerkracht", "ib", "ouder", "trajectbegeleider", "ot_lid"])
def test_only_the_directeur_may_upload_an_edexml_file(client_for, cast, rol):
    client = client_for(cast[rol])
    voor = Leerling.objects.count()
    assert upload(client, volledig_bestand()).status_code == 403
    assert client.get(CONTROLE).status_code == 403
    assert Leerling.objects.count() == voor


@pytest.mark.django_db
def test_anonymous_upload_goes_to_login(client):
    response = upload(client, volledig_bestand())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
