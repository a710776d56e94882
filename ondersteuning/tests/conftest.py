"""Fixtures for the plan and the parents' responses: a case with extra support, a concept and a shared plan."""

import datetime

import pytest
from django.utils import timezone

from leerlingen.tests.factories import OuderFactory
from ondersteuning import services
from ondersteuning.models import ToestemmingSoort

OVER_ZES_WEKEN = timezone.localdate() + datetime.timedelta(weeks=6)

INHOUD = {
    "uitstroombestemming": "vmbo kader",
    "uitstroom_onderbouwing": "Leestoetsen op niveau eind groep 3; rekenen op niveau.",
    "bevorderende_factoren": "Daan vertelt goed en wil graag leren.",
    "belemmerende_factoren": "Lezen kost veel energie.",
    "onderwijsbehoeften": "Korte teksten, voorlezen van instructies.",
    "handelingsdeel_aanbod": "RT lezen in een kleine groep.",
    "handelingsdeel_uitvoering": "De onderwijsassistent, twee keer per week 30 minuten.",
    "handelingsdeel_afwijkingen": "Geen.",
    "kind_aan_het_woord": "Ik vind lezen moeilijk maar voorlezen leuk.",
    "kind_eigen_doelen": "Ik wil zelf een strip lezen.",
    "evaluatiemomenten": "Eind januari en eind juni.",
}
DOELEN = [{"omschrijving": "Daan leest AVI E4 vlot.", "evaluatiedatum": OVER_ZES_WEKEN, "resultaat": ""}]


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    """Uploaded documents go to a fresh folder per test, never to the project's own uploads/."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def arrangement(vraag, ib, ouder):
    """`vraag` with extra support running: the plan is now due within six weeks."""
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig.")
    services.arrangement_starten(
        vraag=vraag, door=ib, omschrijving="RT lezen", evaluatiedatum=OVER_ZES_WEKEN, ouders_aanwezig=True
    )
    vraag.refresh_from_db()
    return vraag


@pytest.fixture
def concept(arrangement, ib):
    """Version 1 of the plan, not yet shared."""
    return services.plan_starten(vraag=arrangement, door=ib, inhoud=dict(INHOUD), doelen=list(DOELEN))


@pytest.fixture
def gedeeld(concept, ib):
    """Version 1, shared with the parents and waiting for their agreement."""
    services.versie_delen(versie=concept, door=ib)
    concept.refresh_from_db()
    return concept


@pytest.fixture
def tweede_ouder(leerling):
    """The pupil's other guardian with gezag."""
    return OuderFactory(leerling=leerling, relatie="vader", user__email="vader@klimop.test").user
