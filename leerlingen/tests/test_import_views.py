import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klimop.accounts.models import Rol
from klimop.accounts.tests.factories import UserFactory
from leerlingen.importeren import MAX_BESTANDSGROOTTE
from leerlingen.models import Leerling, Ouder
from leerlingen.tests.factories import LeerlingFactory
from leerlingen.tests.test_import import VOORBEELD, csv_tekst, rij
from leerlingen.views import IMPORT_SESSIE
from tests.antwoorden import inhoud

IMPORT = reverse("leerlingen:import")
CONTROLE = reverse("leerlingen:import_controle")


def upload(client, inhoud: bytes | str, naam: str = "leerlingen.csv"):
    if isinstance(inhoud, str):
        inhoud = inhoud.encode("utf-8")
    return client.post(IMPORT, {"bestand": SimpleUploadedFile(naam, inhoud, content_type="text/csv")})


def bevestig(client, response=None):
    response = response or client.get(CONTROLE)
    return client.post(
        CONTROLE, {"actie": "bevestigen", "vingerafdruk": response.context["vingerafdruk"]}, follow=True
    )


# --- who may use it -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_directeur_sees_the_upload_form(client_for, directeur):
    response = client_for(directeur).get(IMPORT)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in content
    assert re.search(r'<label\s+for="id_bestand"', content)
    assert "Export uit de leerlingadministratie (CSV)" in content


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["leerkracht", "ib", "ouder", "trajectbegeleider", "ot_lid"])
@pytest.mark.parametrize("url", [IMPORT, CONTROLE])
def test_import_pages_are_forbidden_for_everyone_but_the_directeur(client_for, cast, rol, url):
    client = client_for(cast[rol])
    assert client.get(url).status_code == 403
    assert client.post(url, {"actie": "bevestigen"}).status_code == 403


@pytest.mark.django_db
def test_ib_cannot_apply_a_file_even_with_a_prepared_session(client_for, ib):
    client = client_for(ib)
    sessie = client.session
    sessie[IMPORT_SESSIE] = {"tekst": VOORBEELD.read_text(encoding="utf-8"), "bestandsnaam": "x.csv"}
    sessie.save()
    assert client.post(CONTROLE, {"actie": "bevestigen", "vingerafdruk": ""}).status_code == 403
    assert Leerling.objects.count() == 0


@pytest.mark.parametrize("url", [IMPORT, CONTROLE])
def test_import_pages_send_anonymous_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("url", [IMPORT, CONTROLE])
def test_import_pages_refuse_other_methods(client_for, directeur, url):
    assert client_for(directeur).put(url).status_code == 405
    assert client_for(directeur).delete(url).status_code == 405


@pytest.mark.django_db
def test_portaal_links_the_directeur_and_only_the_directeur_to_the_import(client_for, directeur, ib):
    assert IMPORT in inhoud(client_for(directeur).get(reverse("portaal")))
    assert IMPORT not in inhoud(client_for(ib).get(reverse("portaal")))


# --- upload, preview, confirm ---------------------------------------------------------------------


@pytest.mark.django_db
def test_upload_shows_a_preview_and_changes_nothing_until_confirmed(client_for, directeur):
    client = client_for(directeur)
    response = upload(client, VOORBEELD.read_bytes(), "voorbeeld-leerlingen.csv")
    assert response.status_code == 302
    assert response.url == CONTROLE

    controle = client.get(CONTROLE)
    content = controle.content.decode()
    assert controle.status_code == 200
    assert "Bestand ‘voorbeeld-leerlingen.csv’ met 30 leerlingen" in content
    assert '<th scope="row">Nieuwe leerlingen</th><td>30</td>' in content
    assert "Emma Bakker" in content
    assert "Nieuw: Groep 1/2a (leerjaar 1)" in content
    assert "sabine.deboer@voorbeeld.test: moeder van Nova de Boer, met gezag" in content
    assert "138 wijzigingen doorvoeren" in content
    assert Leerling.objects.count() == 0

    klaar = bevestig(client, controle)
    assert klaar.redirect_chain == [(IMPORT, 302)]
    assert "De import is uitgevoerd: 138 wijzigingen." in klaar.content.decode()
    assert Leerling.objects.count() == 30
    assert IMPORT_SESSIE not in client.session


@pytest.mark.django_db
def test_uploading_the_same_file_again_previews_zero_changes(client_for, directeur):
    client = client_for(directeur)
    upload(client, VOORBEELD.read_bytes())
    bevestig(client)
    upload(client, VOORBEELD.read_bytes())
    content = inhoud(client.get(CONTROLE))
    assert "Het portaal komt al overeen met dit bestand; er verandert niets." in content
    assert '<th scope="row">Ongewijzigde leerlingen</th><td>30</td>' in content
    assert 'value="bevestigen"' not in content


@pytest.mark.django_db
def test_preview_lists_pupils_who_will_be_marked_left(client_for, directeur):
    weg = LeerlingFactory(leerlingnummer="X1", voornaam="Vertrekt", achternaam="Altijd")
    client = client_for(directeur)
    upload(client, VOORBEELD.read_bytes())
    content = client.get(CONTROLE).content.decode()
    assert "Let op: 1 ingeschreven leerling staat niet in het bestand en wordt per" in content
    assert "Vertrekt Altijd" in content
    bevestig(client)
    weg.refresh_from_db()
    assert weg.uitgeschreven_op is not None


@pytest.mark.django_db
def test_cancelling_forgets_the_file_and_changes_nothing(client_for, directeur):
    client = client_for(directeur)
    upload(client, VOORBEELD.read_bytes())
    response = client.post(CONTROLE, {"actie": "annuleren"}, follow=True)
    assert "De import is geannuleerd; er is niets gewijzigd." in response.content.decode()
    assert IMPORT_SESSIE not in client.session
    assert Leerling.objects.count() == 0
    assert client.get(CONTROLE).url == IMPORT


@pytest.mark.django_db
def test_confirming_after_the_portal_changed_asks_to_check_again(client_for, directeur):
    client = client_for(directeur)
    upload(client, VOORBEELD.read_bytes())
    controle = client.get(CONTROLE)
    LeerlingFactory(leerlingnummer="X1")  # would now be marked left, which the preview did not say
    response = bevestig(client, controle)
    assert response.redirect_chain == [(CONTROLE, 302)]
    content = response.content.decode()
    assert "Er is sinds de controle iets veranderd in het portaal" in content
    assert "Let op: 1 ingeschreven leerling" in content
    assert Leerling.objects.count() == 1


@pytest.mark.django_db
def test_confirming_when_a_guardian_email_became_a_staff_account_applies_nothing(client_for, directeur):
    client = client_for(directeur)
    upload(client, VOORBEELD.read_bytes())
    controle = client.get(CONTROLE)
    UserFactory(email="anouk.bakker@voorbeeld.test", rol=Rol.LEERKRACHT)
    response = client.post(CONTROLE, {"actie": "bevestigen", "vingerafdruk": controle.context["vingerafdruk"]})
    content = inhoud(response)
    assert response.status_code == 200
    assert (
        "Regel 2, kolom ouder1_email: anouk.bakker@voorbeeld.test hoort bij een account van een medewerker" in content
    )
    assert 'value="bevestigen"' not in content
    assert Leerling.objects.count() == 0
    assert Ouder.objects.count() == 0


@pytest.mark.django_db
def test_a_tampered_fingerprint_applies_nothing(client_for, directeur):
    client = client_for(directeur)
    upload(client, VOORBEELD.read_bytes())
    client.post(CONTROLE, {"actie": "bevestigen", "vingerafdruk": "0" * 64})
    assert Leerling.objects.count() == 0


@pytest.mark.django_db
def test_preview_without_an_uploaded_file_sends_back_to_the_upload(client_for, directeur):
    response = client_for(directeur).post(CONTROLE, {"actie": "bevestigen"}, follow=True)
    assert response.redirect_chain == [(IMPORT, 302)]
    assert "Er staat geen import klaar." in response.content.decode()


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_with_a_bad_row_names_the_row_and_changes_nothing(client_for, directeur):
    client = client_for(directeur)
    response = upload(client, csv_tekst(rij("1001"), rij("1002", geboortedatum="32-01-2017")), "mei.csv")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Het bestand ‘mei.csv’ is niet geïmporteerd; er is niets gewijzigd." in content
    assert "Regel 3, kolom geboortedatum: ‘32-01-2017’ is geen geldige datum; gebruik dd-mm-jjjj." in content
    assert "Laatst gekozen: mei.csv" in content
    assert IMPORT_SESSIE not in client.session
    assert Leerling.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("groot.csv", b"a" * (MAX_BESTANDSGROOTTE + 1), "Het bestand is 2,0 MB; de grens is 2 MB."),
        ("leerlingen.xlsx", b"PK\x03\x04", "‘leerlingen.xlsx’ is geen CSV-bestand."),
        ("ansi.csv", csv_tekst(rij(achternaam="Gülen")).encode("cp1252"), "Het bestand is niet in UTF-8 opgeslagen"),
        ("kort.csv", b"leerlingnummer;naam\r\n1;Sanne\r\n", "deze kolommen ontbreken: voornaam, achternaam"),
        ("leeg.csv", b"", "Het gekozen bestand is leeg."),
    ],
)
def test_an_unusable_file_gets_a_dutch_error_linked_from_the_summary(client_for, directeur, naam, inhoud, melding):
    response = upload(client_for(directeur), inhoud, naam)
    content = response.content.decode()
    assert response.status_code == 200
    assert melding in content
    assert re.search(rf'<a href="#id_bestand" class="alert-link">[^<]*{re.escape(melding)}', content)
    assert "is-invalid" in content
    assert Leerling.objects.count() == 0


@pytest.mark.django_db
def test_submitting_without_a_file_asks_for_one(client_for, directeur):
    response = client_for(directeur).post(IMPORT, {})
    assert "Kies het CSV-bestand dat u wilt importeren." in response.content.decode()


@pytest.mark.django_db
def test_an_ignored_column_such_as_a_bsn_never_reaches_the_session(client_for, directeur):
    from django.contrib.sessions.models import Session

    kop = ["leerlingnummer", "bsn", "voornaam", "achternaam", "geboortedatum", "groep", "ingeschreven_op"]
    tekst = ";".join(kop) + '\r\n1001;"918273645";Sanne;Vries;14-03-2017;Groep 5;15-03-2021\r\n'
    client = client_for(directeur)
    assert upload(client, tekst).status_code == 302
    assert "Deze kolommen worden genegeerd en niet bewaard: bsn." in client.get(CONTROLE).content.decode()
    assert not any("918273645" in str(sessie.get_decoded()) for sessie in Session.objects.all())
    assert bevestig(client).status_code == 200
    assert Leerling.objects.get(leerlingnummer="1001").voornaam == "Sanne"
