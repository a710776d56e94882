"""Who reaches the profile editor: the school team reads, only the directeur writes, nobody else gets in."""

import pytest
from django.urls import reverse

from klimop.profiel.models import Ondersteuningsprofiel
from tests.antwoorden import inhoud

from .factories import OnderdeelFactory, ProfielFactory

pytestmark = pytest.mark.django_db
Status = Ondersteuningsprofiel.Status
LEZERS = ["leerkracht", "ib", "directeur"]
BUITENSTAANDERS = ["ouder", "trajectbegeleider", "ot_lid"]


@pytest.fixture
def concept(gepubliceerd):
    profiel = ProfielFactory(status=Status.CONCEPT)
    OnderdeelFactory(profiel=profiel, titel="Dyslexieprotocol")
    return profiel


def leespaginas(concept):
    return [reverse("profielbeheer:overzicht"), reverse("profielbeheer:versie", args=[concept.pk])]


def bewerkpaginas(concept):
    onderdeel = concept.onderdelen.get()
    return [
        reverse("profielbeheer:bewerken", args=[concept.pk]),
        reverse("profielbeheer:onderdelen", args=[concept.pk]),
        reverse("profielbeheer:onderdeel_bewerken", args=[concept.pk, onderdeel.pk]),
        reverse("profielbeheer:publiceren", args=[concept.pk]),
    ]


def alleen_post(concept):
    onderdeel = concept.onderdelen.get()
    return [
        reverse("profielbeheer:concept_aanmaken"),
        reverse("profielbeheer:onderdeel_verplaatsen", args=[concept.pk, onderdeel.pk]),
        reverse("profielbeheer:onderdeel_verwijderen", args=[concept.pk, onderdeel.pk]),
    ]


@pytest.mark.parametrize("rol", LEZERS)
def test_school_team_reads_the_versions_and_the_preview(client_for, cast, concept, rol):
    client = client_for(cast[rol])
    for url in leespaginas(concept):
        assert client.get(url).status_code == 200, url


def test_directeur_opens_every_editor_page(client_for, directeur, concept):
    client = client_for(directeur)
    for url in bewerkpaginas(concept):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("rol", ["leerkracht", "ib"])
def test_ib_and_teacher_get_403_on_the_editor(client_for, cast, concept, rol):
    client = client_for(cast[rol])
    for url in bewerkpaginas(concept):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"titel": "Gewijzigd", "richting": "omhoog"}).status_code == 403, url
    for url in alleen_post(concept):
        assert client.post(url, {"richting": "omhoog"}).status_code == 403, url
    concept.refresh_from_db()
    assert concept.titel != "Gewijzigd"
    assert concept.onderdelen.count() == 1
    assert Ondersteuningsprofiel.objects.count() == 2


@pytest.mark.parametrize("rol", ["leerkracht", "ib"])
def test_readers_see_no_edit_buttons(client_for, cast, concept, rol):
    content = inhoud(client_for(cast[rol]).get(reverse("profielbeheer:versie", args=[concept.pk])))
    assert reverse("profielbeheer:bewerken", args=[concept.pk]) not in content
    assert "Nieuw concept maken" not in inhoud(client_for(cast[rol]).get(reverse("profielbeheer:overzicht")))


@pytest.mark.parametrize("rol", BUITENSTAANDERS)
def test_parents_and_external_roles_cannot_reach_the_editor(client_for, cast, concept, rol):
    client = client_for(cast[rol])
    for url in leespaginas(concept) + bewerkpaginas(concept):
        assert client.get(url).status_code == 403, url
    for url in alleen_post(concept):
        assert client.post(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_login(client, concept):
    for url in leespaginas(concept) + bewerkpaginas(concept):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('accounts:login')}?next={url}"
    for url in alleen_post(concept):
        assert client.post(url).url.startswith(reverse("accounts:login"))


def test_editor_refuses_the_wrong_method(client_for, directeur, concept):
    client = client_for(directeur)
    for url in leespaginas(concept):
        assert client.post(url).status_code == 405, url
    for url in alleen_post(concept):
        assert client.get(url).status_code == 405, url
    for url in bewerkpaginas(concept):
        assert client.delete(url).status_code == 405, url


def test_published_and_archived_versions_are_never_edited(client_for, directeur, gepubliceerd):
    gearchiveerd = ProfielFactory(status=Status.GEARCHIVEERD)
    onderdeel = gepubliceerd.onderdelen.first()
    client = client_for(directeur)
    for profiel in (gepubliceerd, gearchiveerd):
        assert client.get(reverse("profielbeheer:bewerken", args=[profiel.pk])).status_code == 404
        assert client.get(reverse("profielbeheer:onderdelen", args=[profiel.pk])).status_code == 404
        assert client.post(reverse("profielbeheer:publiceren", args=[profiel.pk])).status_code == 404
    url = reverse("profielbeheer:onderdeel_verwijderen", args=[gepubliceerd.pk, onderdeel.pk])
    assert client.post(url).status_code == 404
    assert gepubliceerd.onderdelen.count() == 3


def test_an_item_is_only_reached_through_its_own_concept(client_for, directeur, concept, gepubliceerd):
    vreemd = gepubliceerd.onderdelen.first()
    url = reverse("profielbeheer:onderdeel_verwijderen", args=[concept.pk, vreemd.pk])
    assert client_for(directeur).post(url).status_code == 404
    assert gepubliceerd.onderdelen.filter(pk=vreemd.pk).exists()


def test_unknown_version_is_404(client_for, ib):
    assert client_for(ib).get(reverse("profielbeheer:versie", args=[999999])).status_code == 404
