import pytest
from django.urls import reverse

from leerlingen.tests.factories import GroepFactory, LeerlingFactory
from tests.antwoorden import inhoud

LIJST = reverse("leerlingen:lijst")


def detail(leerling):
    return reverse("leerlingen:detail", args=[leerling.pk])


def kind(leerling):
    return reverse("ouders:kind", args=[leerling.pk])


# --- /leerlingen/ ---------------------------------------------------------------------------


def test_pupil_list_sends_anonymous_to_login(client):
    response = client.get(LIJST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_teacher_lists_only_own_pupils(client_for, leerkracht, leerling, andere_leerling):
    response = client_for(leerkracht).get(LIJST)
    content = inhoud(response)
    assert response.status_code == 200
    assert leerling.achternaam in content
    assert andere_leerling.achternaam not in content


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["ouder", "trajectbegeleider", "ot_lid"])
def test_pupil_list_is_forbidden_outside_the_school_team(client_for, cast, rol):
    assert client_for(cast[rol]).get(LIJST).status_code == 403


@pytest.mark.django_db
def test_pupil_list_refuses_post(client_for, ib):
    assert client_for(ib).post(LIJST).status_code == 405


@pytest.mark.django_db
def test_search_filters_by_name(client_for, ib, groep):
    LeerlingFactory(voornaam="Sanne", achternaam="Bakker", groep=groep)
    LeerlingFactory(voornaam="Tim", achternaam="Jansen", groep=groep)
    content = inhoud(client_for(ib).get(LIJST, {"q": "sann"}))
    assert "Bakker, Sanne" in content
    assert "Jansen" not in content
    assert 'value="sann"' in content


@pytest.mark.django_db
def test_group_filter_and_htmx_returns_only_the_results_partial(client_for, ib, groep, andere_groep):
    LeerlingFactory(achternaam="Vijfje", groep=groep)
    LeerlingFactory(achternaam="Zevenaar", groep=andere_groep)
    response = client_for(ib).get(LIJST, {"groep": groep.pk}, headers={"HX-Request": "true"})
    content = inhoud(response)
    assert content.lstrip().startswith('<section id="resultaten"')
    assert "<html" not in content
    assert "Vijfje" in content and "Zevenaar" not in content


@pytest.mark.django_db
def test_teacher_cannot_filter_on_another_group(client_for, leerkracht, leerling, andere_groep, andere_leerling):
    content = inhoud(client_for(leerkracht).get(LIJST, {"groep": andere_groep.pk}))
    assert "Kies een groep uit de lijst." in content
    assert andere_leerling.achternaam not in content


@pytest.mark.django_db
def test_overlong_search_gets_a_dutch_error_and_keeps_the_text(client_for, ib, leerling):
    response = client_for(ib).get(LIJST, {"q": "a" * 150})
    assert response.status_code == 200
    content = response.content.decode()
    assert "niet meer dan 100 tekens" in content
    assert f'value="{"a" * 150}"' in content


@pytest.mark.django_db
def test_pupil_list_paginates_and_keeps_the_filter(client_for, ib, groep):
    LeerlingFactory.create_batch(55, groep=groep)
    content = client_for(ib).get(LIJST, {"groep": groep.pk}).content.decode()
    assert "Pagina 1 van 2" in content
    assert f"groep={groep.pk}&amp;pagina=2" in content


@pytest.mark.django_db
def test_pupil_list_query_count_does_not_grow_with_pupils(client_for, ib, django_assert_num_queries):
    client = client_for(ib)
    groep = GroepFactory()
    LeerlingFactory.create_batch(3, groep=groep)
    # Besides the page's own queries: session, user, OTP device, the unread-notifications badge and the access
    # log is not written for lists.
    with django_assert_num_queries(7) as few:
        client.get(LIJST)
    for _ in range(5):
        LeerlingFactory.create_batch(10, groep=GroepFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(LIJST)


# --- /leerlingen/<pk>/ ----------------------------------------------------------------------


@pytest.mark.django_db
def test_teacher_opens_own_pupil(client_for, leerkracht, leerling, ouder):
    response = client_for(leerkracht).get(detail(leerling))
    assert response.status_code == 200
    assert ouder.email in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["leerkracht2", "ouder2", "trajectbegeleider", "ot_lid"])
def test_outsiders_get_404_on_a_pupil(client_for, cast, leerling, rol):
    assert client_for(cast[rol]).get(detail(leerling)).status_code == 404


@pytest.mark.django_db
def test_parent_is_sent_to_the_parent_page_of_own_child(client_for, ouder, leerling):
    response = client_for(ouder).get(detail(leerling))
    assert response.status_code == 302
    assert response.url == kind(leerling)


@pytest.mark.django_db
def test_pupil_page_refuses_post(client_for, ib, leerling):
    assert client_for(ib).post(detail(leerling)).status_code == 405


def test_pupil_page_sends_anonymous_to_login(client):
    assert client.get(reverse("leerlingen:detail", args=[1])).status_code == 302


# --- /ouders/ -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_parent_start_lists_exactly_own_children(client_for, ouder, leerling, andere_leerling):
    zus = LeerlingFactory(voornaam="Lotte", achternaam=leerling.achternaam)
    from leerlingen.tests.factories import OuderFactory

    OuderFactory(user=ouder, leerling=zus)
    content = inhoud(client_for(ouder).get(reverse("ouders:start")))
    assert leerling.volledige_naam in content
    assert zus.volledige_naam in content
    assert andere_leerling.volledige_naam not in content


@pytest.mark.django_db
def test_parent_opens_own_child_and_sees_teacher(client_for, ouder, leerling, leerkracht):
    response = client_for(ouder).get(kind(leerling))
    assert response.status_code == 200
    assert str(leerkracht) in response.content.decode()


@pytest.mark.django_db
def test_other_parent_gets_404_on_a_child(client_for, ouder2, leerling):
    assert client_for(ouder2).get(kind(leerling)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["leerkracht", "ib", "trajectbegeleider"])
def test_parent_pages_are_forbidden_for_staff(client_for, cast, leerling, rol):
    assert client_for(cast[rol]).get(reverse("ouders:start")).status_code == 403
    assert client_for(cast[rol]).get(kind(leerling)).status_code == 403


@pytest.mark.django_db
def test_parent_pages_refuse_post(client_for, ouder, leerling):
    assert client_for(ouder).post(reverse("ouders:start")).status_code == 405
    assert client_for(ouder).post(kind(leerling)).status_code == 405


def test_parent_pages_send_anonymous_to_login(client):
    assert client.get(reverse("ouders:start")).status_code == 302
    assert client.get(reverse("ouders:kind", args=[1])).status_code == 302
