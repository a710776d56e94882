"""The hooks through which a lower layer asks what only an app above it knows (klimop/portaal/apps.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from klimop.accounts import meldingen
from leerlingen import querysets
from leerlingen.models import Leerling
from ondersteuning import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def geopend(vraag, ib, ouder, trajectbegeleider):
    """`vraag` brought to the OT and opened to the trajectbegeleider, with the parents' consents."""
    services.oppakken(vraag=vraag, door=ib)
    for soort in ("aanmelden_ot", "delen_swv"):
        services.toestemming_geven(vraag=vraag, soort=soort, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig dan de basisondersteuning.")
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="")
    return vraag


def test_a_trajectbegeleider_sees_the_pupil_of_a_case_opened_to_them_and_no_other(
    geopend, trajectbegeleider, andere_leerling
):
    assert list(Leerling.objects.zichtbaar_voor(trajectbegeleider)) == [geopend.leerling]


def test_without_a_registered_source_external_roles_see_no_pupil(monkeypatch, geopend, trajectbegeleider):
    monkeypatch.setattr(querysets, "_leerlingbronnen", {})
    assert not Leerling.objects.zichtbaar_voor(trajectbegeleider).exists()


def test_a_step_is_never_dropped_silently_when_nobody_registered_its_recipients(monkeypatch, geopend):
    monkeypatch.setattr(meldingen, "_ontvangers_van_stap", None)
    with pytest.raises(ImproperlyConfigured):
        meldingen.stap_gezet(geopend.stappen.latest("pk").pk)
