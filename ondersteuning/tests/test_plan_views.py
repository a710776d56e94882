"""The plan pages: who may read, write and share, and the child-friendly “Mijn plan”."""

import pytest
from django.urls import reverse

from ondersteuning.models import PlanVersie, Stap, StapSoort
from ondersteuning.tests.conftest import INHOUD
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db


def url(naam, vraag, *args):
    return reverse(f"ondersteuning:{naam}", args=[vraag.pk, *args])


def formulier(**extra):
    data = {
        **INHOUD,
        "vastgesteld_op": "",
        "doelen-TOTAL_FORMS": "2",
        "doelen-INITIAL_FORMS": "0",
        "doelen-MIN_NUM_FORMS": "0",
        "doelen-MAX_NUM_FORMS": "20",
        "doelen-0-omschrijving": "Daan leest AVI E4 vlot.",
        "doelen-0-evaluatiedatum": "2030-01-31",
        "doelen-0-resultaat": "",
        "doelen-1-omschrijving": "",
        "doelen-1-evaluatiedatum": "",
        "doelen-1-resultaat": "",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("rol", ["leerkracht", "ib", "directeur", "ouder"])
def test_involved_people_read_the_shared_plan(client_for, cast, gedeeld, rol):
    response = client_for(cast[rol]).get(url("plan", gedeeld.plan.vraag))
    assert response.status_code == 200
    assert INHOUD["handelingsdeel_aanbod"] in response.content.decode()


@pytest.mark.parametrize("rol", ["leerkracht2", "ouder2", "trajectbegeleider", "ot_lid"])
@pytest.mark.parametrize("naam", ["plan", "plan_bewerken", "plan_delen", "plan_vergelijken"])
def test_outsiders_get_404_on_every_plan_page(client_for, cast, gedeeld, rol, naam):
    assert client_for(cast[rol]).get(url(naam, gedeeld.plan.vraag)).status_code == 404
    assert client_for(cast[rol]).get(url("plan_versie", gedeeld.plan.vraag, 1)).status_code == 404
    assert client_for(cast[rol]).get(url("mijn_plan", gedeeld.plan.vraag, 1)).status_code == 404
    assert client_for(cast[rol]).post(url("plan_nieuwe_versie", gedeeld.plan.vraag)).status_code == 404


def test_parents_do_not_see_a_concept(client_for, ouder, concept):
    vraag = concept.plan.vraag
    content = inhoud(client_for(ouder).get(url("plan", vraag)))
    assert "Er is nog geen plan met u gedeeld." in content
    assert INHOUD["handelingsdeel_aanbod"] not in content
    assert client_for(ouder).get(url("plan_versie", vraag, 1)).status_code == 404


@pytest.mark.parametrize("rol", ["ouder", "leerkracht"])
def test_read_only_roles_get_403_when_they_try_to_share(client_for, cast, concept, rol):
    assert client_for(cast[rol]).post(url("plan_delen", concept.plan.vraag)).status_code == 403
    assert not concept.plan.vraag.stappen.filter(soort=StapSoort.PLAN_GEDEELD).exists()


def test_parents_get_403_when_they_try_to_edit(client_for, ouder, gedeeld):
    vraag = gedeeld.plan.vraag
    assert client_for(ouder).get(url("plan_bewerken", vraag)).status_code == 403
    assert client_for(ouder).post(url("plan_nieuwe_versie", vraag)).status_code == 403


def test_plan_pages_refuse_the_wrong_method(client_for, ib, gedeeld):
    vraag = gedeeld.plan.vraag
    assert client_for(ib).post(url("plan", vraag)).status_code == 405
    assert client_for(ib).get(url("plan_nieuwe_versie", vraag)).status_code == 405
    assert client_for(ib).put(url("plan_bewerken", vraag)).status_code == 405
    assert client_for(ib).post(url("mijn_plan", vraag, 1)).status_code == 405


def test_plan_pages_send_anonymous_to_login(client, gedeeld):
    response = client.get(url("plan", gedeeld.plan.vraag))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_ib_writes_the_first_plan_then_shares_it_as_a_step(client_for, ib, arrangement):
    client = client_for(ib)
    assert client.get(url("plan_bewerken", arrangement)).status_code == 200
    response = client.post(url("plan_bewerken", arrangement), formulier(delen="1"))
    assert response.url == url("plan_delen", arrangement)
    versie = PlanVersie.objects.get(plan__vraag=arrangement)
    assert versie.doelen.count() == 1 and not versie.is_gedeeld
    assert "Delen met de ouders" in client.get(url("plan_delen", arrangement)).content.decode()
    assert client.post(url("plan_delen", arrangement)).url == arrangement.get_absolute_url()
    versie.refresh_from_db()
    assert versie.is_gedeeld
    assert Stap.objects.filter(vraag=arrangement, soort=StapSoort.PLAN_GEDEELD).count() == 1


def test_form_errors_are_summarised_in_dutch_and_keep_the_text(client_for, ib, arrangement):
    data = formulier(**{"doelen-0-evaluatiedatum": "", "vastgesteld_op": "2999-01-01"})
    content = client_for(ib).post(url("plan_bewerken", arrangement), data).content.decode()
    assert "Er is iets niet goed ingevuld" in content
    assert "Deze datum ligt in de toekomst." in content
    assert "Dit doel is niet compleet" in content
    assert INHOUD["kind_aan_het_woord"] in content
    assert not PlanVersie.objects.exists()


def test_the_teacher_gets_only_the_childs_part_and_cannot_smuggle_other_fields(client_for, leerkracht, concept):
    vraag = concept.plan.vraag
    client = client_for(leerkracht)
    content = inhoud(client.get(url("plan_bewerken", vraag)))
    assert 'name="kind_aan_het_woord"' in content and 'name="handelingsdeel_aanbod"' not in content
    client.post(
        url("plan_bewerken", vraag),
        formulier(kind_aan_het_woord="Ik lees graag strips.", handelingsdeel_aanbod="Geen RT meer"),
    )
    concept.refresh_from_db()
    assert concept.kind_aan_het_woord == "Ik lees graag strips."
    assert concept.handelingsdeel_aanbod == INHOUD["handelingsdeel_aanbod"]


def test_editing_a_shared_version_leads_to_making_a_new_version(client_for, ib, gedeeld):
    vraag = gedeeld.plan.vraag
    client = client_for(ib)
    assert client.get(url("plan_bewerken", vraag)).url == url("plan", vraag)
    assert client.post(url("plan_nieuwe_versie", vraag)).url == url("plan_bewerken", vraag)
    assert client.post(url("plan_bewerken", vraag), formulier(handelingsdeel_aanbod="RT rekenen")).status_code == 302
    assert list(PlanVersie.objects.filter(plan__vraag=vraag).values_list("nummer", "handelingsdeel_aanbod")) == [
        (1, INHOUD["handelingsdeel_aanbod"]),
        (2, "RT rekenen"),
    ]


def test_mijn_plan_puts_the_childs_own_goals_first_in_large_type(client_for, ouder, gedeeld):
    content = inhoud(client_for(ouder).get(url("mijn_plan", gedeeld.plan.vraag, 1)))
    assert 'class="mijn-plan"' in content and "Het plan van Daan" in content
    assert content.index("Mijn eigen doelen") < content.index("Hier werken we samen aan")
    assert content.index(INHOUD["kind_eigen_doelen"]) < content.index("Daan leest AVI E4 vlot.")
    assert "data-afdrukken" in content and "style=" not in content
