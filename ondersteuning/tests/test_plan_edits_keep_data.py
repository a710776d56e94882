"""Editing an existing plan keeps every value the person did not touch: goals, results and every section."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ondersteuning import services
from ondersteuning.models import Doel, PlanVersie
from ondersteuning.tests.conftest import INHOUD
from tests.formulieren import form_data

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
DRIE_DOELEN = [
    {
        "omschrijving": "Daan leest AVI E4 vlot.",
        "evaluatiedatum": VANDAAG + datetime.timedelta(weeks=6),
        "resultaat": "",
    },
    {"omschrijving": "Daan rekent tot 100.", "evaluatiedatum": VANDAAG + datetime.timedelta(weeks=8), "resultaat": ""},
    {
        "omschrijving": "Daan vraagt zelf om hulp.",
        "evaluatiedatum": VANDAAG + datetime.timedelta(weeks=10),
        "resultaat": "Lukt al vaak.",
    },
]


def bewerken(vraag):
    return reverse("ondersteuning:plan_bewerken", args=[vraag.pk])


def doelen_van(versie):
    return [
        (d.pk, d.omschrijving, d.evaluatiedatum, d.resultaat)
        for d in Doel.objects.filter(versie=versie).order_by("volgorde", "pk")
    ]


def inhoud_van(versie):
    versie = PlanVersie.objects.get(pk=versie.pk)
    return {veld: getattr(versie, veld) for veld in PlanVersie.INHOUD}


def doel_index(data, omschrijving):
    """The formset index of the goal with this text, as the page numbers it."""
    for key, value in data.items():
        if key.endswith("-omschrijving") and value == omschrijving:
            return key.split("-")[1]
    raise AssertionError(f"goal {omschrijving!r} not on the page")


@pytest.fixture
def drie_doelen(arrangement, ib):
    return services.plan_starten(vraag=arrangement, door=ib, inhoud=dict(INHOUD), doelen=list(DRIE_DOELEN))


def test_saving_the_concept_unchanged_keeps_every_goal_and_section(client_for, ib, drie_doelen):
    client = client_for(ib)
    vraag = drie_doelen.plan.vraag
    voor_doelen, voor_inhoud = doelen_van(drie_doelen), inhoud_van(drie_doelen)
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    assert client.post(bewerken(vraag), data).status_code == 302
    assert doelen_van(drie_doelen) == voor_doelen
    assert inhoud_van(drie_doelen) == voor_inhoud
    # And once more: a second unchanged save is just as harmless.
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    assert client.post(bewerken(vraag), data).status_code == 302
    assert doelen_van(drie_doelen) == voor_doelen


def test_changing_one_section_keeps_the_goals_and_the_other_sections(client_for, ib, drie_doelen):
    client = client_for(ib)
    vraag = drie_doelen.plan.vraag
    voor_doelen, voor_inhoud = doelen_van(drie_doelen), inhoud_van(drie_doelen)
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    data["evaluatiemomenten"] = "Eind maart."
    assert client.post(bewerken(vraag), data).status_code == 302
    assert doelen_van(drie_doelen) == voor_doelen
    assert inhoud_van(drie_doelen) == {**voor_inhoud, "evaluatiemomenten": "Eind maart."}


def test_a_result_on_one_of_three_goals_keeps_the_other_two(client_for, ib, drie_doelen):
    client = client_for(ib)
    vraag = drie_doelen.plan.vraag
    voor = doelen_van(drie_doelen)
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    data[f"doelen-{doel_index(data, 'Daan rekent tot 100.')}-resultaat"] = "Gehaald."
    assert client.post(bewerken(vraag), data).status_code == 302
    na = doelen_van(drie_doelen)
    assert na == [voor[0], (*voor[1][:3], "Gehaald."), voor[2]]


def test_removing_one_goal_keeps_the_others_untouched(client_for, ib, drie_doelen):
    client = client_for(ib)
    vraag = drie_doelen.plan.vraag
    voor = doelen_van(drie_doelen)
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    data[f"doelen-{doel_index(data, 'Daan rekent tot 100.')}-DELETE"] = "on"
    assert client.post(bewerken(vraag), data).status_code == 302
    assert doelen_van(drie_doelen) == [voor[0], voor[2]]


def test_a_goal_the_post_does_not_carry_is_not_deleted(client_for, ib, drie_doelen):
    """A page opened before a goal was added (another tab, a colleague) cannot delete that goal on save."""
    client = client_for(ib)
    vraag = drie_doelen.plan.vraag
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    services.versie_opslaan(
        versie=drie_doelen,
        door=ib,
        inhoud={},
        doelen=[{"omschrijving": "Later toegevoegd.", "evaluatiedatum": VANDAAG, "resultaat": ""}],
    )
    assert client.post(bewerken(vraag), data).status_code == 302
    assert "Later toegevoegd." in [d[1] for d in doelen_van(drie_doelen)]
    assert len(doelen_van(drie_doelen)) == 4


def test_a_new_goal_is_added_after_the_existing_ones(client_for, ib, drie_doelen):
    client = client_for(ib)
    vraag = drie_doelen.plan.vraag
    voor = doelen_van(drie_doelen)
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    leeg = data["doelen-TOTAL_FORMS"]
    data[f"doelen-{int(leeg) - 1}-omschrijving"] = "Daan schrijft een verhaal."
    data[f"doelen-{int(leeg) - 1}-evaluatiedatum"] = (VANDAAG + datetime.timedelta(weeks=12)).strftime("%Y-%m-%d")
    assert client.post(bewerken(vraag), data).status_code == 302
    na = doelen_van(drie_doelen)
    assert na[:3] == voor
    assert na[3][1] == "Daan schrijft een verhaal."


def test_in_a_new_version_a_result_on_goal_one_keeps_goal_two(client_for, ib, drie_doelen):
    client = client_for(ib)
    vraag = drie_doelen.plan.vraag
    services.versie_delen(versie=drie_doelen, door=ib)
    assert client.post(reverse("ondersteuning:plan_nieuwe_versie", args=[vraag.pk])).status_code == 302
    nieuw = PlanVersie.objects.get(plan__vraag=vraag, nummer=2)
    voor_inhoud = inhoud_van(nieuw)
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    data[f"doelen-{doel_index(data, 'Daan leest AVI E4 vlot.')}-resultaat"] = "AVI E4 gehaald."
    assert client.post(bewerken(vraag), data).status_code == 302
    na = [d[1:] for d in doelen_van(nieuw)]
    assert na == [
        ("Daan leest AVI E4 vlot.", DRIE_DOELEN[0]["evaluatiedatum"], "AVI E4 gehaald."),
        ("Daan rekent tot 100.", DRIE_DOELEN[1]["evaluatiedatum"], ""),
        ("Daan vraagt zelf om hulp.", DRIE_DOELEN[2]["evaluatiedatum"], "Lukt al vaak."),
    ]
    assert inhoud_van(nieuw) == voor_inhoud
    # The shared version keeps its own goals.
    assert [d[3] for d in doelen_van(drie_doelen)] == ["", "", "Lukt al vaak."]


def test_the_teachers_save_keeps_the_ibs_sections_and_the_goals(client_for, leerkracht, drie_doelen):
    client = client_for(leerkracht)
    vraag = drie_doelen.plan.vraag
    voor_doelen, voor_inhoud = doelen_van(drie_doelen), inhoud_van(drie_doelen)
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    data["kind_aan_het_woord"] = "Ik lees nu graag strips."
    assert client.post(bewerken(vraag), data).status_code == 302
    assert doelen_van(drie_doelen) == voor_doelen
    assert inhoud_van(drie_doelen) == {**voor_inhoud, "kind_aan_het_woord": "Ik lees nu graag strips."}


def test_a_goal_id_of_another_version_cannot_be_written_through_this_form(client_for, ib, drie_doelen):
    client = client_for(ib)
    vraag = drie_doelen.plan.vraag
    services.versie_delen(versie=drie_doelen, door=ib)
    client.post(reverse("ondersteuning:plan_nieuwe_versie", args=[vraag.pk]))
    gedeeld_voor = doelen_van(drie_doelen)
    data = form_data(client.get(bewerken(vraag)).content, "plan-formulier")
    index = doel_index(data, "Daan leest AVI E4 vlot.")
    data[f"doelen-{index}-id"] = str(gedeeld_voor[0][0])
    data[f"doelen-{index}-resultaat"] = "Geprobeerd te overschrijven."
    client.post(bewerken(vraag), data)
    assert doelen_van(drie_doelen) == gedeeld_voor
