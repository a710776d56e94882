import pytest
from django.urls import reverse

from tests.antwoorden import inhoud

URL = reverse("portaal")


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


@pytest.mark.django_db
def test_portaal_refuses_post(client_for, leerkracht):
    assert client_for(leerkracht).post(URL).status_code == 405


@pytest.mark.django_db
def test_teacher_sees_own_groups_only(client_for, leerkracht, groep, andere_groep, leerling):
    response = client_for(leerkracht).get(URL)
    content = inhoud(response)
    assert response.status_code == 200
    assert "Mijn groepen" in content
    assert "Groep 5" in content
    assert "Groep 7" not in content
    assert "1 leerling" in content


@pytest.mark.django_db
def test_ib_sees_school_summary(client_for, ib, groep, andere_groep, leerling, andere_leerling):
    content = client_for(ib).get(URL).content.decode()
    assert "Er staan 2 leerlingen ingeschreven" in content
    assert "Groep 5" in content and "Groep 7" in content


@pytest.mark.django_db
def test_parent_sees_own_children(client_for, ouder, leerling, andere_leerling):
    content = inhoud(client_for(ouder).get(URL))
    assert "Mijn kinderen" in content
    assert leerling.volledige_naam in content
    assert andere_leerling.volledige_naam not in content


@pytest.mark.django_db
def test_external_roles_see_only_their_cases_explanation(client_for, trajectbegeleider, ot_lid, leerling):
    for user in (trajectbegeleider, ot_lid):
        content = inhoud(client_for(user).get(URL))
        assert "Dossiers waarbij u betrokken bent" in content
        assert leerling.achternaam not in content


@pytest.mark.django_db
def test_header_names_the_person_role_school_and_partnership(client_for, ib):
    content = client_for(ib).get(URL).content.decode()
    assert "Intern begeleider" in content
    assert "Kindcentrum KlimOp" in content
    assert "De Westfriese Knoop" in content
    assert 'hx-headers=\'{"X-CSRFToken"' in content
    assert 'href="#inhoud"' in content


@pytest.mark.django_db
def test_portaal_query_count_is_constant(client_for, ib, django_assert_max_num_queries):
    from leerlingen.tests.factories import GroepFactory, LeerlingFactory

    for _ in range(6):
        LeerlingFactory.create_batch(5, groep=GroepFactory())
    client = client_for(ib)
    # The page's own queries (incl. six attention lists) plus session, user, OTP device, idle-expiry save and badge.
    with django_assert_max_num_queries(18):
        assert client.get(URL).status_code == 200
