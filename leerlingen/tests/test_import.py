import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klimop.accounts.models import Rol, User
from klimop.accounts.tests.factories import UserFactory
from leerlingen.importeren import BestandFout, maak_plan
from leerlingen.models import Groep, Leerling, Ouder, huidig_schooljaar
from leerlingen.services import ImportGeweigerd, importeer_leerlingen
from leerlingen.tests.factories import GroepFactory, LeerlingFactory, OuderFactory

VOORBEELD = Path(settings.BASE_DIR) / "docs" / "voorbeeld-leerlingen.csv"
KOP = [
    "leerlingnummer",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "groep",
    "leerjaar",
    "ingeschreven_op",
    "uitgeschreven_op",
    "ouder1_voornaam",
    "ouder1_achternaam",
    "ouder1_email",
    "ouder1_relatie",
    "ouder1_gezag",
    "ouder2_voornaam",
    "ouder2_achternaam",
    "ouder2_email",
    "ouder2_relatie",
    "ouder2_gezag",
]
VANDAAG = datetime.date(2026, 11, 28)


def rij(nummer="1001", **velden) -> dict:
    basis = {
        "leerlingnummer": nummer,
        "voornaam": "Sanne",
        "tussenvoegsel": "de",
        "achternaam": "Vries",
        "geboortedatum": "14-03-2017",
        "groep": "Groep 5",
        "leerjaar": "5",
        "ingeschreven_op": "15-03-2021",
        "uitgeschreven_op": "",
        "ouder1_voornaam": "Ingrid",
        "ouder1_achternaam": "de Vries",
        "ouder1_email": f"ingrid.{nummer}@voorbeeld.test",
        "ouder1_relatie": "moeder",
        "ouder1_gezag": "ja",
        "ouder2_voornaam": "",
        "ouder2_achternaam": "",
        "ouder2_email": "",
        "ouder2_relatie": "",
        "ouder2_gezag": "",
    }
    basis.update(velden)
    return basis


def csv_tekst(*rijen: dict, scheiding: str = ";", kop: list[str] = KOP) -> str:
    regels = [scheiding.join(kop)] + [scheiding.join(r.get(k, "") for k in kop) for r in rijen]
    return "\r\n".join(regels) + "\r\n"


def tellingen() -> dict:
    return {
        "groepen": Groep.objects.count(),
        "leerlingen": Leerling.objects.count(),
        "ouders": User.objects.filter(rol=Rol.OUDER).count(),
        "koppelingen": Ouder.objects.count(),
        "uitgeschreven": Leerling.objects.filter(uitgeschreven_op__isnull=False).count(),
    }


# --- the sample file and all-or-nothing ---------------------------------------------------------


@pytest.mark.django_db
def test_importing_the_sample_twice_changes_nothing_the_second_time():
    inhoud = VOORBEELD.read_bytes()
    eerste = importeer_leerlingen(inhoud=inhoud)
    na_eerste = tellingen()
    assert na_eerste == {"groepen": 5, "leerlingen": 30, "ouders": 50, "koppelingen": 53, "uitgeschreven": 1}
    assert len(eerste.nieuwe_leerlingen) == 30
    assert Groep.objects.filter(schooljaar=huidig_schooljaar()).count() == 5

    tweede = maak_plan(inhoud)
    assert tweede.is_geldig
    assert tweede.aantal_wijzigingen == 0
    assert not tweede.heeft_wijzigingen
    assert len(tweede.ongewijzigde_leerlingen) == 30
    importeer_leerlingen(inhoud=inhoud)
    assert tellingen() == na_eerste


@pytest.mark.django_db
def test_sample_file_has_pupils_in_several_groups_siblings_and_a_guardian_without_gezag():
    importeer_leerlingen(inhoud=VOORBEELD.read_bytes())
    moeder = User.objects.get(email="sabine.deboer@voorbeeld.test")
    assert moeder.ouderschappen.count() == 2
    assert not moeder.has_usable_password()
    assert Ouder.objects.filter(gezag=False, relatie="verzorger").exists()
    assert Leerling.objects.get(leerlingnummer="24025").achternaam == "Yılmaz"


@pytest.mark.django_db
def test_a_file_with_one_bad_row_changes_nothing_and_names_the_row():
    bestaand = LeerlingFactory(leerlingnummer="24001", voornaam="Oud")
    voor = tellingen()
    inhoud = (
        VOORBEELD.read_text(encoding="utf-8") + csv_tekst(rij("99999", geboortedatum="31-02-2018")).split("\r\n", 1)[1]
    )
    with pytest.raises(ImportGeweigerd) as fout:
        importeer_leerlingen(inhoud=inhoud)
    assert [str(f) for f in fout.value.fouten] == [
        "Regel 32, kolom geboortedatum: ‘31-02-2018’ is geen geldige datum; gebruik dd-mm-jjjj."
    ]
    assert tellingen() == voor
    bestaand.refresh_from_db()
    assert bestaand.voornaam == "Oud"


@pytest.mark.django_db
def test_a_bad_row_found_only_while_applying_rolls_back_everything(monkeypatch):
    from leerlingen import services

    def kapot(plan):
        raise RuntimeError("database weg")

    monkeypatch.setattr(services, "_koppel_ouders", kapot)
    with pytest.raises(RuntimeError):
        importeer_leerlingen(inhoud=VOORBEELD.read_bytes())
    assert tellingen() == {"groepen": 0, "leerlingen": 0, "ouders": 0, "koppelingen": 0, "uitgeschreven": 0}


# --- validation rules -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("velden", "kolom", "melding"),
    [
        ({"voornaam": ""}, "voornaam", "dit veld is verplicht maar leeg."),
        ({"leerlingnummer": ""}, "leerlingnummer", "dit veld is verplicht maar leeg."),
        ({"groep": ""}, "groep", "dit veld is verplicht maar leeg."),
        ({"geboortedatum": "31-02-2018"}, "geboortedatum", "‘31-02-2018’ is geen geldige datum; gebruik dd-mm-jjjj."),
        ({"ingeschreven_op": "maart 2021"}, "ingeschreven_op", "‘maart 2021’ is geen geldige datum"),
        ({"geboortedatum": "01-01-2030"}, "geboortedatum", "de geboortedatum ligt in de toekomst."),
        ({"ingeschreven_op": "01-01-2016"}, "ingeschreven_op", "de inschrijfdatum ligt vóór de geboortedatum."),
        ({"uitgeschreven_op": "01-01-2021"}, "uitgeschreven_op", "de uitschrijfdatum ligt vóór de inschrijfdatum."),
        ({"leerjaar": "9"}, "leerjaar", "vul een leerjaar van 1 tot en met 8 in."),
        ({"leerjaar": "", "groep": "Kleuters"}, "leerjaar", "vul het leerjaar in; het staat niet in de groepsnaam."),
        ({"leerlingnummer": "1" * 21}, "leerlingnummer", "te lang: maximaal 20 tekens."),
        ({"ouder1_relatie": "oma"}, "ouder1_relatie", "onbekende relatie ‘oma’; kies moeder, vader, verzorger"),
        ({"ouder1_email": "ingrid@"}, "ouder1_email", "‘ingrid@’ is geen geldig e-mailadres."),
        ({"ouder1_gezag": "soms"}, "ouder1_gezag", "‘soms’ is geen ja of nee; vul ja of nee in."),
        ({"ouder1_email": ""}, "ouder1_email", "verplicht als er gegevens van ouder 1 zijn ingevuld."),
        ({"ouder2_voornaam": "Piet"}, "ouder2_relatie", "verplicht als er gegevens van ouder 2 zijn ingevuld."),
        (
            {"ouder2_achternaam": "Vries", "ouder2_email": "INGRID.1001@voorbeeld.test"},
            "ouder2_email",
            "hetzelfde e-mailadres als ouder 1.",
        ),
    ],
)
def test_each_bad_value_is_rejected_with_line_column_and_dutch_message(velden, kolom, melding):
    plan = maak_plan(csv_tekst(rij("1000"), rij(**velden)), vandaag=VANDAAG)
    assert not plan.is_geldig
    assert [(f.regel, f.kolom) for f in plan.fouten if f.kolom == kolom] == [(3, kolom)]
    assert melding in next(str(f) for f in plan.fouten if f.kolom == kolom)
    assert all(f.regel == 3 for f in plan.fouten)


@pytest.mark.django_db
def test_iso_dates_upper_case_choices_and_missing_leerjaar_are_accepted():
    tekst = csv_tekst(
        rij(
            geboortedatum="2017-03-14",
            ingeschreven_op="2021-03-15",
            leerjaar="",
            groep="Groep 1/2a",
            ouder1_relatie="Moeder",
            ouder1_gezag="JA",
        )
    )
    plan = maak_plan(tekst, vandaag=VANDAAG)
    assert plan.is_geldig, plan.fouten
    assert plan.rijen[0].geboortedatum == datetime.date(2017, 3, 14)
    assert plan.rijen[0].leerjaar == 1
    assert plan.nieuwe_groepen == {"Groep 1/2a": 1}


@pytest.mark.django_db
def test_duplicate_leerlingnummer_names_both_lines():
    plan = maak_plan(csv_tekst(rij("1001"), rij("1002"), rij("1001", voornaam="Tim")), vandaag=VANDAAG)
    assert [str(f) for f in plan.fouten] == [
        "Regel 4, kolom leerlingnummer: leerlingnummer 1001 staat ook op regel 2."
    ]


@pytest.mark.django_db
def test_one_group_with_two_leerjaren_is_rejected():
    plan = maak_plan(csv_tekst(rij("1001"), rij("1002", leerjaar="6")), vandaag=VANDAAG)
    assert [str(f) for f in plan.fouten] == [
        "Regel 3, kolom leerjaar: Groep 5 heeft hier leerjaar 6, maar op regel 2 leerjaar 5."
    ]


@pytest.mark.django_db
def test_a_row_with_more_fields_than_the_header_is_rejected():
    tekst = csv_tekst(rij("1001")) + "1002;Tim;;Jansen, van;extra;" + ";" * 20 + "\r\n"
    plan = maak_plan(tekst, vandaag=VANDAAG)
    assert len(plan.fouten) == 1
    assert plan.fouten[0].regel == 3
    assert "staat er een scheidingsteken in een naam?" in str(plan.fouten[0])


@pytest.mark.django_db
def test_line_numbers_count_blank_lines_and_quoted_line_breaks():
    kop = ";".join(KOP)
    goed = ";".join(rij("1001").values())
    naam_met_regeleinde = ";".join(rij("1002", voornaam='"Anna\r\nMaria"').values())
    fout = ";".join(rij("1003", geboortedatum="gisteren").values())
    plan = maak_plan("\r\n".join([kop, goed, "", naam_met_regeleinde, fout]), vandaag=VANDAAG)
    assert [(f.regel, f.kolom) for f in plan.fouten] == [(6, "geboortedatum")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b"", "Het bestand is leeg."),
        (";".join(KOP).encode(), "alleen een kopregel"),
        (b"leerlingnummer;voornaam\r\n1;Sanne\r\n", "deze kolommen ontbreken: achternaam, geboortedatum, groep"),
        (csv_tekst(rij(), kop=[*KOP, "voornaam"]).encode(), "twee keer: voornaam"),
        (csv_tekst(rij(achternaam="Gülen")).encode("cp1252", errors="replace"), "niet in UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "Dit is geen CSV-bestand"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(inhoud, melding):
    with pytest.raises(BestandFout, match=melding):
        maak_plan(inhoud, vandaag=VANDAAG)


@pytest.mark.django_db
def test_comma_delimiter_bom_header_case_and_extra_columns_are_accepted():
    kop = [k.capitalize() for k in KOP] + ["BSN"]
    inhoud = "\ufeff" + csv_tekst(
        {**{k.capitalize(): v for k, v in rij().items()}, "BSN": "123456782"}, scheiding=",", kop=kop
    )
    plan = maak_plan(inhoud.encode("utf-8"), vandaag=VANDAAG)
    assert plan.is_geldig, plan.fouten
    assert plan.genegeerde_kolommen == ["bsn"]
    assert plan.rijen[0].leerlingnummer == "1001"


# --- comparing with what the portal has -----------------------------------------------------------


@pytest.mark.django_db
def test_pupils_missing_from_the_file_are_marked_left_only_when_currently_enrolled():
    blijft = LeerlingFactory(leerlingnummer="1001")
    vertrekt = LeerlingFactory(leerlingnummer="2001")
    al_weg = LeerlingFactory(
        leerlingnummer="2002", ingeschreven_op=datetime.date(2020, 8, 17), uitgeschreven_op=datetime.date(2026, 7, 1)
    )
    komt_nog = LeerlingFactory(leerlingnummer="2003", ingeschreven_op=datetime.date(2027, 1, 5))
    al_weg_datum = al_weg.uitgeschreven_op

    plan = maak_plan(csv_tekst(rij("1001")), vandaag=VANDAAG)
    assert plan.uitgeschreven == [vertrekt]
    importeer_leerlingen(inhoud=csv_tekst(rij("1001")), vandaag=VANDAAG)

    for leerling in (blijft, vertrekt, al_weg, komt_nog):
        leerling.refresh_from_db()
    assert vertrekt.uitgeschreven_op == VANDAAG
    assert blijft.uitgeschreven_op is None
    assert al_weg.uitgeschreven_op == al_weg_datum
    assert komt_nog.uitgeschreven_op is None
    assert maak_plan(csv_tekst(rij("1001")), vandaag=VANDAAG).uitgeschreven == []


@pytest.mark.django_db
def test_an_invalid_file_marks_nobody_as_left():
    LeerlingFactory(leerlingnummer="1002")
    plan = maak_plan(csv_tekst(rij("1001"), rij("1002", geboortedatum="x")), vandaag=VANDAAG)
    assert plan.uitgeschreven == []


@pytest.mark.django_db
def test_changed_pupils_are_listed_field_by_field_and_updated():
    vorig_jaar = GroepFactory(naam="Groep 4", leerjaar=4, schooljaar="2025-2026")
    leerling = LeerlingFactory(
        leerlingnummer="1001",
        voornaam="Sanne",
        tussenvoegsel="de",
        achternaam="Vries",
        geboortedatum=datetime.date(2017, 3, 14),
        ingeschreven_op=datetime.date(2021, 3, 15),
        uitgeschreven_op=datetime.date(2026, 9, 1),
        groep=vorig_jaar,
    )
    tekst = csv_tekst(rij("1001", achternaam="Vries-Bakker"))
    plan = maak_plan(tekst, vandaag=VANDAAG)
    [wijziging] = plan.gewijzigde_leerlingen
    assert [(w.veld, w.oud, w.nieuw) for w in wijziging.wijzigingen] == [
        ("achternaam", "Vries", "Vries-Bakker"),
        ("uitgeschreven op", "01-09-2026", "—"),
        ("groep", "Groep 4 (2025-2026)", "Groep 5"),
    ]
    importeer_leerlingen(inhoud=tekst, vandaag=VANDAAG)
    leerling.refresh_from_db()
    assert leerling.achternaam == "Vries-Bakker"
    assert leerling.uitgeschreven_op is None
    assert (leerling.groep.naam, leerling.groep.schooljaar) == ("Groep 5", huidig_schooljaar(VANDAAG))


@pytest.mark.django_db
def test_existing_groups_are_matched_by_name_regardless_of_case_and_leerjaar_is_corrected():
    groep = GroepFactory(naam="Groep 5", leerjaar=4, schooljaar=huidig_schooljaar(VANDAAG))
    tekst = csv_tekst(rij("1001", groep="groep 5"))
    plan = maak_plan(tekst, vandaag=VANDAAG)
    assert plan.nieuwe_groepen == {}
    assert plan.gewijzigde_groepen == [(groep, 5)]
    importeer_leerlingen(inhoud=tekst, vandaag=VANDAAG)
    groep.refresh_from_db()
    assert groep.leerjaar == 5
    assert Leerling.objects.get().groep == groep


# --- guardians ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_guardians_are_matched_by_email_ignoring_case_and_new_ones_get_an_account_without_password():
    bekend = UserFactory(email="ingrid.1001@voorbeeld.test", rol=Rol.OUDER, first_name="Ingrid")
    tekst = csv_tekst(
        rij("1001", ouder1_email="Ingrid.1001@Voorbeeld.TEST"),
        rij(
            "1002",
            voornaam="Tim",
            ouder1_email="INGRID.1001@voorbeeld.test",
            ouder2_voornaam="Kees",
            ouder2_achternaam="de Vries",
            ouder2_email="kees@voorbeeld.test",
            ouder2_relatie="vader",
            ouder2_gezag="nee",
        ),
    )
    plan = maak_plan(tekst, vandaag=VANDAAG)
    assert list(plan.nieuwe_accounts) == ["kees@voorbeeld.test"]
    assert len(plan.nieuwe_koppelingen) == 3
    importeer_leerlingen(inhoud=tekst, vandaag=VANDAAG)

    assert bekend.ouderschappen.count() == 2
    kees = User.objects.get(email="kees@voorbeeld.test")
    assert (kees.rol, kees.first_name, kees.last_name, kees.has_usable_password()) == (
        Rol.OUDER,
        "Kees",
        "de Vries",
        False,
    )
    koppeling = Ouder.objects.get(user=kees)
    assert (koppeling.leerling.voornaam, koppeling.relatie, koppeling.gezag) == ("Tim", "vader", False)
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_changed_relatie_or_gezag_is_shown_and_updated_and_other_links_stay():
    leerling = LeerlingFactory(leerlingnummer="1001")
    ouder = OuderFactory(leerling=leerling, user__email="ingrid.1001@voorbeeld.test", relatie="moeder", gezag=True)
    handmatig = OuderFactory(leerling=leerling, user__email="oma@voorbeeld.test", relatie="anders")
    tekst = csv_tekst(rij("1001", ouder1_relatie="voogd", ouder1_gezag="nee"))
    [koppeling] = maak_plan(tekst, vandaag=VANDAAG).gewijzigde_koppelingen
    assert (koppeling.oud_relatie, koppeling.oud_gezag, koppeling.relatie, koppeling.gezag) == (
        "moeder",
        True,
        "voogd",
        False,
    )
    importeer_leerlingen(inhoud=tekst, vandaag=VANDAAG)
    ouder.refresh_from_db()
    assert (ouder.relatie, ouder.gezag) == ("voogd", False)
    assert Ouder.objects.filter(pk=handmatig.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", [Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR, Rol.TRAJECTBEGELEIDER, Rol.OT_LID])
def test_an_email_of_a_staff_account_is_refused_and_nothing_changes(rol):
    UserFactory(email="juf@klimop.test", rol=rol)
    tekst = csv_tekst(rij("1001"), rij("1002", ouder1_email="Juf@klimop.test"))
    with pytest.raises(ImportGeweigerd) as fout:
        importeer_leerlingen(inhoud=tekst, vandaag=VANDAAG)
    assert [(f.regel, f.kolom) for f in fout.value.fouten] == [(3, "ouder1_email")]
    assert "juf@klimop.test hoort bij een account van een medewerker" in str(fout.value.fouten[0])
    assert Leerling.objects.count() == 0
    assert User.objects.count() == 1


# --- cost -----------------------------------------------------------------------------------------


def _bestand(aantal: int, start: int = 1000) -> str:
    return csv_tekst(
        *(
            rij(
                str(start + i),
                groep=f"Groep {i % 8 + 1}",
                leerjaar=str(i % 8 + 1),
                ouder2_voornaam="Kees",
                ouder2_achternaam="de Vries",
                ouder2_email=f"kees.{start + i}@voorbeeld.test",
                ouder2_relatie="vader",
                ouder2_gezag="ja",
            )
            for i in range(aantal)
        )
    )


def _maak_leeg():
    Ouder.objects.all().delete()
    Leerling.objects.all().delete()
    Groep.objects.all().delete()
    User.objects.filter(rol=Rol.OUDER).delete()


@pytest.mark.django_db
def test_applying_twice_as_many_rows_costs_no_more_queries():
    # Sizes stay below SQLite's bulk-insert batch (999 variables), which would add a query per batch.
    with CaptureQueriesContext(connection) as klein:
        importeer_leerlingen(inhoud=_bestand(10), vandaag=VANDAAG)
    _maak_leeg()
    with CaptureQueriesContext(connection) as groot:
        importeer_leerlingen(inhoud=_bestand(20, start=5000), vandaag=VANDAAG)
    assert Leerling.objects.count() == 20
    assert len(groot.captured_queries) == len(klein.captured_queries) <= 20


@pytest.mark.django_db
def test_an_import_that_adds_updates_and_marks_left_stays_within_a_fixed_number_of_queries():
    importeer_leerlingen(inhoud=_bestand(40), vandaag=VANDAAG)
    # Rows 1010-1049: ten pupils leave, ten arrive, ten links change, pupils move group.
    volgende = _bestand(40, start=1010).replace(";moeder;ja;", ";verzorger;ja;", 10)
    with CaptureQueriesContext(connection) as queries:
        plan = importeer_leerlingen(inhoud=volgende, vandaag=VANDAAG)
    assert (len(plan.nieuwe_leerlingen), len(plan.uitgeschreven)) == (10, 10)
    assert plan.gewijzigde_leerlingen and plan.gewijzigde_koppelingen
    assert len(queries.captured_queries) <= 20


# --- the management command -----------------------------------------------------------------------


@pytest.mark.django_db
def test_command_previews_by_default_and_changes_nothing():
    uit = StringIO()
    call_command("importeer_leerlingen", str(VOORBEELD), stdout=uit)
    tekst = uit.getvalue()
    assert "nieuwe leerlingen:            30" in tekst
    assert "+ 24001 Emma Bakker (Groep 1/2a)" in tekst
    assert "Proefdraai: er is niets gewijzigd" in tekst
    assert Leerling.objects.count() == 0


@pytest.mark.django_db
def test_command_applies_with_apply_and_reports_nothing_to_do_the_second_time():
    call_command("importeer_leerlingen", str(VOORBEELD), "--apply", stdout=StringIO())
    assert Leerling.objects.count() == 30
    uit = StringIO()
    call_command("importeer_leerlingen", str(VOORBEELD), "--apply", stdout=uit)
    assert "er verandert niets" in uit.getvalue()


@pytest.mark.django_db
def test_command_lists_errors_with_line_numbers_and_fails(tmp_path):
    bestand = tmp_path / "fout.csv"
    bestand.write_text(csv_tekst(rij("1001"), rij("1002", ouder1_relatie="oma")), encoding="utf-8")
    fouten = StringIO()
    with pytest.raises(CommandError, match="1 fout"):
        call_command("importeer_leerlingen", str(bestand), "--apply", stdout=StringIO(), stderr=fouten)
    assert "Regel 3, kolom ouder1_relatie: onbekende relatie ‘oma’" in fouten.getvalue()
    assert Leerling.objects.count() == 0


def test_command_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        call_command("importeer_leerlingen", str(tmp_path / "weg.csv"))
