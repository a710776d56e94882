"""Editing existing data the way people do, in Chromium: open, change one thing, save; every other value stays.

These journeys fail when a form drops values it did not show or a save replaces a whole set (issue 11).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from klimop.profiel.models import Ondersteuningsprofiel
from klimop.profiel.tests.factories import OnderdeelFactory, ProfielFactory, gepubliceerd_profiel
from ondersteuning import services
from ondersteuning.models import Doel, Ondersteuningsvraag, PlanVersie, ToestemmingSoort
from ondersteuning.tests.factories import VraagFactory
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VANDAAG = timezone.localdate()
INHOUD = {
    "uitstroombestemming": "vmbo kader",
    "uitstroom_onderbouwing": "Leestoetsen op niveau eind groep 3.",
    "bevorderende_factoren": "Daan vertelt goed.",
    "belemmerende_factoren": "Lezen kost veel energie.",
    "onderwijsbehoeften": "Korte teksten.",
    "handelingsdeel_aanbod": "RT lezen in een kleine groep.",
    "handelingsdeel_uitvoering": "De onderwijsassistent, twee keer per week.",
    "handelingsdeel_afwijkingen": "Geen.",
    "kind_aan_het_woord": "Ik vind voorlezen leuk.",
    "kind_eigen_doelen": "Ik wil zelf een strip lezen.",
    "evaluatiemomenten": "Eind januari en eind juni.",
}
DOELEN = [
    ("Daan leest AVI E4 vlot.", VANDAAG + datetime.timedelta(weeks=6), ""),
    ("Daan rekent tot 100.", VANDAAG + datetime.timedelta(weeks=8), ""),
    ("Daan vraagt zelf om hulp.", VANDAAG + datetime.timedelta(weeks=10), "Lukt al vaak."),
]


def _concept_met_drie_doelen(vraag, ib, ouder) -> PlanVersie:
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig.")
    services.arrangement_starten(
        vraag=vraag, door=ib, omschrijving="RT lezen", evaluatiedatum=DOELEN[0][1], ouders_aanwezig=True
    )
    doelen = [{"omschrijving": o, "evaluatiedatum": d, "resultaat": r} for o, d, r in DOELEN]
    return services.plan_starten(vraag=vraag, door=ib, inhoud=dict(INHOUD), doelen=doelen)


def _tekst(waarde):
    """Browsers send line breaks as CRLF; the text a person sees is the same."""
    return waarde.replace("\r\n", "\n") if isinstance(waarde, str) else waarde


def _doelen(versie):
    return [(d.omschrijving, d.evaluatiedatum, d.resultaat) for d in Doel.objects.filter(versie=versie)]


def _inhoud(versie):
    versie = PlanVersie.objects.get(pk=versie.pk)
    return {veld: getattr(versie, veld) for veld in INHOUD}


def _opslaan(page):
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Het plan is opgeslagen.")).to_be_visible()


def test_editing_an_existing_plan_in_the_browser_keeps_every_untouched_value(page, vraag, ib, ouder):
    versie = _concept_met_drie_doelen(vraag, ib, ouder)
    sign_in(page, ib.email, "geheim-wachtwoord")
    bewerken = f"/ondersteuning/{vraag.pk}/plan/bewerken/"

    # Open, change one field, save.
    page.goto(bewerken)
    assert_accessible(page)
    page.get_by_label("Evaluatiemomenten").fill("Eind maart.")
    _opslaan(page)
    assert _inhoud(versie) == {**INHOUD, "evaluatiemomenten": "Eind maart."}
    assert _doelen(versie) == DOELEN

    # Save again without changing anything.
    page.goto(bewerken)
    _opslaan(page)
    assert _inhoud(versie) == {**INHOUD, "evaluatiemomenten": "Eind maart."}
    assert _doelen(versie) == DOELEN

    # A result on one of three goals.
    page.goto(bewerken)
    page.get_by_role("group", name="Doel 2").get_by_label("Resultaat").fill("Gehaald in december.")
    _opslaan(page)
    assert _doelen(versie) == [DOELEN[0], (*DOELEN[1][:2], "Gehaald in december."), DOELEN[2]]

    # Remove one goal.
    page.goto(bewerken)
    page.get_by_role("group", name="Doel 1").get_by_label("Verwijderen").check()
    _opslaan(page)
    assert _doelen(versie) == [(*DOELEN[1][:2], "Gehaald in december."), DOELEN[2]]
    assert _inhoud(versie) == {**INHOUD, "evaluatiemomenten": "Eind maart."}

    # What the page shows afterwards is what is stored, field by field.
    page.goto(bewerken)
    for veld, waarde in {**INHOUD, "evaluatiemomenten": "Eind maart."}.items():
        expect(page.locator(f"[name={veld}]")).to_have_value(waarde)
    tweede = page.get_by_role("group", name="Doel 2")
    expect(tweede.locator("textarea[name$=omschrijving]")).to_have_value(DOELEN[2][0])
    expect(tweede.get_by_label("Resultaat")).to_have_value("Lukt al vaak.")


def test_in_a_new_version_a_result_on_goal_one_keeps_goal_two_in_the_browser(page, vraag, ib, ouder):
    versie = _concept_met_drie_doelen(vraag, ib, ouder)
    services.versie_delen(versie=versie, door=ib)
    sign_in(page, ib.email, "geheim-wachtwoord")
    page.goto(f"/ondersteuning/{vraag.pk}/plan/")
    page.get_by_role("button", name="Nieuwe versie maken").click()
    page.wait_for_url("**/plan/bewerken/")
    page.get_by_role("group", name="Doel 1").get_by_label("Resultaat").fill("AVI E4 gehaald.")
    _opslaan(page)
    nieuw = PlanVersie.objects.get(plan__vraag=vraag, nummer=2)
    assert _doelen(nieuw) == [(*DOELEN[0][:2], "AVI E4 gehaald."), DOELEN[1], DOELEN[2]]
    assert _inhoud(nieuw) == INHOUD
    assert _doelen(versie) == DOELEN


def test_the_teacher_edits_a_concept_request_and_keeps_what_was_tried(page, leerkracht, leerling):
    oud = gepubliceerd_profiel()
    oud_item = oud.onderdelen.first()
    oud.status = Ondersteuningsprofiel.Status.GEARCHIVEERD
    oud.save()
    nieuw_item = gepubliceerd_profiel().onderdelen.last()
    vraag = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    vraag.geprobeerd.set([oud_item, nieuw_item])
    velden = ["hulpvraag", "sterke_kanten", "geprobeerd_toelichting", "ouders_geinformeerd_op", "urgentie"]
    voor = {veld: getattr(vraag, veld) for veld in velden}

    sign_in(page, leerkracht.email, "geheim-wachtwoord")
    page.goto(f"/ondersteuning/{vraag.pk}/bewerken/")
    assert_accessible(page)
    page.locator("[name=sterke_kanten]").fill("Daan helpt anderen graag.")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Het concept is opgeslagen.")).to_be_visible()
    vraag = Ondersteuningsvraag.objects.get(pk=vraag.pk)
    assert {veld: _tekst(getattr(vraag, veld)) for veld in velden} == {
        **voor,
        "sterke_kanten": "Daan helpt anderen graag.",
    }
    assert set(vraag.geprobeerd.all()) == {oud_item, nieuw_item}

    page.goto(f"/ondersteuning/{vraag.pk}/bewerken/")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Het concept is opgeslagen.")).to_be_visible()
    assert set(Ondersteuningsvraag.objects.get(pk=vraag.pk).geprobeerd.all()) == {oud_item, nieuw_item}


def test_the_directeur_edits_one_profile_section_and_keeps_the_rest(page, directeur):
    concept = ProfielFactory(samenwerkingspartners="GGD Hollands Noorden.", ambities="Meer expertise op taal.")
    for titel in ("Dyslexieprotocol", "Rekenprotocol", "Gedragsaanpak"):
        OnderdeelFactory(profiel=concept, titel=titel)
    velden = ["titel", "samenvatting", "vastgesteld_op", "mr_advies_op", *Ondersteuningsprofiel.SECTIES]
    voor = {veld: getattr(concept, veld) for veld in velden}
    items = list(concept.onderdelen.values_list("titel", "omschrijving", "volgorde"))

    sign_in(page, directeur.email, "geheim-wachtwoord")
    page.goto(f"/portaal/profiel/{concept.pk}/bewerken/")
    assert_accessible(page)
    page.locator("[name=ambities]").fill("Meer expertise op taal en rekenen.")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("De wijzigingen in het concept zijn opgeslagen.")).to_be_visible()
    na = Ondersteuningsprofiel.objects.get(pk=concept.pk)
    assert {veld: _tekst(getattr(na, veld)) for veld in velden} == {
        **voor,
        "ambities": "Meer expertise op taal en rekenen.",
    }
    assert list(na.onderdelen.values_list("titel", "omschrijving", "volgorde")) == items
