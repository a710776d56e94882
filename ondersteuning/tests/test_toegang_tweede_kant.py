"""Each access protection from a second side: the queryset or model layer where the first test used a view, and
the page where it used the layer below, so removing the protection in either place fails a test."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leerlingen.models import Leerling
from leerlingen.tests.factories import OuderFactory
from ondersteuning import afdruk, services
from ondersteuning.models import BevrorenError, Doel, Ondersteuningsvraag, PlanVersie, Stap, Toestemming
from ondersteuning.models import ToestemmingSoort as Soort
from ondersteuning.tests.conftest import INHOUD
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db


def detail(vraag):
    return reverse("ondersteuning:detail", args=[vraag.pk])


def _naar_ot(vraag, ib, ouder):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=Soort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Breder kijken.")


# --- a guardian without gezag -----------------------------------------------------------------


def test_a_guardian_without_gezag_finds_no_case_step_or_plan_of_the_child(ouder, leerling, vraag, ib):
    zonder_gezag = OuderFactory(leerling=leerling, gezag=False).user
    assert Ondersteuningsvraag.objects.zichtbaar_voor(ouder).count() == 1  # the guardian with gezag does
    assert not Ondersteuningsvraag.objects.zichtbaar_voor(zonder_gezag).exists()
    assert not Stap.objects.zichtbaar_voor(zonder_gezag).exists()
    assert not PlanVersie.objects.zichtbaar_voor(zonder_gezag).exists()
    assert not Leerling.objects.zichtbaar_voor(zonder_gezag).exists()


def test_a_guardian_without_gezag_gets_404_on_the_child_and_an_empty_start_page(client_for, leerling, vraag):
    zonder_gezag = OuderFactory(leerling=leerling, gezag=False).user
    assert client_for(zonder_gezag).get(reverse("ouders:kind", args=[leerling.pk])).status_code == 404
    assert client_for(zonder_gezag).get(reverse("ouders:vraag", args=[vraag.pk])).status_code == 404
    assert client_for(zonder_gezag).get(reverse("ouders:inzage", args=[leerling.pk])).status_code == 404
    assert leerling.volledige_naam not in inhoud(client_for(zonder_gezag).get(reverse("ouders:start")))


# --- an OT member ---------------------------------------------------------------------------


@pytest.fixture
def in_ot(vraag, ib, ouder):
    _naar_ot(vraag, ib, ouder)
    services.toestemming_geven(vraag=vraag, soort=Soort.DELEN_OT, ouder=ouder)
    return vraag


def _uitnodigen(vraag, ib, ot_lid):
    return services.overleg_plannen(
        vraag=vraag, door=ib, datum=timezone.now() + datetime.timedelta(days=3), agenda="Lezen", deelnemers=[ot_lid]
    )


def test_an_ot_member_sees_a_case_only_once_invited_to_its_meeting(in_ot, ib, ot_lid):
    assert not Ondersteuningsvraag.objects.zichtbaar_voor(ot_lid).exists()
    assert not Stap.objects.zichtbaar_voor(ot_lid).exists()
    _uitnodigen(in_ot, ib, ot_lid)
    assert list(Ondersteuningsvraag.objects.zichtbaar_voor(ot_lid)) == [in_ot]


def test_an_ot_member_without_an_invitation_gets_404_and_an_empty_queue(client_for, in_ot, ot_lid):
    assert client_for(ot_lid).get(detail(in_ot)).status_code == 404
    assert client_for(ot_lid).get(reverse("ondersteuning:plan", args=[in_ot.pk])).status_code == 404
    assert in_ot.leerling.achternaam not in inhoud(client_for(ot_lid).get(reverse("ondersteuning:wachtrij")))


def test_an_invited_ot_member_loses_the_case_when_the_consent_is_withdrawn(client_for, in_ot, ib, ot_lid, ouder):
    _uitnodigen(in_ot, ib, ot_lid)
    assert client_for(ot_lid).get(detail(in_ot)).status_code == 200
    services.toestemming_intrekken(toestemming=Toestemming.objects.get(vraag=in_ot, soort=Soort.DELEN_OT), door=ouder)
    assert not Ondersteuningsvraag.objects.zichtbaar_voor(ot_lid).exists()
    assert client_for(ot_lid).get(detail(in_ot)).status_code == 404


# --- the trajectbegeleider ------------------------------------------------------------------


@pytest.fixture
def bij_tb(vraag, ib, ouder, trajectbegeleider):
    _naar_ot(vraag, ib, ouder)
    services.toestemming_geven(vraag=vraag, soort=Soort.DELEN_SWV, ouder=ouder)
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="?")
    return vraag


def test_the_trajectbegeleider_without_consent_finds_nothing_in_the_querysets(bij_tb, trajectbegeleider, ouder):
    assert list(Ondersteuningsvraag.objects.zichtbaar_voor(trajectbegeleider)) == [bij_tb]
    services.toestemming_intrekken(
        toestemming=Toestemming.objects.get(vraag=bij_tb, soort=Soort.DELEN_SWV), door=ouder
    )
    assert not Ondersteuningsvraag.objects.zichtbaar_voor(trajectbegeleider).exists()
    assert not Stap.objects.zichtbaar_voor(trajectbegeleider).exists()
    assert not Leerling.objects.zichtbaar_voor(trajectbegeleider).exists()


def test_the_trajectbegeleider_without_consent_can_neither_open_nor_print_the_case(
    client_for, bij_tb, trajectbegeleider, ouder
):
    assert client_for(trajectbegeleider).get(reverse("ondersteuning:afdrukken", args=[bij_tb.pk])).status_code == 200
    services.toestemming_intrekken(
        toestemming=Toestemming.objects.get(vraag=bij_tb, soort=Soort.DELEN_SWV), door=ouder
    )
    client = client_for(trajectbegeleider)
    assert client.get(detail(bij_tb)).status_code == 404
    assert client.get(reverse("ondersteuning:afdrukken", args=[bij_tb.pk])).status_code == 404
    assert client.get(reverse("leerlingen:detail", args=[bij_tb.leerling_id])).status_code == 404


# --- the frozen plan --------------------------------------------------------------------------


def test_a_copy_loaded_before_sharing_cannot_be_saved_afterwards(concept, ib):
    oud = PlanVersie.objects.get(pk=concept.pk)  # loaded while still a concept
    services.versie_delen(versie=concept, door=ib)
    oud.handelingsdeel_aanbod = "Stiekem veranderd"
    with pytest.raises(BevrorenError):
        oud.save()
    doel = Doel.objects.filter(versie=concept).first()
    doel.omschrijving = "Ook stiekem"
    with pytest.raises(BevrorenError):
        doel.save()
    concept.refresh_from_db()
    assert concept.handelingsdeel_aanbod == INHOUD["handelingsdeel_aanbod"]


def test_the_edit_page_of_a_shared_version_changes_nothing(client_for, gedeeld, ib):
    vraag = gedeeld.plan.vraag
    response = client_for(ib).post(
        reverse("ondersteuning:plan_bewerken", args=[vraag.pk]), {**INHOUD, "handelingsdeel_aanbod": "Veranderd"}
    )
    assert response.status_code in (200, 302, 403)
    gedeeld.refresh_from_db()
    assert gedeeld.handelingsdeel_aanbod == INHOUD["handelingsdeel_aanbod"]


def test_the_service_refuses_the_goals_of_a_shared_version_too(gedeeld, ib):
    doel = gedeeld.doelen.get()
    with pytest.raises(services.Geweigerd, match="ligt vast"):
        services.versie_opslaan(
            versie=gedeeld, door=ib, inhoud={}, doelen=[{"id": doel.pk, "omschrijving": "x", "evaluatiedatum": None}]
        )
    with pytest.raises(services.Geweigerd, match="ligt vast"):
        services.versie_opslaan(versie=gedeeld, door=ib, inhoud={}, verwijderd=[doel.pk])
    assert gedeeld.doelen.get().omschrijving == doel.omschrijving


# --- the print leaves out what the parents cannot see -------------------------------------------


@pytest.fixture
def met_interne_stap(vraag, ib, leerkracht):
    services.oppakken(vraag=vraag, door=ib)
    services.observatie_toevoegen(
        vraag=vraag, door=leerkracht, observatie="Gedeelde observatie.", delen_met_ouders=True
    )
    services.observatie_toevoegen(
        vraag=vraag, door=leerkracht, observatie="Alleen voor de school.", delen_met_ouders=False
    )
    return vraag


def test_the_handover_context_holds_only_steps_the_parents_see(met_interne_stap):
    stappen = list(afdruk.dossier(met_interne_stap)["stappen"])
    assert stappen and all(stap.zichtbaar_voor_ouders for stap in stappen)
    assert Stap.objects.filter(vraag=met_interne_stap, zichtbaar_voor_ouders=False).exists()
    assert "Alleen voor de school." not in " ".join(stap.toelichting for stap in stappen)


@pytest.mark.parametrize("rol", ["leerkracht", "ib", "directeur"])
def test_every_role_that_prints_gets_the_print_without_internal_steps(client_for, cast, met_interne_stap, rol):
    content = inhoud(client_for(cast[rol]).get(reverse("ondersteuning:afdrukken", args=[met_interne_stap.pk])))
    assert "Gedeelde observatie." in content
    assert "Alleen voor de school." not in content
