import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klimop.accounts.models import User
from leerlingen.tests.factories import LeerlingFactory
from ondersteuning import overzicht, services
from ondersteuning.models import OPEN_STATUSSEN, Ondersteuningsvraag, Status, Toestemming, ToestemmingSoort
from ondersteuning.overzicht import Schooljaar
from ondersteuning.tests.factories import VraagFactory
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db

OVERZICHT = reverse("ondersteuning:overzicht")
JAAR = Schooljaar(2024)


def csv_url(slug):
    return reverse("ondersteuning:overzicht_csv", args=[slug])


def op(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def ingediend(leerling, door, moment):
    vraag = VraagFactory(leerling=leerling, ingediend_door=door, aangemaakt_op=moment, status_sinds=moment)
    services.indienen(vraag=vraag, door=door, nu=moment)
    return vraag


def basis(vraag, ib, moment, evaluatie):
    services.binnen_basisondersteuning(
        vraag=vraag, door=ib, afspraken="Extra instructie.", evaluatiedatum=evaluatie, ouders_aanwezig=True, nu=moment
    )


@pytest.fixture
def schooljaar_2024(ib, leerkracht, leerkracht2, leerling, ouder, groep, andere_groep, andere_leerling, ouder2):
    """A hand-built school year 2024-2025 (plus cases before and after it) with known figures."""
    # A: basisondersteuning after 5 days; its evaluation (15 Oct 2024) was never held.
    a = ingediend(LeerlingFactory(groep=groep), leerkracht, op(2024, 9, 2, 10))
    services.oppakken(vraag=a, door=ib, nu=op(2024, 9, 4, 10))
    basis(a, ib, op(2024, 9, 7, 10), datetime.date(2024, 10, 15))
    # B: to the OT after 10 days, an arrangement 35 days later; the OT-sharing consent is withdrawn in January.
    b = ingediend(leerling, leerkracht, op(2024, 9, 10, 9))
    services.oppakken(vraag=b, door=ib, nu=op(2024, 9, 12, 9))
    services.toestemming_geven(vraag=b, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder, nu=op(2024, 9, 15, 9))
    delen = services.toestemming_geven(vraag=b, soort=ToestemmingSoort.DELEN_OT, ouder=ouder, nu=op(2024, 9, 16, 9))
    services.naar_ondersteuningsteam(vraag=b, door=ib, toelichting="Breder kijken.", nu=op(2024, 9, 20, 9))
    services.arrangement_starten(
        vraag=b,
        door=ib,
        omschrijving="Kleine groep.",
        evaluatiedatum=datetime.date(2024, 12, 1),
        ouders_aanwezig=True,
        nu=op(2024, 10, 25, 9),
    )
    services.toestemming_intrekken(toestemming=delen, door=ouder, nu=op(2025, 1, 10, 9))
    # C: basisondersteuning after 24 days, closed in March.
    c = ingediend(LeerlingFactory(groep=andere_groep), leerkracht2, op(2024, 10, 1, 11))
    services.oppakken(vraag=c, door=ib, nu=op(2024, 10, 2, 11))
    basis(c, ib, op(2024, 10, 25, 11), datetime.date(2024, 12, 20))
    services.afsluiten(vraag=c, door=ib, conclusie="Gaat goed.", nu=op(2025, 3, 1, 11))
    # D: filed in June, not yet taken up at the end of the year.
    ingediend(LeerlingFactory(groep=andere_groep), leerkracht2, op(2025, 6, 1, 12))
    # E: from the year before, still in basisondersteuning with an evaluation date in that year.
    e = ingediend(LeerlingFactory(groep=groep), leerkracht, op(2023, 5, 1, 10))
    services.oppakken(vraag=e, door=ib, nu=op(2023, 5, 3, 10))
    basis(e, ib, op(2023, 5, 10, 10), datetime.date(2023, 6, 20))
    # F: filed the year after, with a consent given and withdrawn then.
    f = ingediend(andere_leerling, leerkracht2, op(2025, 9, 1, 10))
    onderzoek = services.toestemming_geven(
        vraag=f, soort=ToestemmingSoort.ONDERZOEK, ouder=ouder2, nu=op(2025, 9, 10, 10)
    )
    services.toestemming_intrekken(toestemming=onderzoek, door=ouder2, nu=op(2025, 9, 15, 10))
    # A concept never counts.
    VraagFactory(leerling=LeerlingFactory(groep=groep), ingediend_door=leerkracht)
    return {"a": a, "b": b, "c": c, "e": e, "f": f}


def rijen(figuur) -> dict:
    return {rij.label: rij.waarde for rij in figuur.rijen}


# --- the numbers ----------------------------------------------------------------------------


def test_open_cases_per_state_are_those_open_at_the_end_of_the_chosen_year(ib, schooljaar_2024):
    figuur = overzicht.figuur("open-per-status", ib, JAAR)
    assert rijen(figuur) == {
        "Ingediend": 1,
        "In behandeling": 0,
        "Basisondersteuning": 2,
        "Ondersteuningsteam": 0,
        "Trajectbegeleiding": 0,
        "Arrangement": 1,
        "Evaluatie": 0,
        "Verwijzing (TLV)": 0,
    }
    assert "31-07-2025" in figuur.beschrijving


def test_open_cases_per_group_count_each_open_case_once(ib, schooljaar_2024):
    assert rijen(overzicht.figuur("open-per-groep", ib, JAAR)) == {"Groep 5": 3, "Groep 7": 1}


def test_lead_time_to_decision_counts_decisions_in_the_year_by_bucket(ib, schooljaar_2024):
    figuur = overzicht.figuur("tijd-tot-besluit", ib, JAAR)
    assert rijen(figuur) == {
        "binnen 1 week": 1,
        "1 tot 2 weken": 1,
        "2 tot 4 weken": 1,
        "4 tot 8 weken": 0,
        "meer dan 8 weken": 0,
    }
    assert figuur.extra == {"gemiddeld_dagen": 13.0, "aantal": 3}
    assert "gemiddeld 13,0 dagen" in figuur.toelichting


def test_lead_time_from_decision_to_arrangement_start(ib, schooljaar_2024):
    figuur = overzicht.figuur("besluit-tot-arrangement", ib, JAAR)
    assert rijen(figuur)["4 tot 8 weken"] == 1
    assert figuur.totaal == 1
    assert figuur.extra == {"gemiddeld_dagen": 35.0, "aantal": 1}


def test_overdue_dates_of_a_past_year_are_open_cases_whose_date_fell_in_that_year(ib, schooljaar_2024):
    assert rijen(overzicht.figuur("verlopen-datums", ib, JAAR)) == {
        "Evaluatie basisondersteuning": 1,
        "Evaluatie arrangement": 1,
    }
    assert rijen(overzicht.figuur("verlopen-datums", ib, Schooljaar(2022))) == {"Evaluatie basisondersteuning": 1}


def test_withdrawn_consents_are_counted_in_the_year_of_withdrawal(ib, schooljaar_2024):
    assert rijen(overzicht.figuur("ingetrokken-toestemmingen", ib, JAAR)) == {
        "Aanmelden bij het ondersteuningsteam": 0,
        "Gegevens delen binnen het ondersteuningsteam": 1,
        "Gegevens delen met het samenwerkingsverband (trajectbegeleider)": 0,
        "Onderzoek of diagnostiek": 0,
        "Geanonimiseerd gebruik voor onderzoek": 0,
    }
    assert overzicht.figuur("ingetrokken-toestemmingen", ib, Schooljaar(2025)).totaal == 1


def test_a_year_without_cases_shows_zeros_and_says_so(ib, schooljaar_2024):
    figuren = {f.slug: f for f in overzicht.alle_figuren(ib, Schooljaar(2021))}
    assert all(f.totaal == 0 for f in figuren.values())
    assert figuren["tijd-tot-besluit"].toelichting == "Geen vragen in dit schooljaar."


def test_the_running_year_matches_the_status_column_of_the_database(ib, leerkracht, groep):
    nu = timezone.now()
    vragen = [
        ingediend(LeerlingFactory(groep=groep), leerkracht, nu - datetime.timedelta(minutes=30 - i)) for i in range(6)
    ]
    for vraag in vragen[:4]:
        services.oppakken(vraag=vraag, door=ib, nu=nu - datetime.timedelta(minutes=10))
    basis(vragen[0], ib, nu - datetime.timedelta(minutes=5), timezone.localdate() + datetime.timedelta(days=30))
    services.afsluiten(vraag=vragen[1], door=ib, conclusie="Klaar.", nu=nu - datetime.timedelta(minutes=4))
    waarheid = dict(
        Ondersteuningsvraag.objects.filter(status__in=OPEN_STATUSSEN)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figuur = overzicht.figuur("open-per-status", ib, Schooljaar.huidig())
    assert rijen(figuur) == {str(Status(s).label): waarheid.get(s, 0) for s in OPEN_STATUSSEN}
    assert figuur.totaal == 5
    assert rijen(overzicht.figuur("open-per-groep", ib, Schooljaar.huidig()))["Groep 5"] == 5


def test_overdue_in_the_running_year_matches_open_cases_with_a_past_date(ib, leerkracht, groep):
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    for index, datum in enumerate(
        [gisteren, gisteren - datetime.timedelta(days=800), gisteren + datetime.timedelta(9)]
    ):
        VraagFactory(
            leerling=LeerlingFactory(groep=groep),
            status=Status.BASISONDERSTEUNING,
            volgende_datum=datum,
            volgende_actie="Evaluatie basisondersteuning",
        )
        VraagFactory(status=Status.AFGESLOTEN, volgende_datum=datum, volgende_actie=f"gesloten {index}")
    waarheid = Ondersteuningsvraag.objects.open().filter(volgende_datum__lt=timezone.localdate()).count()
    figuur = overzicht.figuur("verlopen-datums", ib, Schooljaar.huidig())
    assert figuur.totaal == waarheid == 2


def test_school_years_run_from_the_first_of_august():
    assert Schooljaar.van_datum(datetime.date(2026, 7, 31)) == Schooljaar(2025)
    assert Schooljaar.van_datum(datetime.date(2026, 8, 1)) == Schooljaar(2026)
    assert str(Schooljaar(2026)) == "2026-2027"
    assert Schooljaar.uit_tekst("2024-2025") == Schooljaar(2024)
    assert Schooljaar.uit_tekst("2024-2026") is None
    assert Schooljaar.uit_tekst("x") is None
    assert Schooljaar(2024).peilmoment() == op(2025, 8, 1) - datetime.timedelta(microseconds=1)


def test_the_year_select_offers_every_year_since_the_first_case(ib, schooljaar_2024):
    jaren = overzicht.beschikbare_schooljaren(ib)
    assert jaren[0] == Schooljaar.huidig()
    assert jaren[-1] == Schooljaar(2022)
    assert len(jaren) == Schooljaar.huidig().start - 2022 + 1


# --- the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", ["ib", "directeur"])
def test_ib_and_directeur_see_the_overview_with_charts_and_tables(client_for, cast, rol, schooljaar_2024):
    response = client_for(cast[rol]).get(OVERZICHT, {"schooljaar": "2024-2025"})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('role="img"') == len(overzicht.FIGUREN)
    assert content.count("<table") == len(overzicht.FIGUREN)
    assert '<desc id="desc-open-per-status">Ingediend: 1; In behandeling: 0; Basisondersteuning: 2;' in content
    assert '<title id="titel-open-per-groep">Open vragen per groep (2024-2025)</title>' in content
    assert re.search(r"Basisondersteuning</th><td class=\"text-end\">2</td>", content)
    assert 'value="2024-2025" selected' in content
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("rol", ["leerkracht", "trajectbegeleider", "ot_lid", "ouder"])
def test_other_roles_are_refused_the_overview(client_for, cast, rol):
    assert client_for(cast[rol]).get(OVERZICHT).status_code == 403
    assert client_for(cast[rol]).get(csv_url("open-per-status")).status_code == 403


def test_overview_sends_anonymous_to_login(client):
    assert client.get(OVERZICHT).url.startswith(reverse("accounts:login"))
    assert client.get(csv_url("open-per-status")).url.startswith(reverse("accounts:login"))


def test_overview_refuses_post(client_for, ib):
    assert client_for(ib).post(OVERZICHT).status_code == 405
    assert client_for(ib).post(csv_url("open-per-status")).status_code == 405


def test_overview_htmx_request_gets_only_the_figures(client_for, ib, schooljaar_2024):
    response = client_for(ib).get(OVERZICHT, {"schooljaar": "2024-2025"}, headers={"HX-Request": "true"})
    content = inhoud(response)
    assert content.lstrip().startswith('<div id="figuren">')
    assert "<form" not in content
    assert "Schooljaar 2024-2025" in content


def test_overview_defaults_to_the_running_year_and_explains_an_unknown_year(client_for, ib):
    huidig = str(Schooljaar.huidig())
    assert f"Schooljaar {huidig}" in client_for(ib).get(OVERZICHT).content.decode()
    content = client_for(ib).get(OVERZICHT, {"schooljaar": "1999-2000"}).content.decode()
    assert "Kies een schooljaar uit de lijst." in content
    assert f"Schooljaar {huidig}" in content


def test_charts_use_no_inline_styles(client_for, ib, schooljaar_2024):
    content = inhoud(client_for(ib).get(OVERZICHT, {"schooljaar": "2024-2025"}))
    assert "style=" not in content
    assert "<style" not in content


def test_overview_query_count_does_not_grow_with_the_data(client_for, ib, leerkracht, groep, schooljaar_2024):
    def tel() -> int:
        client = client_for(ib)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(OVERZICHT, {"schooljaar": "2024-2025"}).status_code == 200
        return len(queries)

    weinig = tel()
    for dag in range(12):
        vraag = ingediend(LeerlingFactory(groep=groep), leerkracht, op(2024, 11, 1 + dag, 10))
        services.oppakken(vraag=vraag, door=ib, nu=op(2024, 11, 2 + dag, 10))
        basis(vraag, ib, op(2024, 11, 5 + dag, 10), datetime.date(2025, 1, 10))
    assert tel() == weinig
    assert weinig <= 16


# --- CSV ------------------------------------------------------------------------------------


def lees_csv(response) -> list[list[str]]:
    tekst = response.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    return list(csv.reader(io.StringIO(tekst[1:]), delimiter=";"))


def test_csv_holds_the_same_rows_as_the_table(client_for, ib, schooljaar_2024):
    response = client_for(ib).get(csv_url("open-per-groep"), {"schooljaar": "2024-2025"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="overzicht-2024-2025-open-per-groep.csv"'
    assert lees_csv(response) == [["Groep", "Aantal vragen"], ["Groep 5", "3"], ["Groep 7", "1"], ["Totaal", "4"]]


@pytest.mark.parametrize("slug", list(overzicht.FIGUREN))
def test_every_figure_has_a_csv_matching_the_figure(client_for, ib, schooljaar_2024, slug):
    rijen_csv = lees_csv(client_for(ib).get(csv_url(slug), {"schooljaar": "2024-2025"}))
    figuur = overzicht.figuur(slug, ib, JAAR)
    assert rijen_csv[0] == [figuur.kolom, figuur.eenheid]
    assert rijen_csv[1:-1] == [[rij.label, str(rij.waarde)] for rij in figuur.rijen]
    assert rijen_csv[-1] == ["Totaal", str(figuur.totaal)]


def test_csv_of_an_unknown_figure_is_not_found(client_for, ib):
    assert client_for(ib).get(csv_url("bestaat-niet")).status_code == 404


def test_csv_keeps_formula_like_labels_as_text(client_for, ib):
    VraagFactory(
        status=Status.BASISONDERSTEUNING,
        volgende_datum=timezone.localdate() - datetime.timedelta(days=2),
        volgende_actie="=HYPERLINK(1)",
    )
    rijen_csv = lees_csv(client_for(ib).get(csv_url("verlopen-datums")))
    assert ["'=HYPERLINK(1)", "1"] in rijen_csv


# --- links and demo -------------------------------------------------------------------------


def test_start_page_links_the_overview_for_ib_only(client_for, ib, leerkracht):
    assert OVERZICHT in inhoud(client_for(ib).get(reverse("portaal")))
    assert OVERZICHT not in inhoud(client_for(leerkracht).get(reverse("portaal")))


def test_demo_school_year_has_something_in_every_figure():
    with override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())
        call_command("demo", stdout=io.StringIO())
    ib = User.objects.get(email="ib@klimop.test")
    # The demo's cases start 60-110 days ago, so early in a school year part of them lies in the year before.
    huidig = Schooljaar.huidig()
    totalen = dict.fromkeys(overzicht.FIGUREN, 0)
    for jaar in (huidig, Schooljaar(huidig.start - 1)):
        for figuur in overzicht.alle_figuren(ib, jaar):
            totalen[figuur.slug] += figuur.totaal
    assert all(totalen.values()), totalen
    # Two research consents withdrawn (overview demo) and one of the demo family's consents (parents demo).
    assert Toestemming.objects.filter(ingetrokken_op__isnull=False).count() == 3
