import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from klimop.profiel.models import Ondersteuningsprofiel
from tests.antwoorden import inhoud

from .factories import OnderdeelFactory, ProfielFactory

pytestmark = pytest.mark.django_db
Status = Ondersteuningsprofiel.Status
HTMX = {"HX-Request": "true"}


@pytest.fixture
def concept(gepubliceerd):
    profiel = ProfielFactory(status=Status.CONCEPT, vastgesteld_op=None, mr_advies_op=None)
    for titel in ("Eerste", "Tweede", "Derde"):
        OnderdeelFactory(profiel=profiel, titel=titel)
    return profiel


def _formdata(profiel, **wijzigingen):
    data = {"titel": profiel.titel, "vastgesteld_op": "", "mr_advies_op": "", "samenvatting": profiel.samenvatting}
    data.update({sectie: getattr(profiel, sectie) for sectie in Ondersteuningsprofiel.SECTIES})
    data.update(wijzigingen)
    return data


def test_directeur_creates_a_concept_and_lands_in_the_editor(client_for, directeur, gepubliceerd):
    response = client_for(directeur).post(reverse("profielbeheer:concept_aanmaken"))
    concept = Ondersteuningsprofiel.objects.concept().get()
    assert response.status_code == 302
    assert response.url == reverse("profielbeheer:bewerken", args=[concept.pk])
    assert concept.onderdelen.count() == 3


def test_a_second_concept_is_refused_with_a_message(client_for, directeur, concept):
    response = client_for(directeur).post(reverse("profielbeheer:concept_aanmaken"), follow=True)
    assert "Er is al een concept in bewerking" in response.content.decode()
    assert Ondersteuningsprofiel.objects.concept().count() == 1


def test_directeur_saves_sections_and_sees_the_preview(client_for, directeur, concept):
    url = reverse("profielbeheer:bewerken", args=[concept.pk])
    data = _formdata(concept, visie="Elk kind hoort erbij.\n\n- eerst kijken\n- dan doen", vastgesteld_op="2025-03-04")
    response = client_for(directeur).post(url, data, follow=True)
    concept.refresh_from_db()
    assert concept.visie.startswith("Elk kind hoort erbij.")
    assert concept.vastgesteld_op == datetime.date(2025, 3, 4)
    content = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("profielbeheer:versie", args=[concept.pk])
    assert "De wijzigingen in het concept zijn opgeslagen." in content
    assert "<p>Elk kind hoort erbij.</p>\n<ul><li>eerst kijken</li><li>dan doen</li></ul>" in content
    assert "4 maart 2029" in content  # geldig tot


def test_an_invalid_edit_keeps_everything_typed_and_explains_in_dutch(client_for, directeur, concept):
    url = reverse("profielbeheer:bewerken", args=[concept.pk])
    data = _formdata(
        concept, visie="Een lange nieuwe visie die niet verloren mag gaan.", vastgesteld_op="2025-03-04",
        mr_advies_op="2025-04-01", titel="",
    )  # fmt: skip
    response = client_for(directeur).post(url, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Geef het profiel een titel." in content
    assert "De medezeggenschapsraad geeft advies vóór de vaststelling, niet erna." in content
    assert "Een lange nieuwe visie die niet verloren mag gaan." in content
    assert 'value="2025-03-04"' in content
    assert "Het concept is niet opgeslagen." in content
    concept.refresh_from_db()
    assert concept.visie != data["visie"]


def test_editor_form_labels_every_field(client_for, directeur, concept):
    content = client_for(directeur).get(reverse("profielbeheer:bewerken", args=[concept.pk])).content.decode()
    for veld in ("titel", "vastgesteld_op", "mr_advies_op", "samenvatting", *Ondersteuningsprofiel.SECTIES):
        assert f'for="id_{veld}"' in content, veld


def test_adding_an_item_without_htmx_redirects_back_to_the_list(client_for, directeur, concept):
    url = reverse("profielbeheer:onderdelen", args=[concept.pk])
    response = client_for(directeur).post(url, {"titel": "Meer- en hoogbegaafdheid", "omschrijving": "Plusklas."})
    assert response.status_code == 302 and response.url == url
    assert list(concept.onderdelen.values_list("titel", flat=True)) == [
        "Eerste", "Tweede", "Derde", "Meer- en hoogbegaafdheid",
    ]  # fmt: skip


def test_adding_an_item_with_htmx_returns_the_list_partial(client_for, directeur, concept):
    url = reverse("profielbeheer:onderdelen", args=[concept.pk])
    response = client_for(directeur).post(url, {"titel": "KiVa", "omschrijving": ""}, headers=HTMX)
    content = inhoud(response)
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="onderdelen">')
    assert "<html" not in content
    assert "4 onderdelen" in content
    assert "Onderdeel “KiVa” is toegevoegd." in content


def test_an_item_without_title_is_refused_and_keeps_the_description(client_for, directeur, concept):
    url = reverse("profielbeheer:onderdelen", args=[concept.pk])
    response = client_for(directeur).post(url, {"titel": "", "omschrijving": "Mijn uitleg"}, headers=HTMX)
    content = response.content.decode()
    assert "Geef het onderdeel een titel." in content
    assert "Mijn uitleg" in content
    assert concept.onderdelen.count() == 3


def test_items_move_up_and_down_with_and_without_htmx(client_for, directeur, concept):
    client = client_for(directeur)
    derde = concept.onderdelen.get(titel="Derde")
    url = reverse("profielbeheer:onderdeel_verplaatsen", args=[concept.pk, derde.pk])
    response = client.post(url, {"richting": "omhoog"}, headers=HTMX)
    assert response.content.decode().lstrip().startswith('<div id="onderdelen">')
    assert "“Derde” staat nu een plaats hoger." in response.content.decode()
    assert list(concept.onderdelen.values_list("titel", flat=True)) == ["Eerste", "Derde", "Tweede"]

    response = client.post(url, {"richting": "omlaag"})
    assert response.status_code == 302
    assert list(concept.onderdelen.values_list("titel", flat=True)) == ["Eerste", "Tweede", "Derde"]


def test_items_are_removed_and_edited(client_for, directeur, concept):
    client = client_for(directeur)
    tweede = concept.onderdelen.get(titel="Tweede")
    response = client.post(reverse("profielbeheer:onderdeel_verwijderen", args=[concept.pk, tweede.pk]), headers=HTMX)
    assert "Onderdeel “Tweede” is verwijderd." in response.content.decode()
    assert list(concept.onderdelen.values_list("titel", flat=True)) == ["Eerste", "Derde"]

    eerste = concept.onderdelen.get(titel="Eerste")
    url = reverse("profielbeheer:onderdeel_bewerken", args=[concept.pk, eerste.pk])
    response = client.post(url, {"titel": "Handelingsgericht werken", "omschrijving": "In de groep."})
    assert response.status_code == 302
    eerste.refresh_from_db()
    assert (eerste.titel, eerste.omschrijving) == ("Handelingsgericht werken", "In de groep.")


def test_preview_lists_what_is_missing_before_publishing(client_for, directeur, concept):
    content = inhoud(client_for(directeur).get(reverse("profielbeheer:versie", args=[concept.pk])))
    assert "Vul de datum in waarop het profiel is vastgesteld." in content
    assert reverse("profielbeheer:publiceren", args=[concept.pk]) not in content


def test_publish_asks_for_confirmation_and_names_the_version_it_replaces(client_for, directeur, concept):
    Ondersteuningsprofiel.objects.filter(pk=concept.pk).update(vastgesteld_op=datetime.date(2025, 3, 4))
    response = client_for(directeur).get(reverse("profielbeheer:publiceren", args=[concept.pk]))
    content = response.content.decode()
    assert "Ja, publiceren" in content
    assert "De huidige versie, vastgesteld op 18 juni 2024, gaat naar het openbare archief." in content
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT


def test_directeur_publishes_and_the_public_page_follows(client_for, client, directeur, concept, gepubliceerd):
    Ondersteuningsprofiel.objects.filter(pk=concept.pk).update(
        vastgesteld_op=timezone.localdate(), visie="De visie van het nieuwe profiel."
    )
    client.get(reverse("profiel:ondersteuningsprofiel"))  # warm the cache with the old version
    response = client_for(directeur).post(reverse("profielbeheer:publiceren", args=[concept.pk]), follow=True)
    assert "Het schoolondersteuningsprofiel is gepubliceerd." in response.content.decode()
    gepubliceerd.refresh_from_db()
    assert gepubliceerd.status == Status.GEARCHIVEERD
    assert "De visie van het nieuwe profiel." in client.get(reverse("profiel:ondersteuningsprofiel")).content.decode()


def test_publishing_an_unready_concept_shows_the_reasons(client_for, directeur, concept, gepubliceerd):
    response = client_for(directeur).post(reverse("profielbeheer:publiceren", args=[concept.pk]))
    assert response.status_code == 200
    assert "Vul de datum in waarop het profiel is vastgesteld." in response.content.decode()
    gepubliceerd.refresh_from_db()
    assert gepubliceerd.status == Status.GEPUBLICEERD


def test_versions_overview_query_count_does_not_grow(client_for, ib, gepubliceerd, django_assert_max_num_queries):
    for jaar in range(2000, 2020, 4):
        ProfielFactory(status=Status.GEARCHIVEERD, vastgesteld_op=datetime.date(jaar, 6, 1))
    client = client_for(ib)
    # The page's own 3 plus the signed-in request's session, user, OTP device and idle-expiry save.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("profielbeheer:overzicht")).status_code == 200
