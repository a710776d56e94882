import datetime

import pytest

from klimop.profiel.demo import build_profiel
from klimop.profiel.models import Basisondersteuningsonderdeel, Ondersteuningsprofiel

from .factories import gepubliceerd_profiel

pytestmark = pytest.mark.django_db


def test_demo_profile_is_complete_published_and_has_an_archived_predecessor():
    huidig = build_profiel()
    assert Ondersteuningsprofiel.objects.huidig() == huidig
    assert huidig.vastgesteld_op.year in (2024, 2025) and huidig.mr_advies_op < huidig.vastgesteld_op
    assert all(tekst for _, _, tekst in huidig.secties()), "every section is written"
    titels = list(huidig.onderdelen.values_list("titel", flat=True))
    assert 10 <= len(titels) <= 14
    for titel in ("Handelingsgericht werken in de groep", "Dyslexieprotocol", "Rekenprotocol ERWD"):
        assert titel in titels
    archief = Ondersteuningsprofiel.objects.get(status=Ondersteuningsprofiel.Status.GEARCHIVEERD)
    assert archief.vastgesteld_op.year == 2020 and archief.onderdelen.exists()


def test_demo_profile_is_idempotent():
    build_profiel()
    stand = list(Basisondersteuningsonderdeel.objects.order_by("pk").values_list("pk", "profiel_id", "titel"))
    build_profiel()
    assert Ondersteuningsprofiel.objects.count() == 2
    assert list(Basisondersteuningsonderdeel.objects.order_by("pk").values_list("pk", "profiel_id", "titel")) == stand


def test_demo_profile_takes_over_from_a_version_published_in_the_portal():
    gepubliceerd_profiel(vastgesteld_op=datetime.date(2025, 9, 1))
    huidig = build_profiel()
    assert Ondersteuningsprofiel.objects.huidig() == huidig
    assert Ondersteuningsprofiel.objects.filter(status=Ondersteuningsprofiel.Status.GEARCHIVEERD).count() == 2
