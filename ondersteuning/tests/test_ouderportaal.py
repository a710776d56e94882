"""The parents' page of a case, the child page, and what staff see of parent responses; query counts constant."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ondersteuning import services
from ondersteuning.models import Ondersteuningsvraag, ToestemmingSoort
from ondersteuning.tests.conftest import INHOUD
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db


def pagina(vraag):
    return reverse("ouders:vraag", args=[vraag.pk])


def test_the_parent_page_shows_plan_meetings_consents_documents_comments_and_people(
    client_for, ouder, ib, leerkracht, gedeeld
):
    vraag = gedeeld.plan.vraag
    services.reageren(vraag=vraag, door=ib, tekst="Welkom bij het plan.")
    services.observatie_toevoegen(vraag=vraag, door=leerkracht, observatie="Interne notitie", delen_met_ouders=False)
    content = inhoud(client_for(ouder).get(pagina(vraag)))
    for tekst in (
        "Het plan wacht op uw antwoord",
        INHOUD["handelingsdeel_aanbod"],
        "Welkom bij het plan.",
        "Toestemming",
        "Aanmelden bij het ondersteuningsteam",
        "Documenten",
        "Wie zijn betrokken",
        str(leerkracht),
        "intern begeleider, behandelt de vraag",
        "Plan gedeeld met de ouders",
        'id="tijdlijn"',
    ):
        assert tekst in content, tekst
    assert "Interne notitie" not in content


def test_only_shared_minutes_reach_the_parents(client_for, ouder, ib, vraag):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="")
    eerste = services.overleg_plannen(vraag=vraag, door=ib, datum=timezone.now(), agenda="Eerste overleg")
    tweede = services.overleg_plannen(vraag=vraag, door=ib, datum=timezone.now(), agenda="Tweede overleg")
    services.overleg_vastleggen(overleg=eerste, door=ib, ouders_aanwezig=True, verslag="Gedeeld verslag")
    services.overleg_vastleggen(
        overleg=tweede, door=ib, ouders_aanwezig=True, verslag="Vertrouwelijk verslag", verslag_delen=False
    )
    content = inhoud(client_for(ouder).get(pagina(vraag)))
    assert "Gedeeld verslag" in content and "Vertrouwelijk verslag" not in content
    assert "Het verslag is nog niet met u gedeeld." in content


@pytest.mark.parametrize("rol", ["ouder2", "leerkracht2", "trajectbegeleider", "ot_lid"])
def test_outsiders_get_404_on_the_parent_page(client_for, cast, vraag, rol):
    assert client_for(cast[rol]).get(pagina(vraag)).status_code == 404


def test_staff_who_see_the_case_are_sent_to_the_case_page(client_for, ib, vraag):
    assert client_for(ib).get(pagina(vraag)).url == vraag.get_absolute_url()


def test_the_parent_page_refuses_post_and_anonymous(client_for, client, ouder, vraag):
    assert client_for(ouder).post(pagina(vraag)).status_code == 405
    assert client.get(pagina(vraag)).url.startswith(reverse("accounts:login"))


def test_a_guardian_without_gezag_gets_404(client_for, leerling, vraag):
    from leerlingen.tests.factories import OuderFactory

    zonder_gezag = OuderFactory(leerling=leerling, gezag=False).user
    assert client_for(zonder_gezag).get(pagina(vraag)).status_code == 404


def test_the_child_page_links_to_the_case_and_says_when_the_plan_waits(client_for, ouder, gedeeld):
    vraag = gedeeld.plan.vraag
    content = inhoud(client_for(ouder).get(reverse("ouders:kind", args=[vraag.leerling_id])))
    assert pagina(vraag) in content and "Het plan wacht op uw antwoord." in content
    services.instemmen(versie=gedeeld, ouder=ouder, akkoord=True)
    content = inhoud(client_for(ouder).get(reverse("ouders:kind", args=[vraag.leerling_id])))
    assert "Het plan wacht op uw antwoord." not in content


def _veel_activiteit(vraag, ouder, ib, leerkracht, aantal):
    for i in range(aantal):
        services.reageren(vraag=vraag, door=ouder, tekst=f"Vraag {i}")
        services.reageren(vraag=vraag, door=ib, tekst=f"Antwoord {i}")
        services.observatie_toevoegen(
            vraag=vraag, door=leerkracht, observatie=f"Observatie {i}", delen_met_ouders=True
        )


@pytest.mark.parametrize("rol", ["ouder", "ib", "leerkracht"])
def test_case_and_parent_pages_keep_their_query_count_with_many_steps_and_comments(
    client_for, cast, ouder, ib, leerkracht, tweede_ouder, gedeeld, django_assert_num_queries, rol
):
    vraag = gedeeld.plan.vraag
    client = client_for(cast[rol])
    url = pagina(vraag) if rol == "ouder" else vraag.get_absolute_url()
    services.instemmen(versie=gedeeld, ouder=ouder, akkoord=True)
    _veel_activiteit(vraag, ouder, ib, leerkracht, 2)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(url).status_code == 200
    _veel_activiteit(vraag, ouder, ib, leerkracht, 30)
    services.instemmen(versie=gedeeld, ouder=tweede_ouder, akkoord=False, toelichting="Nee")
    with django_assert_num_queries(len(weinig.captured_queries)):
        content = client.get(url).content.decode()
    assert "Vraag 29" in content and "Observatie 29" in content


def test_the_queue_marks_new_parent_responses_until_the_school_acts(client_for, ib, ouder, vraag):
    def gemarkeerd():
        return Ondersteuningsvraag.objects.met_ouderstatus().get(pk=vraag.pk).ouderreactie_nieuw

    assert not gemarkeerd()
    services.reageren(vraag=vraag, door=ouder, tekst="Hoe gaat het?")
    assert gemarkeerd()
    assert "Nieuwe reactie van ouders" in client_for(ib).get(reverse("ondersteuning:wachtrij")).content.decode()
    services.reageren(vraag=vraag, door=ib, tekst="Goed!")
    assert not gemarkeerd()


def test_the_queue_keeps_its_query_count_with_many_parent_responses(client_for, ib, django_assert_num_queries):
    from leerlingen.tests.factories import OuderFactory
    from ondersteuning.tests.factories import VraagFactory

    def maak(aantal):
        for _ in range(aantal):
            vraag = VraagFactory(status="ingediend", ingediend_op=timezone.now())
            ouder = OuderFactory(leerling=vraag.leerling).user
            services.reageren(vraag=vraag, door=ouder, tekst="Reactie")

    client = client_for(ib)
    maak(2)
    with CaptureQueriesContext(connection) as weinig:
        client.get(reverse("ondersteuning:wachtrij"))
    maak(20)
    with django_assert_num_queries(len(weinig.captured_queries)):
        content = client.get(reverse("ondersteuning:wachtrij")).content.decode()
    assert content.count("Nieuwe reactie van ouders") == 22


def test_plan_deadlines_show_due_and_overdue_on_the_case_queue_and_start_page(client_for, ib, arrangement):
    from ondersteuning.models import Plan

    client = client_for(ib)
    assert "Plan vaststellen en delen: uiterlijk" in client.get(arrangement.get_absolute_url()).content.decode()
    Plan.objects.filter(vraag=arrangement).update(termijn=timezone.localdate() - datetime.timedelta(days=1))
    for url in (arrangement.get_absolute_url(), reverse("ondersteuning:wachtrij"), reverse("portaal")):
        content = client.get(url).content.decode()
        assert "Plan vaststellen en delen" in content or "plan vaststellen en delen" in content, url
        assert "(verlopen)" in content, url
    overdue = client.get(reverse("ondersteuning:wachtrij"), {"te_laat": "on"}).content.decode()
    assert arrangement.leerling.sorteernaam in overdue
