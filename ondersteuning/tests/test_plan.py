"""The plan: versions, freezing once shared, the teacher's part, sharing as a step, and the deadlines."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from ondersteuning import services
from ondersteuning.models import (
    BevrorenError,
    Doel,
    Ouderbetrokkenheid,
    Plan,
    PlanTermijn,
    PlanVersie,
    Stap,
    StapSoort,
)
from ondersteuning.tests.conftest import DOELEN, INHOUD

pytestmark = pytest.mark.django_db

op_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


def test_starting_extra_support_makes_the_plan_due_in_six_weeks(arrangement):
    plan = Plan.objects.get(vraag=arrangement)
    assert plan.termijn == timezone.localdate() + datetime.timedelta(weeks=6)
    assert plan.termijn_soort == PlanTermijn.VASTSTELLEN


def test_sharing_freezes_the_version_sets_it_and_moves_the_deadline_to_a_yearly_evaluation(concept, ib):
    stap = services.versie_delen(versie=concept, door=ib)
    concept.refresh_from_db()
    plan = concept.plan
    assert concept.is_gedeeld and concept.vastgesteld_op == timezone.localdate()
    assert plan.gedeelde_versie == concept
    assert plan.termijn == timezone.localdate() + datetime.timedelta(days=365)
    assert plan.termijn_soort == PlanTermijn.EVALUEREN
    assert stap.soort == StapSoort.PLAN_GEDEELD and stap.zichtbaar_voor_ouders
    assert stap.ouderbetrokkenheid == Ouderbetrokkenheid.GEINFORMEERD


def test_a_shared_version_cannot_be_saved_or_deleted_through_the_model(gedeeld):
    gedeeld.handelingsdeel_aanbod = "Stiekem veranderd"
    with pytest.raises(BevrorenError):
        gedeeld.save()
    with pytest.raises(BevrorenError):
        PlanVersie.objects.get(pk=gedeeld.pk).delete()


def test_bulk_writes_cannot_change_a_shared_version_or_its_goals(gedeeld):
    with pytest.raises(BevrorenError):
        PlanVersie.objects.filter(pk=gedeeld.pk).update(handelingsdeel_aanbod="x")
    with pytest.raises(BevrorenError):
        Doel.objects.filter(versie=gedeeld).update(omschrijving="x")
    with pytest.raises(BevrorenError):
        Doel.objects.filter(versie=gedeeld).delete()
    with pytest.raises(BevrorenError):
        Doel.objects.create(versie=gedeeld, omschrijving="Nieuw", evaluatiedatum=timezone.localdate())
    with pytest.raises(BevrorenError):
        Doel.objects.bulk_create([Doel(versie=gedeeld, omschrijving="Nieuw", evaluatiedatum=timezone.localdate())])
    gedeeld.refresh_from_db()
    assert gedeeld.handelingsdeel_aanbod == INHOUD["handelingsdeel_aanbod"]
    assert list(gedeeld.doelen.values_list("omschrijving", flat=True)) == [DOELEN[0]["omschrijving"]]


def test_the_service_refuses_to_edit_a_shared_version(gedeeld, ib):
    with pytest.raises(services.Geweigerd, match="ligt vast"):
        services.versie_opslaan(versie=gedeeld, door=ib, inhoud={"handelingsdeel_aanbod": "x"})


@op_postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ondersteuning_planversie SET handelingsdeel_aanbod = 'x'",
        "DELETE FROM ondersteuning_planversie",
        "UPDATE ondersteuning_doel SET omschrijving = 'x'",
    ],
)
def test_raw_sql_cannot_change_a_shared_version_on_postgres(gedeeld, sql):
    with pytest.raises(DatabaseError, match="frozen"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    gedeeld.refresh_from_db()
    assert gedeeld.handelingsdeel_aanbod == INHOUD["handelingsdeel_aanbod"]


def test_a_new_version_is_a_copy_of_the_last_with_its_goals_and_leaves_the_shared_one_alone(gedeeld, ib):
    nieuw = services.concept_versie(vraag=gedeeld.plan.vraag, door=ib)
    assert nieuw.nummer == 2 and not nieuw.is_gedeeld and nieuw.vastgesteld_op is None
    assert nieuw.handelingsdeel_aanbod == gedeeld.handelingsdeel_aanbod
    assert [d.omschrijving for d in nieuw.doelen.all()] == [DOELEN[0]["omschrijving"]]
    services.versie_opslaan(versie=nieuw, door=ib, inhoud={"handelingsdeel_aanbod": "RT lezen en rekenen."})
    gedeeld.refresh_from_db()
    assert gedeeld.handelingsdeel_aanbod == INHOUD["handelingsdeel_aanbod"]
    # Asking again gives the same open concept, not a third version.
    assert services.concept_versie(vraag=gedeeld.plan.vraag, door=ib) == nieuw


def test_the_pupils_teacher_writes_the_childs_words_and_goals_but_nothing_else(concept, leerkracht):
    services.versie_opslaan(
        versie=concept,
        door=leerkracht,
        inhoud={"kind_aan_het_woord": "Ik wil voorlezen aan mijn zusje."},
        doelen=[
            {
                "id": concept.doelen.get().pk,
                "omschrijving": "Zelf een boek kiezen.",
                "evaluatiedatum": timezone.localdate(),
                "resultaat": "",
            }
        ],
    )
    concept.refresh_from_db()
    assert concept.kind_aan_het_woord == "Ik wil voorlezen aan mijn zusje."
    assert [d.omschrijving for d in concept.doelen.all()] == ["Zelf een boek kiezen."]
    with pytest.raises(services.Geweigerd, match="Kind aan het woord"):
        services.versie_opslaan(versie=concept, door=leerkracht, inhoud={"handelingsdeel_aanbod": "Minder RT"})


def test_another_teacher_and_outsiders_cannot_write_the_plan(concept, leerkracht2, trajectbegeleider, ouder):
    for user in (leerkracht2, trajectbegeleider, ouder):
        with pytest.raises(services.Geweigerd):
            services.versie_opslaan(versie=concept, door=user, inhoud={"kind_aan_het_woord": "x"})


def test_only_the_ib_or_directeur_shares_and_only_a_complete_version(arrangement, ib, leerkracht):
    versie = services.plan_starten(vraag=arrangement, door=ib, inhoud={"uitstroombestemming": "havo"})
    with pytest.raises(services.Geweigerd, match="handelingsdeel"):
        services.versie_delen(versie=versie, door=ib)
    services.versie_opslaan(versie=versie, door=ib, inhoud=dict(INHOUD), doelen=list(DOELEN))
    with pytest.raises(services.Geweigerd):
        services.versie_delen(versie=versie, door=leerkracht)
    services.versie_delen(versie=versie, door=ib)
    assert Stap.objects.filter(vraag=arrangement, soort=StapSoort.PLAN_GEDEELD).count() == 1
    with pytest.raises(services.Geweigerd, match="al met de ouders gedeeld"):
        services.versie_delen(versie=versie, door=ib)


def test_a_case_has_one_plan_started_once(concept, ib):
    with pytest.raises(services.Geweigerd, match="al een plan"):
        services.plan_starten(vraag=concept.plan.vraag, door=ib)


def test_a_renewed_arrangement_keeps_the_yearly_evaluation_deadline(gedeeld, ib):
    vraag = gedeeld.plan.vraag
    services.evalueren(vraag=vraag, door=ib, bevindingen="Goed op weg.", ouders_aanwezig=True)
    services.arrangement_starten(
        vraag=vraag,
        door=ib,
        omschrijving="Nog een periode",
        evaluatiedatum=timezone.localdate() + datetime.timedelta(weeks=10),
        ouders_aanwezig=True,
    )
    plan = Plan.objects.get(vraag=vraag)
    assert plan.termijn_soort == PlanTermijn.EVALUEREN
    assert plan.termijn == gedeeld.vastgesteld_op + datetime.timedelta(days=365)
