"""Fixtures shared by the pupil-file tests (export, retention)."""

import datetime

import pytest
from django.utils import timezone

from ondersteuning import services
from ondersteuning.tests import tlv


@pytest.fixture
def volledig_dossier(ib, directeur, trajectbegeleider, ot_lid, ouder, leerkracht, vraag):
    """`vraag` taken through the OT, the trajectbegeleider and a TLV request: a row in every related model."""
    services.oppakken(vraag=vraag, door=ib)
    for soort in ("aanmelden_ot", "delen_ot", "delen_swv"):
        services.toestemming_geven(vraag=vraag, soort=soort, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig dan de basisondersteuning.")
    services.overleg_plannen(
        vraag=vraag, door=ib, datum=timezone.now() + datetime.timedelta(days=7), agenda="Lezen", deelnemers=[ot_lid]
    )
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="?")
    tlv.verstuurd(vraag, ib=ib, ouder=ouder, directeur=directeur, gegevens={"bestemming": "SBO De Brug"})
    return vraag


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def plandossier(settings, tmp_path, ib, ouder, vraag):
    """`vraag` with a plan: version 1 shared (frozen) and agreed to, a comment on it, version 2 a concept, and a
    stored document (under a temporary MEDIA_ROOT)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "uploads"
    services.oppakken(vraag=vraag, door=ib)
    eerste = services.plan_starten(
        vraag=vraag,
        door=ib,
        inhoud={"handelingsdeel_aanbod": "RT lezen.", "handelingsdeel_uitvoering": "De IB, wekelijks."},
        doelen=[{"omschrijving": "Vlot lezen.", "evaluatiedatum": datetime.date(2030, 1, 31)}],
    )
    services.versie_delen(versie=eerste, door=ib)
    services.instemmen(versie=eerste, ouder=ouder, akkoord=True)
    services.reageren(vraag=vraag, door=ouder, tekst="Wij lezen thuis mee.", versie=eerste)
    services.concept_versie(vraag=vraag, door=ib)
    services.bijlage_toevoegen(vraag=vraag, door=ib, bestand=SimpleUploadedFile("verslag.pdf", PDF))
    return vraag
