"""The comparison of two plan versions: per field, words removed and added, readable without colour."""

import pytest
from django.urls import reverse

from ondersteuning import services
from ondersteuning.vergelijking import GELIJK, NIEUW, WEG, vergelijk_tekst, vergelijk_versies

pytestmark = pytest.mark.django_db


def test_a_changed_sentence_shows_the_removed_and_the_added_words_in_place():
    stukken = vergelijk_tekst("Twee keer per week RT lezen.", "Drie keer per week RT lezen en rekenen.")
    assert [(s.soort, s.tekst) for s in stukken] == [
        (WEG, "Twee"),
        (NIEUW, "Drie"),
        (GELIJK, " keer per week RT "),
        (WEG, "lezen."),
        (NIEUW, "lezen en rekenen."),
    ]


def test_equal_texts_give_one_unchanged_piece():
    assert [(s.soort, s.tekst) for s in vergelijk_tekst("Gelijk", "Gelijk")] == [(GELIJK, "Gelijk")]


def test_versions_are_compared_field_by_field_including_goals(gedeeld, ib):
    nieuw = services.concept_versie(vraag=gedeeld.plan.vraag, door=ib)
    nieuw = services.versie_opslaan(
        versie=nieuw,
        door=ib,
        inhoud={"handelingsdeel_aanbod": "RT lezen en rekenen in een kleine groep."},
        doelen=[
            {
                "id": nieuw.doelen.get().pk,
                "omschrijving": "Daan leest AVI M5.",
                "evaluatiedatum": gedeeld.doelen.get().evaluatiedatum,
            }
        ],
    )
    verschillen = {v.label: v for v in vergelijk_versies(gedeeld, nieuw)}
    assert verschillen["Welke ondersteuning"].gewijzigd
    assert verschillen["Doelen"].gewijzigd
    assert not verschillen["Uitstroombestemming"].gewijzigd
    assert verschillen["Vastgesteld op"].gewijzigd  # the new version is not set yet


def test_the_comparison_page_marks_changes_with_text_not_only_colour(gedeeld, ib, client_for):
    nieuw = services.concept_versie(vraag=gedeeld.plan.vraag, door=ib)
    services.versie_opslaan(versie=nieuw, door=ib, inhoud={"handelingsdeel_aanbod": "RT rekenen."})
    url = reverse("ondersteuning:plan_vergelijken", args=[gedeeld.plan.vraag_id])
    content = client_for(ib).get(url).content.decode()
    assert "van versie 1 naar versie 2" in content
    assert '<del><span class="verschil-teken" aria-hidden="true">[weg: </span>' in content
    assert '<span class="visually-hidden">toegevoegd: </span>rekenen.' in content
    assert "(ongewijzigd)" in content


def test_parents_compare_only_shared_versions(gedeeld, ib, ouder, client_for):
    services.concept_versie(vraag=gedeeld.plan.vraag, door=ib)
    url = reverse("ondersteuning:plan_vergelijken", args=[gedeeld.plan.vraag_id])
    assert client_for(ouder).get(url).status_code == 404  # only one version is shared
    assert client_for(ouder).get(url, {"van": 1, "naar": 2}).status_code == 404
    assert client_for(ib).get(url, {"van": 1, "naar": 2}).status_code == 200
    assert client_for(ib).get(url, {"van": "x"}).status_code == 404


def test_a_text_saved_again_with_browser_line_breaks_is_not_a_change(gedeeld, ib):
    nieuw = services.concept_versie(vraag=gedeeld.plan.vraag, door=ib)
    gedeeld.onderwijsbehoeften = "Korte teksten.\nVoorlezen van instructies."
    nieuw.onderwijsbehoeften = "Korte teksten.\r\nVoorlezen van instructies."
    verschillen = {v.label: v for v in vergelijk_versies(gedeeld, nieuw)}
    assert not verschillen["Onderwijsbehoeften"].gewijzigd
    nieuw.onderwijsbehoeften = "Korte teksten.\r\nVoorlezen van alle instructies."
    assert {v.label: v for v in vergelijk_versies(gedeeld, nieuw)}["Onderwijsbehoeften"].gewijzigd
