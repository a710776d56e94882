"""The directeur's start page warns in time that the profile expires (geldig tot = vastgesteld op + 4 years)."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from klimop.profiel.models import Ondersteuningsprofiel

from .factories import ProfielFactory, gepubliceerd_profiel

pytestmark = pytest.mark.django_db
PORTAAL = reverse("portaal")
# Published 18 June 2024, so valid until 18 June 2028 and the warning starts on 18 March 2028.
GELDIG_TOT = datetime.date(2028, 6, 18)


def _portaal_op(client, dag: datetime.date) -> str:
    with mock.patch.object(timezone, "localdate", return_value=dag):
        return client.get(PORTAAL).content.decode()


@pytest.mark.parametrize(
    ("dag", "waarschuwing"),
    [
        (datetime.date(2028, 3, 17), None),
        (datetime.date(2028, 3, 18), "is geldig tot 18 juni 2028"),
        (datetime.date(2028, 6, 17), "is geldig tot 18 juni 2028"),
        (datetime.date(2028, 6, 18), "is verlopen"),
    ],
)
def test_directeur_is_warned_from_three_months_before_geldig_tot(client_for, directeur, dag, waarschuwing):
    gepubliceerd_profiel()
    content = _portaal_op(client_for(directeur), dag)
    if waarschuwing:
        assert 'class="alert alert-warning"' in content
        assert waarschuwing in content
    else:
        assert 'class="alert alert-warning"' not in content


def test_directeur_is_warned_when_nothing_is_published(client_for, directeur):
    content = client_for(directeur).get(PORTAAL).content.decode()
    assert "Er is geen gepubliceerd schoolondersteuningsprofiel." in content


def test_the_warning_leads_to_the_concept_when_one_is_in_progress(client_for, directeur):
    gepubliceerd_profiel()
    ProfielFactory(status=Ondersteuningsprofiel.Status.CONCEPT)
    content = _portaal_op(client_for(directeur), datetime.date(2028, 5, 1))
    assert "Verder met het concept" in content


def test_only_the_directeur_gets_the_warning_but_the_ib_sees_the_profile(client_for, ib):
    gepubliceerd_profiel()
    content = _portaal_op(client_for(ib), datetime.date(2028, 5, 1))
    assert 'class="alert alert-warning"' not in content
    assert "De gepubliceerde versie is vastgesteld op 18 juni 2024 en geldig tot 18 juni 2028." in content
    assert "Profiel bekijken" in content


def test_directeur_start_page_links_to_the_editor(client_for, directeur):
    gepubliceerd_profiel()
    content = client_for(directeur).get(PORTAAL).content.decode()
    assert f'href="{reverse("profielbeheer:overzicht")}"' in content
    assert "Profiel bewerken en publiceren" in content


@pytest.mark.parametrize(
    ("vastgesteld", "geldig_tot", "waarschuwen_vanaf"),
    [
        (datetime.date(2024, 6, 18), datetime.date(2028, 6, 18), datetime.date(2028, 3, 18)),
        (datetime.date(2024, 2, 29), datetime.date(2028, 2, 29), datetime.date(2027, 11, 29)),
        (datetime.date(2023, 2, 28), datetime.date(2027, 2, 28), datetime.date(2026, 11, 28)),
        (datetime.date(2021, 5, 31), datetime.date(2025, 5, 31), datetime.date(2025, 2, 28)),
        (datetime.date(2020, 2, 29), datetime.date(2024, 2, 29), datetime.date(2023, 11, 29)),
        (datetime.date(2022, 1, 15), datetime.date(2026, 1, 15), datetime.date(2025, 10, 15)),
    ],
)
def test_validity_and_warning_dates(vastgesteld, geldig_tot, waarschuwen_vanaf):
    profiel = Ondersteuningsprofiel(vastgesteld_op=vastgesteld)
    assert profiel.geldig_tot == geldig_tot
    assert profiel.waarschuwen_vanaf == waarschuwen_vanaf


def test_a_profile_without_vaststelling_has_no_validity():
    profiel = Ondersteuningsprofiel()
    assert profiel.geldig_tot is None and profiel.waarschuwen_vanaf is None
    assert not profiel.verloopt_binnenkort(datetime.date(2030, 1, 1))
    assert not profiel.is_verlopen(datetime.date(2030, 1, 1))
