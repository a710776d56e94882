import datetime

import pytest
from django.db import IntegrityError, transaction

from klimop.profiel.models import Ondersteuningsprofiel

from .factories import ProfielFactory

pytestmark = pytest.mark.django_db
Status = Ondersteuningsprofiel.Status


def test_the_database_refuses_a_second_published_version(gepubliceerd):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfielFactory(status=Status.GEPUBLICEERD, vastgesteld_op=datetime.date(2025, 1, 1))
    assert Ondersteuningsprofiel.objects.gepubliceerd().count() == 1


def test_the_database_refuses_publishing_by_update_next_to_the_published_version(gepubliceerd):
    concept = ProfielFactory(status=Status.CONCEPT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ondersteuningsprofiel.objects.filter(pk=concept.pk).update(status=Status.GEPUBLICEERD)


def test_the_database_refuses_a_published_version_without_a_vaststelling_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfielFactory(status=Status.GEPUBLICEERD, vastgesteld_op=None)


def test_the_database_refuses_a_second_concept():
    ProfielFactory(status=Status.CONCEPT)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfielFactory(status=Status.CONCEPT)


def test_the_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfielFactory(status="verlopen")


def test_any_number_of_archived_versions_is_fine(gepubliceerd):
    for jaar in (2012, 2016, 2020):
        ProfielFactory(status=Status.GEARCHIVEERD, vastgesteld_op=datetime.date(jaar, 6, 1))
    assert Ondersteuningsprofiel.objects.openbaar().count() == 4
