import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from klimop.profiel import services
from klimop.profiel.models import Ondersteuningsprofiel
from tests.antwoorden import inhoud

from .factories import OnderdeelFactory, ProfielFactory

pytestmark = pytest.mark.django_db
Status = Ondersteuningsprofiel.Status
PROFIEL = reverse("profiel:ondersteuningsprofiel")
ARCHIEF = reverse("profiel:archief")


@pytest.fixture
def gearchiveerd(db):
    profiel = ProfielFactory(
        status=Status.GEARCHIVEERD,
        vastgesteld_op=datetime.date(2020, 6, 23),
        gepubliceerd_op=timezone.now() - datetime.timedelta(days=1500),
        visie="Onze oude visie uit 2020.",
    )
    OnderdeelFactory(profiel=profiel, titel="Kanjertraining")
    return profiel


def test_public_profile_shows_the_published_version_with_dates_and_sections(client, gepubliceerd):
    content = client.get(PROFIEL).content.decode()
    assert "18 juni 2024" in content  # vastgesteld op
    assert "28 mei 2024" in content  # MR-advies
    assert "18 juni 2028" in content  # geldig tot
    for kop in ("Visie op ondersteuning", "Basisondersteuning", "Extra ondersteuning", "Deskundigheid"):
        assert f">{kop}</h2>" in content
    for titel in ("Handelingsgericht werken in de groep", "Dyslexieprotocol", "Rekenprotocol ERWD"):
        assert f">{titel}</h3>" in content
    assert "<li>een gedragsspecialist</li>" in content
    assert f'href="{ARCHIEF}"' in content


def test_public_profile_leaves_out_empty_sections(client, gepubliceerd):
    content = inhoud(client.get(PROFIEL))
    assert gepubliceerd.ambities == ""
    assert ">Ambities</h2>" not in content


def test_public_profile_never_shows_a_concept(client, gepubliceerd):
    ProfielFactory(status=Status.CONCEPT, visie="Geheime conceptvisie")
    assert "Geheime conceptvisie" not in inhoud(client.get(PROFIEL))


def test_public_profile_explains_when_nothing_is_published(client):
    ProfielFactory(status=Status.CONCEPT, visie="Geheime conceptvisie")
    response = client.get(PROFIEL)
    assert response.status_code == 200
    assert "geen schoolondersteuningsprofiel gepubliceerd" in inhoud(response)
    assert "Geheime conceptvisie" not in inhoud(response)


def test_section_text_is_escaped(client, gepubliceerd):
    Ondersteuningsprofiel.objects.filter(pk=gepubliceerd.pk).update(visie="<script>alert(1)</script>")
    content = inhoud(client.get(PROFIEL))
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_archive_lists_every_public_version_with_its_dates(client, gepubliceerd, gearchiveerd):
    ProfielFactory(status=Status.CONCEPT, vastgesteld_op=datetime.date(2025, 1, 9))
    content = inhoud(client.get(ARCHIEF))
    assert "23 juni 2020" in content and "23 juni 2024" in content
    assert "18 juni 2024" in content
    assert "9 januari 2025" not in content
    assert f'href="{reverse("profiel:archief_versie", args=[gearchiveerd.pk])}"' in content
    assert content.index("18 juni 2024") < content.index("23 juni 2020")


def test_an_archived_version_stays_readable_and_says_it_no_longer_applies(client, gepubliceerd, gearchiveerd):
    response = client.get(reverse("profiel:archief_versie", args=[gearchiveerd.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies
    assert "Onze oude visie uit 2020." in content
    assert ">Kanjertraining</h3>" in content
    assert "eerdere versie die niet meer geldt" in content


def test_the_archive_sends_the_published_version_to_the_main_page(client, gepubliceerd):
    response = client.get(reverse("profiel:archief_versie", args=[gepubliceerd.pk]))
    assert response.status_code == 302
    assert response.url == PROFIEL


def test_a_concept_is_not_in_the_public_archive(client):
    concept = ProfielFactory(status=Status.CONCEPT)
    assert client.get(reverse("profiel:archief_versie", args=[concept.pk])).status_code == 404


def test_public_profile_is_served_from_the_cache_after_the_first_visit(
    client, gepubliceerd, django_assert_max_num_queries
):
    for _ in range(20):
        OnderdeelFactory(profiel=gepubliceerd)
    with django_assert_max_num_queries(2):
        first = client.get(PROFIEL).content.decode()
    with django_assert_max_num_queries(1):
        second = client.get(PROFIEL).content.decode()
    # Only the per-request CSP nonce differs between the two responses.
    assert re.sub(r'nonce="[^"]+"', "", first) == re.sub(r'nonce="[^"]+"', "", second)
    assert first.count('<li class="onderdeel">') == 23


def test_publishing_replaces_the_cached_page_at_once(client, gepubliceerd, directeur):
    assert "Dyslexieprotocol" in inhoud(client.get(PROFIEL))
    concept = services.create_concept(door=directeur)
    concept.vastgesteld_op = timezone.localdate()
    concept.visie = "Een nieuwe visie voor de komende vier jaar."
    concept.save()
    services.remove_item(onderdeel=concept.onderdelen.get(titel="Dyslexieprotocol"))
    # Editing a concept leaves the public page as it was.
    assert "Een nieuwe visie" not in inhoud(client.get(PROFIEL))

    services.publish(profiel=concept, door=directeur)
    content = inhoud(client.get(PROFIEL))
    assert "Een nieuwe visie voor de komende vier jaar." in content
    assert "Dyslexieprotocol" not in content
    archief = inhoud(client.get(ARCHIEF))
    assert f'href="{reverse("profiel:archief_versie", args=[gepubliceerd.pk])}"' in archief


def test_archive_query_count_does_not_grow_with_versions(client, gepubliceerd, django_assert_max_num_queries):
    for jaar in range(2000, 2020, 4):
        ProfielFactory(status=Status.GEARCHIVEERD, vastgesteld_op=datetime.date(jaar, 6, 1))
    with django_assert_max_num_queries(1):
        assert client.get(ARCHIEF).status_code == 200


def test_the_cached_profile_is_kept_per_language(client, gepubliceerd):
    # Dutch first fills the cache; an English visitor must get the English headings, not the Dutch copy.
    dutch = client.get(PROFIEL)
    assert dutch.status_code == 200
    assert "Vastgesteld op" in inhoud(dutch) and "Geldig tot" in inhoud(dutch)
    client.cookies["django_language"] = "en"
    english = client.get(PROFIEL)
    assert english.status_code == 200
    assert english["Content-Language"] == "en"
    content = inhoud(english)
    assert "Valid until" in content
    assert "Vastgesteld op" not in content and "Geldig tot" not in content
    # And back: the Dutch copy is still Dutch.
    client.cookies["django_language"] = "nl"
    assert "Geldig tot" in inhoud(client.get(PROFIEL))
