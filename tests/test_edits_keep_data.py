"""Every edit that saves a set (selections, groups, sections) keeps what the person did not touch.

Each test opens the page, submits the form as the browser would, and compares every value field by field.
"""

import pytest
from django.urls import reverse

from klimop.accounts.tests.factories import UserFactory
from klimop.profiel.models import Ondersteuningsprofiel
from klimop.profiel.tests.factories import OnderdeelFactory, ProfielFactory, gepubliceerd_profiel
from leerlingen.tests.factories import GroepFactory
from ondersteuning.models import Ondersteuningsvraag
from ondersteuning.tests.factories import VraagFactory
from tests.formulieren import form_data

pytestmark = pytest.mark.django_db

VRAAG_VELDEN = [
    "leerling_id",
    "hulpvraag",
    "sterke_kanten",
    "geprobeerd_toelichting",
    "ouders_geinformeerd_op",
    "ouders_geinformeerd_hoe",
    "urgentie",
    "status",
]


def vraag_waarden(vraag):
    vraag = Ondersteuningsvraag.objects.get(pk=vraag.pk)
    return {veld: getattr(vraag, veld) for veld in VRAAG_VELDEN}, set(vraag.geprobeerd.values_list("pk", flat=True))


def test_saving_a_concept_request_unchanged_keeps_items_of_an_older_profile(client_for, leerkracht, leerling):
    """The teacher picked an item before the profile was renewed; a later save must not drop it."""
    oud = gepubliceerd_profiel()
    oud_item = oud.onderdelen.first()
    oud.status = Ondersteuningsprofiel.Status.GEARCHIVEERD
    oud.save()
    nieuw = gepubliceerd_profiel()
    nieuw_item = nieuw.onderdelen.last()
    vraag = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    vraag.geprobeerd.set([oud_item, nieuw_item])
    voor = vraag_waarden(vraag)

    client = client_for(leerkracht)
    url = reverse("ondersteuning:bewerken", args=[vraag.pk])
    data = form_data(client.get(url).content, "vraag-formulier")
    assert client.post(url, data).status_code == 302
    assert vraag_waarden(vraag) == voor

    data = form_data(client.get(url).content, "vraag-formulier")
    data["hulpvraag"] = "Daan leest langzaam; bij rekenen gaat het goed."
    assert client.post(url, data).status_code == 302
    velden, items = vraag_waarden(vraag)
    assert velden == {**voor[0], "hulpvraag": "Daan leest langzaam; bij rekenen gaat het goed."}
    assert items == voor[1] == {oud_item.pk, nieuw_item.pk}


def test_unticking_one_item_keeps_the_others(client_for, leerkracht, leerling):
    profiel = gepubliceerd_profiel()
    items = list(profiel.onderdelen.order_by("volgorde"))
    vraag = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    vraag.geprobeerd.set(items)
    client = client_for(leerkracht)
    url = reverse("ondersteuning:bewerken", args=[vraag.pk])
    data = form_data(client.get(url).content, "vraag-formulier")
    data["geprobeerd"] = [str(item.pk) for item in items[1:]]
    assert client.post(url, data).status_code == 302
    assert vraag_waarden(vraag)[1] == {item.pk for item in items[1:]}


def test_saving_a_profile_section_unchanged_keeps_every_section_and_item(client_for, directeur):
    concept = ProfielFactory(
        samenwerkingspartners="GGD Hollands Noorden, logopedie De Klank.",
        voorzieningen="Een prikkelarme werkplek.",
        ambities="Meer expertise op taal.",
    )
    for titel in ("Dyslexieprotocol", "Rekenprotocol", "Gedragsaanpak"):
        OnderdeelFactory(profiel=concept, titel=titel)
    velden = ["titel", "samenvatting", "vastgesteld_op", "mr_advies_op", *Ondersteuningsprofiel.SECTIES]

    def waarden():
        profiel = Ondersteuningsprofiel.objects.get(pk=concept.pk)
        items = list(profiel.onderdelen.order_by("volgorde").values_list("pk", "titel", "omschrijving", "volgorde"))
        return {veld: getattr(profiel, veld) for veld in velden}, items

    voor = waarden()
    client = client_for(directeur)
    url = reverse("profielbeheer:bewerken", args=[concept.pk])
    data = form_data(client.get(url).content, "profiel-formulier")
    assert client.post(url, data).status_code == 302
    assert waarden() == voor

    data = form_data(client.get(url).content, "profiel-formulier")
    data["ambities"] = "Meer expertise op taal en rekenen."
    assert client.post(url, data).status_code == 302
    assert waarden() == ({**voor[0], "ambities": "Meer expertise op taal en rekenen."}, voor[1])


def test_saving_a_teachers_account_keeps_groups_of_other_years_and_unchanged_groups(client_for, directeur):
    leerkracht = UserFactory(rol="leerkracht", first_name="Sanne", last_name="Bakker", functie="duo-partner")
    dit_jaar = [GroepFactory(naam="Groep 4", leerjaar=4), GroepFactory(naam="Groep 6", leerjaar=6)]
    vorig_jaar = GroepFactory(naam="Groep 3", leerjaar=3, schooljaar="2019-2020")
    leerkracht.groepen.set([*dit_jaar, vorig_jaar])

    def waarden():
        account = type(leerkracht).objects.get(pk=leerkracht.pk)
        groepen = set(account.groepen.values_list("pk", flat=True))
        return (account.first_name, account.last_name, account.organisatie, account.functie), groepen

    voor = waarden()
    client = client_for(directeur)
    url = reverse("accountbeheer:detail", args=[leerkracht.pk])
    data = form_data(client.get(url).content, "account-formulier")
    assert client.post(url, data).status_code == 302
    assert waarden() == voor

    data = form_data(client.get(url).content, "account-formulier")
    data["groepen"] = [str(dit_jaar[1].pk)]
    assert client.post(url, data).status_code == 302
    assert waarden() == (voor[0], {dit_jaar[1].pk, vorig_jaar.pk})
