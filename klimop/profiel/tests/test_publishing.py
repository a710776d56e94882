import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from klimop.profiel import services
from klimop.profiel.models import Basisondersteuningsonderdeel, Ondersteuningsprofiel

from .factories import OnderdeelFactory, ProfielFactory

pytestmark = pytest.mark.django_db
Status = Ondersteuningsprofiel.Status


def _klaar_concept(**kwargs) -> Ondersteuningsprofiel:
    concept = ProfielFactory(status=Status.CONCEPT, vastgesteld_op=datetime.date(2025, 3, 4), **kwargs)
    OnderdeelFactory(profiel=concept, titel="Dyslexieprotocol")
    return concept


def test_a_new_concept_copies_the_sections_and_items_of_the_published_version(gepubliceerd, directeur):
    concept = services.create_concept(door=directeur)
    assert concept.status == Status.CONCEPT
    assert concept.aangemaakt_door == directeur
    for sectie in (*Ondersteuningsprofiel.SECTIES, "titel", "samenvatting"):
        assert getattr(concept, sectie) == getattr(gepubliceerd, sectie)
    assert concept.vastgesteld_op is None and concept.mr_advies_op is None and concept.gepubliceerd_op is None
    assert list(concept.onderdelen.values_list("titel", flat=True)) == list(
        gepubliceerd.onderdelen.values_list("titel", flat=True)
    )
    # Copies, not moves: support requests keep pointing at the items of the version they were filed under.
    assert not set(concept.onderdelen.values_list("pk", flat=True)) & set(
        gepubliceerd.onderdelen.values_list("pk", flat=True)
    )
    assert gepubliceerd.onderdelen.count() == 3


def test_a_new_concept_starts_empty_when_nothing_is_published(directeur):
    concept = services.create_concept(door=directeur)
    assert concept.visie == "" and not concept.onderdelen.exists()


def test_a_second_concept_is_refused_in_dutch(gepubliceerd, directeur):
    services.create_concept(door=directeur)
    with pytest.raises(ValidationError, match="al een concept in bewerking"):
        services.create_concept(door=directeur)
    assert Ondersteuningsprofiel.objects.concept().count() == 1


def test_publishing_archives_the_previous_version_and_stamps_the_moment(gepubliceerd, directeur):
    concept = _klaar_concept()
    voor = timezone.now()
    services.publish(profiel=concept, door=directeur)
    concept.refresh_from_db()
    gepubliceerd.refresh_from_db()
    assert concept.status == Status.GEPUBLICEERD
    assert concept.gepubliceerd_op >= voor
    assert gepubliceerd.status == Status.GEARCHIVEERD
    assert Ondersteuningsprofiel.objects.huidig() == concept
    assert list(Ondersteuningsprofiel.objects.openbaar()) == [concept, gepubliceerd]


def test_the_first_publication_needs_no_previous_version(directeur):
    concept = _klaar_concept()
    services.publish(profiel=concept, door=directeur)
    assert Ondersteuningsprofiel.objects.huidig() == concept


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ({"vastgesteld_op": None}, "Vul de datum in waarop het profiel is vastgesteld"),
        ({"vastgesteld_op": datetime.date(2999, 1, 1)}, "ligt in de toekomst"),
        ({"mr_advies_op": datetime.date(2025, 4, 1)}, "advies vóór de vaststelling"),
        ({"vastgesteld_op": datetime.date(2023, 1, 1)}, "eerder vastgesteld dan de versie die nu gepubliceerd is"),
    ],
)
def test_publishing_refuses_an_incomplete_concept_with_a_dutch_reason(gepubliceerd, directeur, wijziging, melding):
    concept = _klaar_concept()
    Ondersteuningsprofiel.objects.filter(pk=concept.pk).update(**wijziging)
    with pytest.raises(ValidationError) as exc:
        services.publish(profiel=concept, door=directeur)
    assert any(melding in m for m in exc.value.messages)
    gepubliceerd.refresh_from_db()
    concept.refresh_from_db()
    assert gepubliceerd.status == Status.GEPUBLICEERD
    assert concept.status == Status.CONCEPT and concept.gepubliceerd_op is None


def test_publishing_needs_at_least_one_basisondersteuning_item(directeur):
    concept = ProfielFactory(status=Status.CONCEPT, vastgesteld_op=datetime.date(2025, 3, 4))
    with pytest.raises(ValidationError, match="ten minste één onderdeel"):
        services.publish(profiel=concept, door=directeur)


def test_a_published_or_archived_version_cannot_be_published_again(gepubliceerd, directeur):
    with pytest.raises(ValidationError, match="Alleen een concept"):
        services.publish(profiel=gepubliceerd, door=directeur)
    gepubliceerd.refresh_from_db()
    assert gepubliceerd.status == Status.GEPUBLICEERD


def test_a_stale_concept_object_is_checked_against_the_database(gepubliceerd, directeur):
    concept = _klaar_concept()
    services.publish(profiel=concept, door=directeur)
    # The caller still holds the old in-memory object with status "concept".
    stale = Ondersteuningsprofiel(pk=concept.pk, status=Status.CONCEPT)
    with pytest.raises(ValidationError):
        services.publish(profiel=stale, door=directeur)


def test_items_are_appended_moved_and_removed_only_on_a_concept(gepubliceerd):
    concept = ProfielFactory(status=Status.CONCEPT)
    eerste = services.add_item(profiel=concept, titel="Eerste")
    tweede = services.add_item(profiel=concept, titel="Tweede", omschrijving="Uitleg")
    derde = services.add_item(profiel=concept, titel="Derde")
    assert [o.titel for o in concept.onderdelen.all()] == ["Eerste", "Tweede", "Derde"]

    services.move_item(onderdeel=derde, omhoog=True)
    assert [o.titel for o in concept.onderdelen.all()] == ["Eerste", "Derde", "Tweede"]
    services.move_item(onderdeel=eerste, omhoog=True)  # already at the top
    services.move_item(onderdeel=tweede, omhoog=False)  # already at the bottom
    assert [o.titel for o in concept.onderdelen.all()] == ["Eerste", "Derde", "Tweede"]

    services.remove_item(onderdeel=eerste)
    assert [o.titel for o in concept.onderdelen.all()] == ["Derde", "Tweede"]

    vast = gepubliceerd.onderdelen.first()
    for actie in (
        lambda: services.add_item(profiel=gepubliceerd, titel="Nieuw"),
        lambda: services.move_item(onderdeel=vast, omhoog=False),
        lambda: services.remove_item(onderdeel=vast),
    ):
        with pytest.raises(ValidationError, match="Alleen een concept"):
            actie()
    assert gepubliceerd.onderdelen.count() == 3


def test_moving_repairs_equal_order_numbers(directeur):
    concept = ProfielFactory(status=Status.CONCEPT)
    a = OnderdeelFactory(profiel=concept, titel="A", volgorde=0)
    OnderdeelFactory(profiel=concept, titel="B", volgorde=0)
    services.move_item(onderdeel=a, omhoog=False)
    assert [o.titel for o in concept.onderdelen.all()] == ["B", "A"]


def test_the_checklist_for_support_requests_offers_only_the_published_items(gepubliceerd, directeur):
    services.create_concept(door=directeur)
    ProfielFactory(status=Status.GEARCHIVEERD, vastgesteld_op=datetime.date(2020, 6, 1))
    assert list(Basisondersteuningsonderdeel.objects.gepubliceerd()) == list(gepubliceerd.onderdelen.all())
