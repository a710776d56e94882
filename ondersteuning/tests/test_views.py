import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leerlingen.tests.factories import GroepFactory, LeerlingFactory
from ondersteuning import services
from ondersteuning.models import Ondersteuningsvraag, Stap, StapSoort, Status, ToestemmingSoort, Urgentie
from ondersteuning.tests.factories import VraagFactory
from tests.antwoorden import inhoud

WACHTRIJ = reverse("ondersteuning:wachtrij")
NIEUW = reverse("ondersteuning:nieuw")


def detail(vraag):
    return reverse("ondersteuning:detail", args=[vraag.pk])


def actie(vraag, naam):
    return reverse("ondersteuning:actie", args=[vraag.pk, naam])


def geldige_aanvraag(leerling, **extra):
    return {
        "leerling": leerling.pk,
        "hulpvraag": "Sanne durft niet te vertellen in de kring.",
        "sterke_kanten": "Sanne tekent prachtig en is een trouwe vriendin.",
        "geprobeerd_toelichting": "Kleine kring, vooraf oefenen met de juf.",
        "ouders_geinformeerd_op": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "ouders_geinformeerd_hoe": "gesprek",
        "urgentie": "normaal",
        **extra,
    }


# --- queue ----------------------------------------------------------------------------------


def test_queue_sends_anonymous_to_login(client):
    assert client.get(WACHTRIJ).url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_ib_sees_the_queue_with_counts(client_for, ib, vraag):
    content = client_for(ib).get(WACHTRIJ).content.decode()
    assert vraag.leerling.sorteernaam in content
    assert "Ingediend" in content


@pytest.mark.django_db
def test_queue_refuses_post_and_parents(client_for, ib, ouder):
    assert client_for(ib).post(WACHTRIJ).status_code == 405
    assert client_for(ouder).get(WACHTRIJ).status_code == 403


@pytest.mark.django_db
def test_teacher_queue_shows_only_own_cases(client_for, leerkracht2, vraag):
    content = inhoud(client_for(leerkracht2).get(WACHTRIJ))
    assert vraag.leerling.sorteernaam not in content
    assert "0 vragen" in content


@pytest.mark.django_db
def test_queue_filters_are_bookmarkable_and_htmx_gets_the_partial(client_for, ib, groep, andere_groep):
    # Fixed names: a generated one like "van 't Wel" is HTML-escaped in the page.
    urgent = VraagFactory(
        leerling__groep=groep, leerling__achternaam="Bakker", status=Status.INGEDIEND, urgentie=Urgentie.ZEER_HOOG
    )
    gewoon = VraagFactory(leerling__groep=andere_groep, leerling__achternaam="Visser", status=Status.INGEDIEND)
    response = client_for(ib).get(WACHTRIJ, {"urgentie": "zeer_hoog"}, headers={"HX-Request": "true"})
    content = inhoud(response)
    assert content.lstrip().startswith('<section id="resultaten"')
    assert urgent.leerling.sorteernaam in content
    assert gewoon.leerling.sorteernaam not in content
    content = inhoud(client_for(ib).get(WACHTRIJ, {"groep": andere_groep.pk, "q": gewoon.leerling.voornaam}))
    assert gewoon.leerling.sorteernaam in content and urgent.leerling.sorteernaam not in content


@pytest.mark.django_db
def test_queue_overdue_filter(client_for, ib):
    te_laat = VraagFactory(
        status=Status.BASISONDERSTEUNING, volgende_datum=timezone.localdate() - datetime.timedelta(1)
    )
    op_tijd = VraagFactory(
        status=Status.BASISONDERSTEUNING, volgende_datum=timezone.localdate() + datetime.timedelta(9)
    )
    content = inhoud(client_for(ib).get(WACHTRIJ, {"te_laat": "on"}))
    assert te_laat.leerling.sorteernaam in content
    assert op_tijd.leerling.sorteernaam not in content
    assert "verlopen" in content


@pytest.mark.django_db
def test_queue_rejects_unknown_filter_values_in_dutch(client_for, ib):
    content = client_for(ib).get(WACHTRIJ, {"status": "weg", "sorteer": "hack"}).content.decode()
    assert "Kies een status uit de lijst." in content


@pytest.mark.django_db
@pytest.mark.parametrize("sorteer", ["wachtend", "urgentie", "datum", "leerling", "nieuw"])
def test_queue_sorts(client_for, ib, sorteer):
    VraagFactory.create_batch(3, status=Status.INGEDIEND)
    assert client_for(ib).get(WACHTRIJ, {"sorteer": sorteer}).status_code == 200


# Four cases whose every sort order is a different sequence, so a sort that is ignored or swapped shows.
#            achternaam,  waiting since (days), urgentie,           next date (days), filed (days ago)
SORTEERGEVALLEN = {
    "A": ("Bosveldt", 40, Urgentie.NORMAAL, 20, 8),
    "B": ("Dekkerink", 30, Urgentie.NORMAAL, 5, 1),
    "C": ("Aaldersma", 20, Urgentie.HOOG, 30, 20),
    "D": ("Claessens", 10, Urgentie.ZEER_HOOG, 10, 15),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sorteer", "volgorde"),
    [
        ("wachtend", "ABCD"),
        ("urgentie", "DCAB"),
        ("datum", "BDAC"),
        ("leerling", "CADB"),
        ("nieuw", "BADC"),
    ],
)
def test_queue_rows_follow_the_chosen_sort_order(client_for, ib, sorteer, volgorde):
    nu = timezone.now()
    vragen = {}
    for letter, (achternaam, wacht, urgentie, volgende, ingediend) in SORTEERGEVALLEN.items():
        vraag = VraagFactory(status=Status.INGEDIEND, leerling=LeerlingFactory(achternaam=achternaam))
        Ondersteuningsvraag.objects.filter(pk=vraag.pk).update(
            status_sinds=nu - datetime.timedelta(days=wacht),
            urgentie=urgentie,
            volgende_datum=timezone.localdate() + datetime.timedelta(days=volgende),
            ingediend_op=nu - datetime.timedelta(days=ingediend),
        )
        vragen[vraag.pk] = letter
    response = client_for(ib).get(WACHTRIJ, {"sorteer": sorteer})
    assert response.status_code == 200
    assert "".join(vragen[v.pk] for v in response.context["pagina"].object_list) == volgorde
    content = response.content.decode()
    posities = sorted((content.index(SORTEERGEVALLEN[letter][0]), letter) for letter in SORTEERGEVALLEN)
    assert "".join(letter for _, letter in posities) == volgorde


def _maak_vragen(aantal: int) -> None:
    groepen = [GroepFactory() for _ in range(4)]
    leerlingen = LeerlingFactory.create_batch(20, groep=factory_cycle(groepen))
    maker = VraagFactory.build().ingediend_door
    maker.save()
    Ondersteuningsvraag.objects.bulk_create(
        [
            Ondersteuningsvraag(
                leerling=leerlingen[i % len(leerlingen)],
                ingediend_door=maker,
                hulpvraag="x",
                status=[Status.INGEDIEND, Status.IN_BEHANDELING, Status.ARRANGEMENT][i % 3],
                ingediend_op=timezone.now(),
                urgentie=Urgentie.HOOG if i % 5 == 0 else Urgentie.NORMAAL,
            )
            for i in range(aantal)
        ]
    )


def factory_cycle(items):
    import factory

    return factory.Iterator(items)


@pytest.mark.django_db
def test_queue_runs_the_same_number_of_queries_with_20_and_2000_cases(client_for, ib, django_assert_num_queries):
    client = client_for(ib)
    _maak_vragen(20)
    with CaptureQueriesContext(connection) as klein:
        client.get(WACHTRIJ)
    _maak_vragen(1980)
    assert Ondersteuningsvraag.objects.count() == 2000
    with django_assert_num_queries(len(klein.captured_queries)):
        response = client.get(WACHTRIJ)
    assert "2000 vragen" in response.content.decode()
    assert len(klein.captured_queries) <= 14


# --- filing ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_teacher_files_a_request_and_the_ib_sees_it(client_for, leerkracht, ib, leerling):
    response = client_for(leerkracht).post(NIEUW, {**geldige_aanvraag(leerling), "indienen": "1"})
    vraag = Ondersteuningsvraag.objects.get()
    assert response.status_code == 302 and response.url == detail(vraag)
    assert vraag.status == Status.INGEDIEND
    assert Stap.objects.filter(vraag=vraag, soort=StapSoort.INDIENEN).count() == 1
    assert vraag.leerling.sorteernaam in client_for(ib).get(WACHTRIJ).content.decode()


@pytest.mark.django_db
def test_filing_with_missing_fields_shows_dutch_errors_and_keeps_the_text(client_for, leerkracht, leerling):
    data = geldige_aanvraag(leerling, sterke_kanten="", ouders_geinformeerd_op="")
    response = client_for(leerkracht).post(NIEUW, {**data, "indienen": "1"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Beschrijf wat de leerling wél kan" in content
    assert "Vul in wanneer de ouders zijn geïnformeerd." in content
    assert "Sanne durft niet te vertellen in de kring." in content
    assert not Ondersteuningsvraag.objects.exists()


@pytest.mark.django_db
def test_a_concept_needs_only_the_pupil_and_stays_private(client_for, leerkracht, ib, leerling):
    response = client_for(leerkracht).post(
        NIEUW, {"leerling": leerling.pk, "hulpvraag": "Eerste aanzet", "concept": "1"}
    )
    vraag = Ondersteuningsvraag.objects.get()
    assert response.url == detail(vraag)
    assert vraag.status == Status.CONCEPT
    assert client_for(ib).get(detail(vraag)).status_code == 404
    assert client_for(leerkracht).get(reverse("ondersteuning:bewerken", args=[vraag.pk])).status_code == 200


@pytest.mark.django_db
def test_a_date_in_the_future_is_refused(client_for, leerkracht, leerling):
    morgen = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    content = (
        client_for(leerkracht)
        .post(NIEUW, {**geldige_aanvraag(leerling, ouders_geinformeerd_op=morgen), "indienen": "1"})
        .content.decode()
    )
    assert "Deze datum ligt in de toekomst" in content


@pytest.mark.django_db
def test_teacher_cannot_file_for_another_groups_pupil(client_for, leerkracht, andere_leerling):
    content = (
        client_for(leerkracht).post(NIEUW, {**geldige_aanvraag(andere_leerling), "indienen": "1"}).content.decode()
    )
    assert "Selecteer een geldige keuze" in content
    assert not Ondersteuningsvraag.objects.exists()


@pytest.mark.django_db
def test_filing_form_prefills_the_pupil_from_the_pupil_page(client_for, leerkracht, leerling):
    content = client_for(leerkracht).get(NIEUW, {"leerling": leerling.pk}).content.decode()
    assert f'<option value="{leerling.pk}" selected>' in content


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["ouder", "trajectbegeleider", "ot_lid"])
def test_filing_is_for_the_school_team_only(client_for, cast, rol):
    assert client_for(cast[rol]).get(NIEUW).status_code == 403


@pytest.mark.django_db
def test_filing_refuses_put(client_for, leerkracht):
    assert client_for(leerkracht).put(NIEUW).status_code == 405


@pytest.mark.django_db
def test_htmx_validation_returns_only_the_fields_error(client_for, leerkracht, leerling):
    response = client_for(leerkracht).post(
        reverse("ondersteuning:valideer"),
        {**geldige_aanvraag(leerling, hulpvraag=""), "_veld": "hulpvraag"},
        headers={"HX-Request": "true"},
    )
    content = inhoud(response)
    assert content.strip().startswith('<p class="invalid-feedback d-block mb-2">Beschrijf de hulpvraag')
    assert "<textarea" not in content
    assert "<html" not in content


@pytest.mark.django_db
def test_htmx_validation_of_an_unknown_field_is_404(client_for, leerkracht):
    assert client_for(leerkracht).post(reverse("ondersteuning:valideer"), {"_veld": "wachtwoord"}).status_code == 404


@pytest.mark.django_db
def test_the_ib_queue_shows_the_profile_items_as_checklist(client_for, leerkracht, leerling):
    from klimop.profiel.models import Basisondersteuningsonderdeel, Ondersteuningsprofiel

    profiel = Ondersteuningsprofiel.objects.create(status="gepubliceerd", vastgesteld_op=datetime.date(2025, 3, 1))
    Basisondersteuningsonderdeel.objects.create(profiel=profiel, titel="Dyslexieprotocol")
    oud = Ondersteuningsprofiel.objects.create(status="gearchiveerd", vastgesteld_op=datetime.date(2020, 3, 1))
    Basisondersteuningsonderdeel.objects.create(profiel=oud, titel="Oud onderdeel")
    content = inhoud(client_for(leerkracht).get(NIEUW))
    assert "Dyslexieprotocol" in content
    assert "Oud onderdeel" not in content


# --- case page ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["leerkracht", "ib", "directeur", "ouder"])
def test_involved_people_open_the_case(client_for, cast, vraag, rol):
    response = client_for(cast[rol]).get(detail(vraag))
    assert response.status_code == 200
    assert "Ondersteuningsvraag ingediend" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["leerkracht2", "ouder2", "trajectbegeleider", "ot_lid"])
def test_outsiders_get_404_on_a_case(client_for, cast, vraag, rol):
    assert client_for(cast[rol]).get(detail(vraag)).status_code == 404
    assert client_for(cast[rol]).post(actie(vraag, "afsluiten"), {"tekst": "x"}).status_code == 404


def test_case_page_sends_anonymous_to_login(client):
    assert client.get(reverse("ondersteuning:detail", args=[1])).status_code == 302


@pytest.mark.django_db
def test_case_page_refuses_post(client_for, ib, vraag):
    assert client_for(ib).post(detail(vraag)).status_code == 405


@pytest.mark.django_db
def test_case_page_htmx_gets_the_timeline_partial(client_for, ib, vraag):
    content = client_for(ib).get(detail(vraag), {"deel": "tijdlijn"}, headers={"HX-Request": "true"}).content.decode()
    assert content.lstrip().startswith('<section id="tijdlijn"')


@pytest.mark.django_db
def test_case_page_offers_only_the_allowed_actions(client_for, leerkracht, ib, vraag):
    ib_content = inhoud(client_for(ib).get(detail(vraag)))
    assert actie(vraag, "oppakken") in ib_content
    leerkracht_content = inhoud(client_for(leerkracht).get(detail(vraag)))
    assert actie(vraag, "oppakken") not in leerkracht_content
    assert actie(vraag, "observatie") in leerkracht_content


@pytest.mark.django_db
def test_parents_do_not_see_internal_steps_or_the_exchange_log(client_for, ouder, leerkracht, ib, vraag):
    services.observatie_toevoegen(vraag=vraag, door=leerkracht, observatie="Interne notitie", delen_met_ouders=False)
    content = inhoud(client_for(ouder).get(detail(vraag)))
    assert "Interne notitie" not in content
    assert "Gedeeld buiten de school" not in content
    assert "Gedeeld buiten de school" in inhoud(client_for(ib).get(detail(vraag)))


@pytest.mark.django_db
def test_case_page_query_count_does_not_grow_with_the_timeline(
    client_for, ib, leerkracht, vraag, django_assert_num_queries
):
    client = client_for(ib)
    with CaptureQueriesContext(connection) as weinig:
        client.get(detail(vraag))
    for i in range(40):
        services.observatie_toevoegen(
            vraag=vraag, door=leerkracht, observatie=f"Observatie {i}", delen_met_ouders=True
        )
    with django_assert_num_queries(len(weinig.captured_queries)):
        client.get(detail(vraag))


# --- actions --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ib_takes_up_a_case(client_for, ib, vraag):
    client = client_for(ib)
    assert client.get(actie(vraag, "oppakken")).status_code == 200
    response = client.post(actie(vraag, "oppakken"))
    assert response.url == detail(vraag)
    vraag.refresh_from_db()
    assert vraag.status == Status.IN_BEHANDELING and vraag.behandelaar == ib


@pytest.mark.django_db
def test_a_read_only_teacher_gets_403_on_routing(client_for, leerkracht, vraag):
    assert client_for(leerkracht).post(actie(vraag, "oppakken")).status_code == 403
    assert client_for(leerkracht).get(actie(vraag, "afsluiten")).status_code == 403


@pytest.mark.django_db
def test_unknown_action_is_404_and_wrong_method_405(client_for, ib, vraag):
    assert client_for(ib).get(actie(vraag, "verwijderen")).status_code == 404
    assert client_for(ib).put(actie(vraag, "oppakken")).status_code == 405


@pytest.mark.django_db
def test_routing_without_consent_shows_the_reason_and_keeps_the_text(client_for, ib, vraag):
    services.oppakken(vraag=vraag, door=ib)
    response = client_for(ib).post(actie(vraag, "ondersteuningsteam"), {"tekst": "Meer nodig dan basis"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "toestemming" in content
    assert "Meer nodig dan basis" in content
    vraag.refresh_from_db()
    assert vraag.status == Status.IN_BEHANDELING


@pytest.mark.django_db
def test_ib_records_paper_consent_then_routes(client_for, ib, ouder, vraag):
    client = client_for(ib)
    services.oppakken(vraag=vraag, door=ib)
    response = client.post(
        actie(vraag, "toestemming"),
        {"soort": ToestemmingSoort.AANMELDEN_OT, "ouder": ouder.pk, "gegeven_op": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    client.post(actie(vraag, "ondersteuningsteam"), {"tekst": "Meer nodig"})
    vraag.refresh_from_db()
    assert vraag.status == Status.ONDERSTEUNINGSTEAM


@pytest.mark.django_db
def test_paper_consent_cannot_name_someone_elses_parent(client_for, ib, ouder2, vraag):
    response = client_for(ib).post(
        actie(vraag, "toestemming"),
        {"soort": ToestemmingSoort.AANMELDEN_OT, "ouder": ouder2.pk, "gegeven_op": timezone.localdate().isoformat()},
    )
    assert "Kies een ouder met gezag uit de lijst." in response.content.decode()


@pytest.mark.django_db
def test_withdrawal_makes_the_case_404_for_the_trajectbegeleider_at_once(
    client_for, ib, ouder, trajectbegeleider, vraag
):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="")
    delen = services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_SWV, ouder=ouder)
    client_for(ib).post(
        actie(vraag, "trajectbegeleiding"), {"trajectbegeleider": trajectbegeleider.pk, "toelichting": "Graag advies"}
    )
    tb = client_for(trajectbegeleider)
    assert tb.get(detail(vraag)).status_code == 200
    assert tb.post(actie(vraag, "advies"), {"tekst": "Mijn advies"}).status_code == 302
    client_for(ib).post(actie(vraag, "toestemming_intrekken"), {"toestemming": delen.pk})
    assert tb.get(detail(vraag)).status_code == 404
    assert tb.get(reverse("leerlingen:detail", args=[vraag.leerling_id])).status_code == 404


@pytest.mark.django_db
def test_action_form_errors_are_dutch_and_keep_input(client_for, ib, vraag):
    services.oppakken(vraag=vraag, door=ib)
    response = client_for(ib).post(
        actie(vraag, "basisondersteuning"),
        {"afspraken": "Leesmaatje", "evaluatiedatum": "2020-01-01", "ouders_aanwezig": "nee"},
    )
    content = response.content.decode()
    assert "Kies een datum na vandaag." in content
    assert "Geef aan waarom de ouders er niet bij waren." in content
    assert "Leesmaatje" in content


@pytest.mark.django_db
def test_queue_shows_new_untaken_requests_first_by_default(client_for, ib, leerkracht, groep):
    oud = VraagFactory(leerling=LeerlingFactory(groep=groep), ingediend_door=leerkracht)
    services.indienen(vraag=oud, door=leerkracht, nu=timezone.now() - datetime.timedelta(days=20))
    services.oppakken(vraag=oud, door=ib, nu=timezone.now() - datetime.timedelta(days=19))
    nieuw = VraagFactory(leerling=LeerlingFactory(groep=groep), ingediend_door=leerkracht)
    services.indienen(vraag=nieuw, door=leerkracht)

    pagina = client_for(ib).get(reverse("ondersteuning:wachtrij")).context["pagina"]

    assert [v.pk for v in pagina.object_list] == [nieuw.pk, oud.pk]
