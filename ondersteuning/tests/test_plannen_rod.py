import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ondersteuning import overzicht, services
from ondersteuning.models import Plan, PlanTermijn, PlanVersie, StapSoort
from ondersteuning.tests.factories import VraagFactory

pytestmark = pytest.mark.django_db

LIJST = reverse("ondersteuning:plannen_rod")
CSV = reverse("ondersteuning:plannen_rod_csv")
JAAR = overzicht.Schooljaar.huidig()


def _plan(vraag, ib, *, vastgesteld, gedeeld=True, nummer=1):
    plan, _ = Plan.objects.get_or_create(vraag=vraag)
    return PlanVersie.objects.create(
        plan=plan,
        nummer=nummer,
        vastgesteld_op=vastgesteld if gedeeld else None,
        gedeeld_met_ouders_op=timezone.now() if gedeeld else None,
        aangemaakt_door=ib,
    )


@pytest.fixture
def plannen(ib, leerling, andere_leerling):
    lopend = VraagFactory(leerling=leerling, status="arrangement")
    _plan(lopend, ib, vastgesteld=JAAR.eerste_dag + datetime.timedelta(days=30))
    _plan(lopend, ib, vastgesteld=JAAR.eerste_dag + datetime.timedelta(days=90), nummer=2)
    afgesloten = VraagFactory(leerling=andere_leerling, status="afgesloten", afgesloten_op=timezone.now())
    _plan(afgesloten, ib, vastgesteld=JAAR.eerste_dag - datetime.timedelta(days=200))
    vorig_jaar = VraagFactory(status="afgesloten")
    vorig_jaar.afgesloten_op = timezone.make_aware(datetime.datetime.combine(JAAR.eerste_dag, datetime.time()))
    vorig_jaar.afgesloten_op -= datetime.timedelta(days=10)
    vorig_jaar.save()
    _plan(vorig_jaar, ib, vastgesteld=JAAR.eerste_dag - datetime.timedelta(days=300))
    concept = VraagFactory(status="arrangement")
    _plan(concept, ib, vastgesteld=None, gedeeld=False)
    return {"lopend": lopend, "afgesloten": afgesloten}


def test_rod_list_holds_the_plans_that_ran_in_the_year_with_start_and_end(ib, plannen):
    regels = {r.vraag_id: r for r in overzicht.plannen_voor_rod(ib, JAAR)}
    assert set(regels) == {plannen["lopend"].pk, plannen["afgesloten"].pk}
    assert regels[plannen["lopend"].pk].start == JAAR.eerste_dag + datetime.timedelta(days=30)
    assert regels[plannen["lopend"].pk].einde is None
    assert regels[plannen["afgesloten"].pk].einde == timezone.localdate()


def test_rod_page_and_csv_for_the_ib(client_for, ib, plannen, leerling):
    client = client_for(ib)
    content = client.get(LIJST).content.decode()
    assert leerling.leerlingnummer in content and "loopt nog" in content
    response = client.get(CSV, {"schooljaar": str(JAAR)})
    tekst = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment")
    assert tekst.splitlines()[0] == "leerlingnummer;naam;groep;startdatum;einddatum"
    assert len(tekst.splitlines()) == 3


@pytest.mark.parametrize("rol", ["leerkracht", "ouder", "trajectbegeleider", "ot_lid"])
def test_rod_list_is_for_ib_and_directeur_only(client_for, cast, rol):
    assert client_for(cast[rol]).get(LIJST).status_code == 403
    assert client_for(cast[rol]).get(CSV).status_code == 403


def test_rod_list_refuses_post_and_sends_anonymous_to_login(client, client_for, directeur):
    assert client_for(directeur).post(LIJST).status_code == 405
    assert client.get(LIJST).url.startswith(reverse("accounts:login"))


def test_rod_list_query_count_does_not_grow(client_for, ib, django_assert_max_num_queries):
    for _ in range(15):
        vraag = VraagFactory(status="arrangement")
        _plan(vraag, ib, vastgesteld=JAAR.eerste_dag)
    client = client_for(ib)
    with django_assert_max_num_queries(12):
        assert client.get(LIJST).status_code == 200


def test_overview_counts_plan_deadlines_and_lead_time_to_the_plan(ib, vraag, ouder):
    services.oppakken(vraag=vraag, door=ib)
    services.binnen_basisondersteuning(
        vraag=vraag,
        door=ib,
        afspraken="x",
        evaluatiedatum=timezone.localdate() + datetime.timedelta(days=30),
        ouders_aanwezig=True,
    )
    plan = Plan.objects.create(
        vraag=vraag, termijn=timezone.localdate() - datetime.timedelta(days=1), termijn_soort=PlanTermijn.VASTSTELLEN
    )
    rijen = {r.label: r.waarde for r in overzicht.figuur("plantermijnen", ib, JAAR).rijen}
    assert rijen["Plan vaststellen en delen: verlopen"] == 1
    assert sum(rijen.values()) == 1
    assert plan.termijn_verlopen
    assert overzicht.figuur("besluit-tot-plan", ib, JAAR).totaal == 0
    assert StapSoort.PLAN_GEDEELD == "plan_gedeeld"
