"""Fixtures shared by the pupil-file tests (export, retention)."""

import datetime

import pytest
from django.utils import timezone

from ondersteuning import services
from ondersteuning.models import Verwijzing


@pytest.fixture
def volledig_dossier(ib, trajectbegeleider, ot_lid, ouder, leerkracht, vraag):
    """`vraag` taken through the OT, the trajectbegeleider and a TLV request: a row in every related model."""
    services.oppakken(vraag=vraag, door=ib)
    for soort in ("aanmelden_ot", "delen_ot", "delen_swv"):
        services.toestemming_geven(vraag=vraag, soort=soort, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig dan de basisondersteuning.")
    services.overleg_plannen(
        vraag=vraag, door=ib, datum=timezone.now() + datetime.timedelta(days=7), agenda="Lezen", deelnemers=[ot_lid]
    )
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="?")
    services.verwijzen(
        vraag=vraag,
        door=ib,
        verwijzing=Verwijzing(
            soort="B",
            bestemming="SBO De Brug",
            deskundige_1="Orthopedagoog",
            advies_1="Toelaatbaar.",
            deskundige_2="Schoolpsycholoog",
            advies_2="Eens.",
            zienswijze_ouders="Wij stemmen in.",
        ),
    )
    return vraag
