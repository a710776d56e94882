"""The EDEXML import: files in the layout of EDEXML 2.1 (Edustandaard, February 2017), built here."""

import datetime

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models

from klimop.accounts.models import User
from leerlingen.importeren import BestandFout, lees_tekst, maak_plan
from leerlingen.models import Groep, Leerling, Ouder, huidig_schooljaar
from leerlingen.services import importeer_leerlingen
from leerlingen.tests.factories import LeerlingFactory

VANDAAG = datetime.date(2026, 11, 28)
SCHOOLJAAR = huidig_schooljaar(VANDAAG)

# Values the file carries that the portal must never store; long ones are searched as substrings.
GEHEIM = {
    "bsn": "918273645",
    "eckid": "https://id.school/LL_geheim7f3a9c",
    "toevoeging": "Toevoeging-geheim-5521",
    "emailadres": "kind.geheim@voorbeeld.test",
    "gebruikersnaam": "geheimgebruiker77",
    "fotourl": "https://foto.voorbeeld.test/geheim-77.jpg",
    "postcodenl": "9999ZZ",
    "brincode": "99ZZ",
    "auteur": "Geheime Auteur ParnasSys",
    "vestiging": "Vestiging Geheimstraat",
    "groep_omschrijving": "Omschrijving-geheim-8812",
    "tweede_voornaam": "Geheimnaamia",
}
# Short codes can occur by chance inside longer text (e.g. a password hash): no column may hold exactly these.
GEHEIM_KORT = {"land": "MA", "land_vader": "TR", "land_moeder": "SR", "gewicht_nieuw": "0,3", "bsn_ondwnr-4": "2731"}

LEERKRACHT_EMAIL = "juf.groep5@klimop.test"  # the `leerkracht` of the shared cast


def school(versie: str | None = "2.1", schooljaar: str = SCHOOLJAAR) -> str:
    versie_regel = f"<xsdversie>{versie}</xsdversie>" if versie else ""
    return f"""
  <school>
    <schooljaar>{schooljaar}</schooljaar>
    <peildatum>2026-10-01</peildatum>
    <brincode>{GEHEIM["brincode"]}</brincode>
    <dependancecode>00</dependancecode>
    <schoolkey>41323</schoolkey>
    <aanmaakdatum>2026-11-25T14:33:33</aanmaakdatum>
    <auteur>{GEHEIM["auteur"]}</auteur>
    {versie_regel}
    <commentaar>Export voor het portaal</commentaar>
  </school>"""


def leerling(key: str, **velden: str) -> str:
    """One `leerling` with its children in the order of LeerlingType; `velden` replace or add children."""
    volgorde = [
        "achternaam",
        "voorvoegsel",
        "voornamen",
        "voorletters-1",
        "roepnaam",
        "geboortedatum",
        "geslacht",
        "start_ondw_jgr3",
        "jaargroep",
        "groep",
        "samengestelde_groepen",
        "vestiging",
        "gebruikersnaam",
        "emailadres",
        "fotourl",
        "etniciteit",
        "land",
        "land_vader",
        "land_moeder",
        "bsn",
        "bsn_ondwnr-4",
        "gewicht_nieuw",
        "gewicht",
        "postcodenl",
        "instroomdatum",
        "uitstroomdatum",
        "toevoegingen",
        "mutatiedatum",
    ]
    basis = {"achternaam": "Vries", "roepnaam": "Sanne", "geboortedatum": "2017-03-14", "instroomdatum": "2021-03-15"}
    basis.update(velden)
    attributen = f'key="{key}"'
    if "eckid" in basis:
        attributen += f' eckid="{basis.pop("eckid")}"'
    delen = []
    for tag in volgorde:
        waarde = basis.get(tag)
        if waarde is None:
            continue
        if tag == "groep":
            delen.append(f'<groep key="{waarde}"/>')
        elif tag == "vestiging":
            delen.append(f'<vestiging key="{waarde}"/>')
        elif tag in ("samengestelde_groepen", "toevoegingen"):
            delen.append(waarde)
        else:
            delen.append(f"<{tag}>{waarde}</{tag}>")
    return f"<leerling {attributen}>" + "".join(delen) + "</leerling>"


def groep(key: str, naam: str, jaargroep: str, extra: str = "") -> str:
    return f'<groep key="{key}"><naam>{naam}</naam><jaargroep>{jaargroep}</jaargroep>{extra}</groep>'


def leerkracht_xml(key: str, *, achternaam: str, roepnaam: str = "", email: str = "", groepen: str = "") -> str:
    delen = [f"<achternaam>{achternaam}</achternaam>"]
    if roepnaam:
        delen.append(f"<roepnaam>{roepnaam}</roepnaam>")
    if email:
        delen.append(f"<emailadres>{email}</emailadres>")
    delen.append("<rol>LRK</rol>")
    if groepen:
        delen.append(f"<groepen>{groepen}</groepen>")
    return f'<leerkracht key="{key}">' + "".join(delen) + "</leerkracht>"


def edex(*, groepen: str, leerlingen: str, leerkrachten: str = "", versie: str | None = "2.1", **kwargs) -> str:
    leerkrachten_blok = f"<leerkrachten>{leerkrachten}</leerkrachten>" if leerkrachten else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">
  {school(versie, **kwargs)}
  <vestigingen><vestiging key="VH"><naam>{GEHEIM["vestiging"]}</naam></vestiging></vestigingen>
  <groepen>{groepen}</groepen>
  <leerlingen>{leerlingen}</leerlingen>
  {leerkrachten_blok}
</EDEX>
"""


TOEVOEGINGEN = (
    f'<toevoegingen><blok xsi:type="OpmerkingGegevensType"><code>Opmerking X</code>'
    f"<opmerking>{GEHEIM['toevoeging']}</opmerking></blok></toevoegingen>"
)


SAMENGESTELD = '<samengestelde_groepen><samengestelde_groep key="SG1"/></samengestelde_groepen>'


def volledig_bestand(versie: str | None = "2.1") -> str:
    """Every element of EDEXML 2.1 that the issue lists, and the ignored ones with recognisable values."""
    groepen = "".join(
        [
            groep("G5", "Groep 5", "5", f"<omschrijving>{GEHEIM['groep_omschrijving']}</omschrijving>{TOEVOEGINGEN}"),
            '<samengestelde_groep key="SG1"><naam>Plusklas</naam></samengestelde_groep>',
            groep("G78", "Groep 7/8", "C"),
            groep("PEUT", "Peuters", "0"),
            groep("OUD", "Oud-leerlingen", "H"),
        ]
    )
    leerlingen = "".join(
        [
            leerling(
                "1001",
                eckid=GEHEIM["eckid"],
                voorvoegsel="de",
                voornamen=f"Sanne {GEHEIM['tweede_voornaam']}",
                **{"voorletters-1": "SG"},
                geslacht="2",
                start_ondw_jgr3="2023-08-20",
                jaargroep="5",
                groep="G5",
                samengestelde_groepen=SAMENGESTELD,
                vestiging="VH",
                gebruikersnaam=GEHEIM["gebruikersnaam"],
                emailadres=GEHEIM["emailadres"],
                fotourl=GEHEIM["fotourl"],
                land=GEHEIM_KORT["land"],
                land_vader=GEHEIM_KORT["land_vader"],
                land_moeder=GEHEIM_KORT["land_moeder"],
                bsn=GEHEIM["bsn"],
                gewicht_nieuw=GEHEIM_KORT["gewicht_nieuw"],
                postcodenl=GEHEIM["postcodenl"],
                toevoegingen=TOEVOEGINGEN,
                mutatiedatum="2026-09-07T08:47:34",
            ),
            # No roepnaam: the first of the voornamen.
            leerling(
                "1002",
                roepnaam=None,
                achternaam="Bakker",
                voornamen="Daan Pieter",
                geboortedatum="2014-05-02",
                jaargroep="7",
                groep="G78",
                **{"bsn_ondwnr-4": GEHEIM_KORT["bsn_ondwnr-4"]},
                instroomdatum="2018-08-20",
            ),
            leerling(
                "1003", roepnaam="Noor", achternaam="Jansen", geboortedatum="2013-01-09", jaargroep="8", groep="G78"
            ),
            leerling(
                "1004", roepnaam="Mees", achternaam="Visser", geboortedatum="2023-02-01", jaargroep="0", groep="PEUT"
            ),
            # Already in the portal, left last summer.
            leerling(
                "1005",
                roepnaam="Lotte",
                achternaam="Smit",
                geboortedatum="2015-06-01",
                jaargroep="H",
                groep="OUD",
                instroomdatum="2019-08-19",
                uitstroomdatum="2026-07-10",
            ),
            # Left years ago and never in the portal: not added.
            leerling(
                "1006",
                roepnaam="Bram",
                achternaam="Mulder",
                geboortedatum="2010-06-01",
                jaargroep="H",
                instroomdatum="2014-08-19",
                uitstroomdatum="2022-07-10",
            ),
            # Leaves next year: still enrolled.
            leerling(
                "1007",
                roepnaam="Fenna",
                achternaam="Bos",
                geboortedatum="2017-09-01",
                jaargroep="5",
                groep="G5",
                uitstroomdatum="2027-07-10",
            ),
        ]
    )
    leerkrachten = "".join(
        [
            leerkracht_xml(
                "LK1",
                achternaam="Schouten",
                roepnaam="Marieke",
                email=LEERKRACHT_EMAIL.upper(),
                groepen='<groep key="G5"><rol>LRK</rol></groep><samengestelde_groep key="SG1"/>',
            ),
            leerkracht_xml(
                "LK2",
                achternaam="Groot",
                roepnaam="Piet",
                email="piet.groot@elders.test",
                groepen='<groep key="G78"/>',
            ),
            leerkracht_xml("LK3", achternaam="Zonder", roepnaam="Mail", groepen='<groep key="G78"/>'),
            leerkracht_xml(
                "LK4", achternaam="Wijnbergen", roepnaam="Anouk", email="ib@klimop.test", groepen='<groep key="G5"/>'
            ),
        ]
    )
    return edex(groepen=groepen, leerlingen=leerlingen, leerkrachten=leerkrachten, versie=versie)


def tellingen() -> dict:
    return {
        "groepen": Groep.objects.count(),
        "leerlingen": Leerling.objects.count(),
        "uitgeschreven": Leerling.objects.filter(uitgeschreven_op__isnull=False).count(),
        "gebruikers": User.objects.count(),
        "koppelingen": Ouder.objects.count(),
        "groepsleerkrachten": Groep.leerkrachten.through.objects.count(),
    }


def alle_tekstwaarden() -> list[str]:
    """Every value of every CharField and TextField of every table, and every session decoded."""
    waarden = []
    for model in apps.get_models():
        velden = [
            veld.attname
            for veld in model._meta.get_fields()
            if isinstance(veld, models.CharField | models.TextField) and veld.concrete
        ]
        if velden:
            waarden.extend(str(w) for rij in model._default_manager.values_list(*velden) for w in rij if w)
    waarden.extend(str(sessie.get_decoded()) for sessie in Session.objects.all())
    return waarden


def assert_niets_geheims_bewaard() -> None:
    waarden = alle_tekstwaarden()
    assert waarden  # the import did store something
    for naam, geheim in GEHEIM.items():
        assert not any(geheim.lower() in waarde.lower() for waarde in waarden), naam
    for naam, geheim in GEHEIM_KORT.items():
        assert geheim not in waarden, naam


@pytest.fixture
def vertrokken(db):
    return LeerlingFactory(
        leerlingnummer="1005",
        voornaam="Lotte",
        tussenvoegsel="",
        achternaam="Smit",
        geboortedatum=datetime.date(2015, 6, 1),
        ingeschreven_op=datetime.date(2019, 8, 19),
        groep=None,
    )


# --- the full file: preview, apply, again ------------------------------------------------------------


@pytest.mark.django_db
def test_a_full_edexml_21_file_previews_every_listed_element(leerkracht, ib, vertrokken):
    plan = maak_plan(volledig_bestand(), vandaag=VANDAAG)

    assert plan.is_geldig, [str(f) for f in plan.fouten]
    assert (plan.formaat, plan.versie) == ("edexml", "2.1")
    assert plan.nieuwe_groepen == {"Groep 5": 5, "Groep 7/8": 7}  # C: the lowest jaargroep of its pupils
    nieuw = {rij.leerlingnummer: rij for rij in plan.nieuwe_leerlingen}
    assert set(nieuw) == {"1001", "1002", "1003", "1007"}
    sanne = nieuw["1001"]
    assert (sanne.voornaam, sanne.tussenvoegsel, sanne.achternaam) == ("Sanne", "de", "Vries")
    assert (sanne.geboortedatum, sanne.ingeschreven_op) == (datetime.date(2017, 3, 14), datetime.date(2021, 3, 15))
    assert (sanne.groep, sanne.uitgeschreven_op) == ("Groep 5", None)
    assert (nieuw["1002"].voornaam, nieuw["1002"].groep) == ("Daan", "Groep 7/8")
    assert nieuw["1007"].uitgeschreven_op is None  # leaves only next year

    [lotte] = plan.gewijzigde_leerlingen
    assert lotte.leerling == vertrokken
    assert ("uitgeschreven op", "—", "10-07-2026") in [(w.veld, w.oud, w.nieuw) for w in lotte.wijzigingen]

    overgeslagen = {(o.sleutel, o.reden.split(" ")[0]) for o in plan.overgeslagen}
    assert ("SG1", "een") in overgeslagen  # samengestelde groep
    assert {"SG1", "PEUT", "OUD", "1004", "1006"} == {o.sleutel for o in plan.overgeslagen}

    for soort in ("BSN", "land van herkomst", "leerlinggewicht", "postcode", "vestigingen", "ECK-iD", "geslacht"):
        assert any(soort in label for label in plan.genegeerde_gegevens), soort
    assert any("toevoegingen" in label for label in plan.genegeerde_gegevens)
    assert any("bsn_ondwnr-4" in label for label in plan.genegeerde_gegevens)

    gekoppeld = {k.sleutel: k.user for k in plan.gekoppelde_leerkrachten}
    assert gekoppeld == {"LK1": leerkracht}
    assert [(k.groep, k.user) for k in plan.nieuwe_groepsleerkrachten] == [("Groep 5", leerkracht)]
    niet = {k.sleutel: k.reden for k in plan.niet_gekoppelde_leerkrachten}
    assert set(niet) == {"LK2", "LK3", "LK4"}
    assert "geen account" in niet["LK2"]
    assert "geen e-mailadres" in niet["LK3"]
    assert "ziet alle leerlingen al" in niet["LK4"]
    assert not Leerling.objects.filter(leerlingnummer="1001").exists()  # a preview writes nothing


@pytest.mark.django_db
def test_applying_the_full_file_imports_it_and_a_second_import_changes_nothing(leerkracht, ib, vertrokken):
    gebruikers_voor = User.objects.count()
    plan = importeer_leerlingen(inhoud=volledig_bestand().encode(), vandaag=VANDAAG)
    assert plan.heeft_wijzigingen

    sanne = Leerling.objects.get(leerlingnummer="1001")
    assert (sanne.voornaam, sanne.tussenvoegsel, sanne.achternaam, sanne.groep.naam) == (
        "Sanne",
        "de",
        "Vries",
        "Groep 5",
    )
    assert Groep.objects.get(naam="Groep 7/8", schooljaar=SCHOOLJAAR).leerjaar == 7
    assert not Groep.objects.filter(naam__in=["Plusklas", "Peuters", "Oud-leerlingen"]).exists()
    assert not Leerling.objects.filter(leerlingnummer__in=["1004", "1006"]).exists()
    vertrokken.refresh_from_db()
    assert vertrokken.uitgeschreven_op == datetime.date(2026, 7, 10)
    assert list(Groep.objects.get(naam="Groep 5").leerkrachten.all()) == [leerkracht]
    assert User.objects.count() == gebruikers_voor  # no account made for a teacher
    na_eerste = tellingen()

    tweede = maak_plan(volledig_bestand(), vandaag=VANDAAG)
    assert tweede.is_geldig
    assert tweede.aantal_wijzigingen == 0, tweede
    importeer_leerlingen(inhoud=volledig_bestand(), vandaag=VANDAAG)
    assert tellingen() == na_eerste


@pytest.mark.django_db
def test_no_bsn_or_other_ignored_value_reaches_any_text_column(leerkracht, ib, vertrokken):
    importeer_leerlingen(inhoud=volledig_bestand().encode(), vandaag=VANDAAG)
    assert Leerling.objects.filter(leerlingnummer="1001").exists()
    assert_niets_geheims_bewaard()


def test_the_reduced_document_keeps_nothing_that_is_ignored():
    tekst = lees_tekst(volledig_bestand().encode())
    for naam, geheim in GEHEIM.items():
        assert geheim not in tekst, naam
    for tag in (
        "bsn",
        "land",
        "land_vader",
        "land_moeder",
        "gewicht_nieuw",
        "postcodenl",
        "toevoegingen",
        "opmerking",
    ):
        assert f"<{tag}>" not in tekst, tag
    assert "bsn_ondwnr-4>" not in tekst
    assert lees_tekst(tekst.encode()) == tekst  # reducing again changes nothing


# --- versions ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("versie", ["2.0", "1.03", "1.0.3", None])
def test_edexml_20_and_103_and_a_file_without_version_import_the_same_elements(versie, leerkracht, ib, vertrokken):
    plan = maak_plan(volledig_bestand(versie), vandaag=VANDAAG)
    assert plan.is_geldig
    assert plan.versie == (versie or "")
    assert {rij.leerlingnummer for rij in plan.nieuwe_leerlingen} == {"1001", "1002", "1003", "1007"}


@pytest.mark.django_db
@pytest.mark.parametrize("versie", ["3.0", "2.2", "1.1"])
def test_an_unknown_edexml_version_is_refused_naming_the_version(versie):
    with pytest.raises(BestandFout, match=f"versie {versie}. Het portaal leest EDEXML 2.1, 2.0 en 1.0.3"):
        maak_plan(volledig_bestand(versie), vandaag=VANDAAG)


@pytest.mark.django_db
def test_a_file_of_another_school_year_is_refused():
    bestand = edex(groepen=groep("G5", "Groep 5", "5"), leerlingen=leerling("1", groep="G5"), schooljaar="2014-2015")
    with pytest.raises(BestandFout, match="schooljaar 2014-2015; het portaal werkt in schooljaar 2026-2027"):
        maak_plan(bestand, vandaag=VANDAAG)


# --- attacks and files that are not EDEXML -----------------------------------------------------------

LACHEN = (
    '<?xml version="1.0"?><!DOCTYPE EDEX [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10)
    )
    + "]><EDEX><school><schooljaar>&lol9;</schooljaar></school></EDEX>"
)
EXTERN = (
    '<?xml version="1.0"?><!DOCTYPE EDEX [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<EDEX><leerlingen><leerling key='1'><achternaam>&xxe;</achternaam></leerling></leerlingen></EDEX>"
)
PARAMETER = '<?xml version="1.0"?><!DOCTYPE EDEX [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/x.dtd"> %ext;]><EDEX/>'
DTD = '<?xml version="1.0"?><!DOCTYPE EDEX SYSTEM "http://127.0.0.1:9/edex.dtd"><EDEX><leerlingen/></EDEX>'


@pytest.mark.django_db
@pytest.mark.parametrize("aanval", [LACHEN, EXTERN, PARAMETER, DTD], ids=["entiteiten", "extern", "parameter", "dtd"])
def test_xml_attacks_are_refused_before_anything_is_read(aanval):
    with pytest.raises(BestandFout, match="bevat een DTD of entiteiten"):
        maak_plan(aanval.encode(), vandaag=VANDAAG)
    with pytest.raises(BestandFout, match="bevat een DTD of entiteiten"):
        lees_tekst(aanval.encode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b"<html><body>Leerlingen</body></html>", "geen EDEXML-export: het begint met ‘html’"),
        (
            b'<leerlinggegevens xmlns="http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens"/>',
            "geen EDEXML-export",
        ),
        (b"<EDEX><leerlingen>", r"geen leesbaar XML-bestand \(fout op regel 1\)"),
        (b"<<<>>>", "geen leesbaar XML-bestand"),
        (b'<?xml version="1.0" encoding="x-onbekend"?><EDEX/>', "XML-bestand"),
        (b"<EDEX><school><xsdversie>2.1</xsdversie></school><leerlingen/></EDEX>", "bevat geen leerlingen"),
    ],
)
def test_xml_that_is_not_edexml_is_refused_with_a_dutch_message(inhoud, melding):
    with pytest.raises(BestandFout, match=melding):
        maak_plan(inhoud, vandaag=VANDAAG)


@pytest.mark.django_db
def test_edexml_in_iso_8859_1_and_utf_16_is_read():
    tekst = edex(groepen=groep("G5", "Groep 5", "5"), leerlingen=leerling("1", achternaam="Gülen", groep="G5"))
    latijn = tekst.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    for inhoud in (latijn, tekst.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")):
        plan = maak_plan(inhoud, vandaag=VANDAAG)
        assert [rij.achternaam for rij in plan.nieuwe_leerlingen] == ["Gülen"]
