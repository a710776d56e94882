"""Comments by parents and the school team on a case or a plan version; each one a timeline step."""

import pytest
from django.urls import reverse

from ondersteuning import services
from ondersteuning.models import Ouderbetrokkenheid, Reactie, Stap, StapSoort
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db


def reageren(vraag):
    return reverse("ondersteuning:reageren", args=[vraag.pk])


def test_a_parents_comment_on_a_plan_version_is_a_reaction_step(gedeeld, ouder):
    reactie = services.reageren(vraag=gedeeld.plan.vraag, door=ouder, tekst="Graag ook thuis oefenen.", versie=gedeeld)
    stap = Stap.objects.filter(vraag=reactie.vraag).last()
    assert (stap.soort, stap.ouderbetrokkenheid, stap.actor) == (StapSoort.REACTIE, Ouderbetrokkenheid.REACTIE, ouder)
    assert stap.zichtbaar_voor_ouders and stap.toelichting == "Over versie 1 van het plan: Graag ook thuis oefenen."


def test_a_staff_comment_informs_the_parents(vraag, ib):
    services.reageren(vraag=vraag, door=ib, tekst="Dank voor uw bericht.")
    stap = Stap.objects.filter(vraag=vraag).last()
    assert stap.ouderbetrokkenheid == Ouderbetrokkenheid.GEINFORMEERD and stap.zichtbaar_voor_ouders


def test_parents_cannot_comment_on_a_concept_version(concept, ouder):
    with pytest.raises(services.Geweigerd):
        services.reageren(vraag=concept.plan.vraag, door=ouder, tekst="x", versie=concept)


@pytest.mark.parametrize("rol", ["trajectbegeleider", "ot_lid", "ouder2", "leerkracht2"])
def test_others_cannot_comment_through_the_service(vraag, cast, rol):
    with pytest.raises(services.Geweigerd):
        services.reageren(vraag=vraag, door=cast[rol], tekst="x")
    assert not Reactie.objects.exists()


@pytest.mark.parametrize("rol", ["ouder", "leerkracht", "ib", "directeur"])
def test_parents_and_school_team_comment_through_the_page(client_for, cast, vraag, rol):
    client = client_for(cast[rol])
    assert client.get(reageren(vraag)).status_code == 200
    response = client.post(reageren(vraag), {"tekst": f"Bericht van {rol}"})
    assert response.status_code == 302
    assert Reactie.objects.get().tekst == f"Bericht van {rol}"


@pytest.mark.parametrize("rol", ["ouder2", "leerkracht2", "trajectbegeleider", "ot_lid"])
def test_outsiders_get_404_on_the_comment_page(client_for, cast, vraag, rol):
    assert client_for(cast[rol]).get(reageren(vraag)).status_code == 404
    assert client_for(cast[rol]).post(reageren(vraag), {"tekst": "x"}).status_code == 404
    assert not Reactie.objects.exists()


def test_a_read_only_partner_gets_403_when_commenting(client_for, vraag, ib, ouder, trajectbegeleider):
    from ondersteuning.models import ToestemmingSoort

    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="")
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_SWV, ouder=ouder)
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="")
    assert client_for(trajectbegeleider).post(reageren(vraag), {"tekst": "x"}).status_code == 403


def test_the_comment_page_refuses_put_and_sends_anonymous_to_login(client_for, client, ouder, vraag):
    assert client_for(ouder).put(reageren(vraag)).status_code == 405
    assert client.post(reageren(vraag), {"tekst": "x"}).url.startswith(reverse("accounts:login"))


def test_an_empty_comment_gets_a_dutch_error_and_no_step(client_for, ouder, vraag):
    content = client_for(ouder).post(reageren(vraag), {"tekst": ""}).content.decode()
    assert "Schrijf uw reactie." in content and "Er is iets niet goed ingevuld" in content
    assert not Stap.objects.filter(soort=StapSoort.REACTIE).exists()


def test_htmx_gets_the_comment_list_back_with_the_new_comment(client_for, ouder, vraag):
    response = client_for(ouder).post(
        reageren(vraag), {"tekst": "Via htmx", "next": "/ouders/"}, headers={"HX-Request": "true"}
    )
    content = inhoud(response)
    assert content.lstrip().startswith('<section id="reacties"')
    assert "Via htmx" in content and "<html" not in content


def test_htmx_gets_the_form_back_with_its_error(client_for, ouder, vraag):
    response = client_for(ouder).post(reageren(vraag), {"tekst": ""}, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<section id="reacties"')
    assert "Schrijf uw reactie." in response.content.decode()


def test_after_a_comment_the_user_returns_to_a_safe_page_only(client_for, ouder, vraag):
    client = client_for(ouder)
    eigen = reverse("ouders:vraag", args=[vraag.pk])
    assert client.post(reageren(vraag), {"tekst": "a", "next": eigen}).url == eigen
    assert client.post(reageren(vraag), {"tekst": "b", "next": "https://evil.example/"}).url == eigen


def test_parents_cannot_comment_on_a_closed_case(client_for, ouder, ib, vraag):
    services.afsluiten(vraag=vraag, door=ib, conclusie="Klaar.")
    assert client_for(ouder).post(reageren(vraag), {"tekst": "x"}).status_code == 403
