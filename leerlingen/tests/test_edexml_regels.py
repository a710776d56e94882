"""The EDEXML import, rule by rule: errors by element and key, teachers, guardians, jaargroep, the command."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from klimop.accounts.models import Rol, User
from klimop.accounts.tests.factories import UserFactory
from leerlingen.importeren import maak_plan
from leerlingen.models import Groep, Leerling, Ouder
from leerlingen.services import ImportGeweigerd, importeer_leerlingen
from leerlingen.tests.factories import GroepFactory, LeerlingFactory
from leerlingen.tests.test_edexml import (
    LACHEN,
    LEERKRACHT_EMAIL,
    SCHOOLJAAR,
    VANDAAG,
    edex,
    groep,
    leerkracht_xml,
    leerling,
    tellingen,
    volledig_bestand,
)


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


# --- errors by element and key ------------------------------------------------------------------------


@pytest.mark.django_db
def test_errors_name_the_element_and_key_and_nothing_changes():
    voor = tellingen()
    bestand = edex(
        groepen=groep("G5", "Groep 5", "5") + groep("GX", "Groep X", "Q"),
        leerlingen="".join(
            [
                leerling("1", groep="G5"),
                leerling("2", achternaam=None, groep="G5"),
                leerling("3", geboortedatum="14-03-2017", groep="G5"),
                leerling("4", groep="G9"),
                leerling("5", geboortedatum="2030-01-01", groep="G5"),
                leerling("6", instroomdatum="2022-01-01", uitstroomdatum="2021-01-01", groep="G5"),
                leerling("1", groep="G5"),
                leerling("7", instroomdatum=None, groep="G5"),
            ]
        ),
    )
    with pytest.raises(ImportGeweigerd) as fout:
        importeer_leerlingen(inhoud=bestand, vandaag=VANDAAG)
    assert [str(f) for f in fout.value.fouten] == [
        "Groep GX, jaargroep: onbekende jaargroep ‘Q’; EDEXML kent 1 tot en met 8, C, S en enkele andere.",
        "Leerling 2, achternaam: de achternaam ontbreekt.",
        "Leerling 3, geboortedatum: ‘14-03-2017’ is geen geldige datum; EDEXML schrijft jjjj-mm-dd.",
        "Leerling 4, groep: verwijst naar groep G9, die niet als groep in het bestand staat.",
        "Leerling 5, geboortedatum: de geboortedatum ligt in de toekomst.",
        "Leerling 5, instroomdatum: de instroomdatum ligt vóór de geboortedatum.",
        "Leerling 6, uitstroomdatum: de uitstroomdatum ligt vóór de instroomdatum.",
        "Leerling 1, key: deze key staat twee keer in het bestand.",
        "Leerling 7, instroomdatum: de instroomdatum ontbreekt; die is nodig voor een nieuwe leerling.",
    ]
    assert tellingen() == voor


@pytest.mark.django_db
@pytest.mark.parametrize("sleutel", ["10&#10;01", "10&#9;01", "10&quot;01", "10 01", "10\u00e901", "1" * 21])
def test_a_pupil_key_with_a_newline_or_other_junk_is_refused(sleutel):
    bestand = edex(groepen=groep("G5", "Groep 5", "5"), leerlingen=leerling(sleutel, groep="G5"))
    plan = maak_plan(bestand, vandaag=VANDAAG)
    [fout] = plan.fouten
    assert str(fout).startswith("Leerling ")
    assert fout.kolom == "key"
    assert "leerlingnummer" in fout.melding
    assert "\n" not in str(fout) and "\t" not in str(fout)


@pytest.mark.django_db
def test_an_existing_pupil_without_instroomdatum_keeps_the_portals_date(vertrokken):
    bestand = edex(
        groepen=groep("G5", "Groep 5", "5"),
        leerlingen=leerling(
            "1005", roepnaam="Lotte", achternaam="Smit", geboortedatum="2015-06-01", instroomdatum=None, groep="G5"
        ),
    )
    plan = maak_plan(bestand, vandaag=VANDAAG)
    assert plan.is_geldig
    [wijziging] = plan.gewijzigde_leerlingen
    assert [w.veld for w in wijziging.wijzigingen] == ["groep"]


# --- teachers -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_teachers_are_linked_only_to_an_active_teacher_account_with_their_email(leerkracht, ouder):
    gestopt = UserFactory(email="gestopt@klimop.test", rol=Rol.LEERKRACHT, is_active=False)
    bestand = edex(
        groepen=groep("G5", "Groep 5", "5"),
        leerlingen=leerling("1", groep="G5"),
        leerkrachten="".join(
            [
                leerkracht_xml(
                    "A", achternaam="Schouten", email=f" {LEERKRACHT_EMAIL.title()} ", groepen='<groep key="G5"/>'
                ),
                leerkracht_xml("B", achternaam="Gestopt", email=gestopt.email, groepen='<groep key="G5"/>'),
                leerkracht_xml("C", achternaam="Ouder", email=ouder.email, groepen='<groep key="G5"/>'),
                leerkracht_xml("D", achternaam="Fout", email="geen-adres", groepen='<groep key="G5"/>'),
            ]
        ),
    )
    plan = maak_plan(bestand, vandaag=VANDAAG)
    assert plan.is_geldig
    assert [k.sleutel for k in plan.gekoppelde_leerkrachten] == ["A"]
    redenen = {k.sleutel: k.reden for k in plan.niet_gekoppelde_leerkrachten}
    assert "gedeactiveerd" in redenen["B"]
    assert "geen account van een leerkracht" in redenen["C"]
    assert "geen geldig e-mailadres" in redenen["D"]
    gebruikers = User.objects.count()
    importeer_leerlingen(inhoud=bestand, vandaag=VANDAAG)
    assert list(Groep.objects.get(naam="Groep 5").leerkrachten.all()) == [leerkracht]
    assert User.objects.count() == gebruikers


@pytest.mark.django_db
def test_a_teacher_already_linked_to_the_group_is_no_change(leerkracht):
    GroepFactory(naam="Groep 5", leerjaar=5, schooljaar=SCHOOLJAAR, leerkrachten=[leerkracht])
    bestand = edex(
        groepen=groep("G5", "groep 5", "5"),
        leerlingen=leerling("1", groep="G5"),
        leerkrachten=leerkracht_xml("A", achternaam="Schouten", email=LEERKRACHT_EMAIL, groepen='<groep key="G5"/>'),
    )
    plan = maak_plan(bestand, vandaag=VANDAAG)
    assert plan.gekoppelde_leerkrachten and not plan.nieuwe_groepsleerkrachten


# --- guardians after an EDEXML import -------------------------------------------------------------------

OUDERKOP = "leerlingnummer;ouder1_voornaam;ouder1_achternaam;ouder1_email;ouder1_relatie;ouder1_gezag\r\n"


@pytest.mark.django_db
def test_a_csv_of_guardians_alone_is_accepted_after_an_edexml_import(leerkracht, ib, vertrokken):
    importeer_leerlingen(inhoud=volledig_bestand(), vandaag=VANDAAG)
    ingeschreven = Leerling.objects.filter(uitgeschreven_op__isnull=True).count()
    ouders = (
        OUDERKOP
        + "1001;Ingrid;de Vries;ingrid@voorbeeld.test;moeder;ja\r\n1002;Mark;Bakker;mark@voorbeeld.test;vader;nee\r\n"
    )

    plan = maak_plan(ouders, vandaag=VANDAAG)
    assert plan.is_geldig, [str(f) for f in plan.fouten]
    assert plan.formaat == "csv_ouders"
    assert (len(plan.nieuwe_accounts), len(plan.nieuwe_koppelingen), len(plan.uitgeschreven)) == (2, 2, 0)
    assert not plan.nieuwe_leerlingen and not plan.gewijzigde_leerlingen
    assert plan.nieuwe_koppelingen[0].rij.volledige_naam == "Sanne de Vries"

    importeer_leerlingen(inhoud=ouders, vandaag=VANDAAG)
    koppeling = Ouder.objects.get(leerling__leerlingnummer="1002")
    assert (koppeling.user.email, koppeling.relatie, koppeling.gezag) == ("mark@voorbeeld.test", "vader", False)
    assert Leerling.objects.filter(uitgeschreven_op__isnull=True).count() == ingeschreven
    assert maak_plan(ouders, vandaag=VANDAAG).aantal_wijzigingen == 0
    # The next EDEXML import leaves the guardians alone.
    assert maak_plan(volledig_bestand(), vandaag=VANDAAG).aantal_wijzigingen == 0
    assert Ouder.objects.count() == 2


@pytest.mark.django_db
def test_a_guardians_csv_naming_an_unknown_pupil_or_a_bad_number_changes_nothing():
    LeerlingFactory(leerlingnummer="1001")
    ouders = OUDERKOP + '8888;Ingrid;Vries;i@voorbeeld.test;moeder;ja\r\n"10\n01";Ab;Cd;a@voorbeeld.test;vader;ja\r\n'
    with pytest.raises(ImportGeweigerd) as fout:
        importeer_leerlingen(inhoud=ouders, vandaag=VANDAAG)
    meldingen = [str(f) for f in fout.value.fouten]
    assert meldingen[0].startswith("Regel 2, kolom leerlingnummer: leerlingnummer 8888 staat niet in het portaal")
    assert meldingen[1].startswith("Regel 3, kolom leerlingnummer: het leerlingnummer bevat een regeleinde")
    assert not Ouder.objects.exists()


@pytest.mark.django_db
def test_a_full_csv_refuses_a_pupil_number_with_a_newline():
    from leerlingen.tests.test_import import csv_tekst, rij

    plan = maak_plan(csv_tekst(rij('"10\n01"', ouder1_email="ingrid@voorbeeld.test")), vandaag=VANDAAG)
    assert [str(f) for f in plan.fouten] == [
        "Regel 2, kolom leerlingnummer: het leerlingnummer bevat een regeleinde, spatie of ander teken dat niet in "
        "een leerlingnummer hoort; alleen letters, cijfers en - _ . / zijn toegestaan."
    ]


# --- the management command ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_detects_edexml_previews_and_applies(tmp_path, leerkracht, ib, vertrokken, monkeypatch):
    from leerlingen.importeren import vergelijken

    monkeypatch.setattr(vergelijken.timezone, "localdate", lambda: VANDAAG)
    bestand = tmp_path / "export.xml"
    bestand.write_text(volledig_bestand(), encoding="utf-8")
    uit = StringIO()
    call_command("importeer_leerlingen", str(bestand), stdout=uit)
    tekst = uit.getvalue()
    assert tekst.startswith("EDEXML 2.1. Schooljaar 2026-2027")
    assert "Genegeerd en niet bewaard: " in tekst and "BSN" in tekst
    assert "Overgeslagen: samengestelde groep SG1 Plusklas" in tekst
    assert "Niet gekoppeld: leerkracht LK2 Piet Groot: geen account" in tekst
    assert "+ leerkracht juf.groep5@klimop.test bij Groep 5" in tekst
    assert not Leerling.objects.filter(leerlingnummer="1001").exists()

    call_command("importeer_leerlingen", str(bestand), "--apply", stdout=StringIO())
    assert Leerling.objects.filter(leerlingnummer="1001").exists()
    uit = StringIO()
    call_command("importeer_leerlingen", str(bestand), "--apply", stdout=uit)
    assert "er verandert niets" in uit.getvalue()


@pytest.mark.django_db
def test_command_refuses_an_attack_with_a_dutch_message(tmp_path):
    bestand = tmp_path / "export.xml"
    bestand.write_text(LACHEN, encoding="utf-8")
    with pytest.raises(CommandError, match="bevat een DTD of entiteiten"):
        call_command("importeer_leerlingen", str(bestand))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("naam", "jaargroep", "leerlingen_jaargroep", "uitkomst"),
    [
        ("Groep 5", "5", ["5"], 5),
        ("Combinatie", "C", ["6", "5"], 5),  # combination group: the lowest jaargroep of its pupils
        ("Groep 4/5", "C", [], 4),  # no pupil jaargroep: the first digit of the name
        ("Speciaal", "S", [], "overgeslagen"),
        ("Baby's", "B", [], "overgeslagen"),
        ("Dreumesen", "D", [], "overgeslagen"),
        ("Brugklas", "11", [], "overgeslagen"),
        ("VSO", "V", [], "overgeslagen"),
        ("Naschool", "N", [], "overgeslagen"),
        ("Vreemd", "Q", [], "fout"),
    ],
)
def test_the_jaargroep_values_of_the_standard(naam, jaargroep, leerlingen_jaargroep, uitkomst):
    leerlingen = "".join(
        leerling(str(n), jaargroep=j, groep="G") for n, j in enumerate(leerlingen_jaargroep or ["x"], start=1)
    )
    bestand = edex(groepen=groep("G", naam, jaargroep), leerlingen=leerlingen)
    plan = maak_plan(bestand, vandaag=VANDAAG)
    if uitkomst == "fout":
        assert [f.kolom for f in plan.fouten] == ["jaargroep"]
    elif uitkomst == "overgeslagen":
        assert plan.is_geldig
        assert "G" in {o.sleutel for o in plan.overgeslagen}
        assert not plan.nieuwe_groepen and not plan.nieuwe_leerlingen
    else:
        assert plan.nieuwe_groepen == {naam: uitkomst}
