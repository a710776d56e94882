"""The demo (docs/ontwerp.md §7, issue 5): ouder@'s child in groep 5 has a plan awaiting agreement, and more."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from klimop.accounts.models import Rol
from ondersteuning.models import (
    Ondersteuningsvraag,
    PlanVersie,
    Reactie,
    Status,
    ToestemmingWijze,
)

pytestmark = pytest.mark.django_db


def demo():
    with override_settings(DEBUG=True):
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_family_has_a_shared_plan_awaiting_agreement_comments_and_consents_in_every_state():
    demo()
    vraag = Ondersteuningsvraag.objects.met_ouderstatus().get(leerling__leerlingnummer="KO9001")
    assert vraag.status == Status.ARRANGEMENT
    assert vraag.wacht_op_instemming
    versies = list(PlanVersie.objects.filter(plan__vraag=vraag).order_by("nummer"))
    assert [v.is_gedeeld for v in versies] == [True, True]
    assert vraag.plan.gedeelde_versie == versies[-1]
    auteurs = set(Reactie.objects.filter(vraag=vraag).values_list("auteur__rol", flat=True))
    assert {Rol.OUDER, Rol.IB} <= auteurs
    toestemmingen = list(vraag.toestemmingen.all())
    assert any(t.actief and t.wijze == ToestemmingWijze.DIGITAAL for t in toestemmingen)
    assert any(t.actief and t.wijze == ToestemmingWijze.PAPIER for t in toestemmingen)
    assert any(not t.actief for t in toestemmingen)


def test_other_cases_with_extra_support_get_plans_and_a_second_run_adds_nothing():
    demo()
    open_met_arrangement = Ondersteuningsvraag.objects.filter(
        status__in=[Status.ARRANGEMENT, Status.EVALUATIE]
    ).exclude(leerling__leerlingnummer="KO9001")
    assert open_met_arrangement.exists()
    assert all(PlanVersie.objects.filter(plan__vraag=v).exists() for v in open_met_arrangement)
    assert PlanVersie.objects.gedeeld().exclude(plan__vraag__leerling__leerlingnummer="KO9001").exists()
    tellingen = (PlanVersie.objects.count(), Reactie.objects.count())
    demo()
    assert (PlanVersie.objects.count(), Reactie.objects.count()) == tellingen
