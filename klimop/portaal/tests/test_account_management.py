"""The directeur's account pages: list with filters, details, deactivating and reactivating."""

import pytest
from django.urls import reverse

from klimop.accounts import services
from klimop.accounts.models import Rol, User
from klimop.accounts.tests.factories import UserFactory
from leerlingen.tests.factories import GroepFactory, OuderFactory
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db

LIJST = reverse("accountbeheer:lijst")
PORTAAL = reverse("portaal")
LOGIN = reverse("accounts:login")


def detail(user) -> str:
    return reverse("accountbeheer:detail", args=[user.pk])


def deactiveren(user) -> str:
    return reverse("accountbeheer:deactiveren", args=[user.pk])


def heractiveren(user) -> str:
    return reverse("accountbeheer:heractiveren", args=[user.pk])


# --- permissions ---------------------------------------------------------------------------


def test_the_directeur_sees_the_account_list(client_for, cast, groep):
    content = client_for(cast["directeur"]).get(LIJST).content.decode()
    assert "Accounts" in content
    for user in cast.values():
        assert user.email in content
    assert "Groep 5" in content  # the teacher's group
    assert "Daan Groot" in content  # the parent's child


@pytest.mark.parametrize("rol", ["ib", "leerkracht", "trajectbegeleider", "ot_lid", "ouder"])
def test_other_roles_may_not_manage_accounts(client_for, cast, rol):
    client = client_for(cast[rol])
    target = cast["leerkracht2"]
    assert client.get(LIJST).status_code == 403
    assert client.get(detail(target)).status_code == 403
    assert client.get(reverse("accountbeheer:medewerker_uitnodigen")).status_code == 403
    assert client.post(deactiveren(target)).status_code == 403
    assert client.post(heractiveren(target)).status_code == 403
    target.refresh_from_db()
    assert target.is_active


def test_anonymous_visitors_are_sent_to_login(client, leerkracht):
    for url in (LIJST, detail(leerkracht)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    response = client.post(deactiveren(leerkracht))
    assert response.url.startswith(reverse("accounts:login"))


def test_account_pages_refuse_the_wrong_method(client_for, directeur, leerkracht):
    client = client_for(directeur)
    assert client.post(LIJST).status_code == 405
    assert client.get(deactiveren(leerkracht)).status_code == 405
    assert client.get(heractiveren(leerkracht)).status_code == 405
    assert client.put(detail(leerkracht)).status_code == 405


def test_an_unknown_account_is_not_found(client_for, directeur):
    assert client_for(directeur).get(reverse("accountbeheer:detail", args=[99999])).status_code == 404


def test_the_filter_returns_the_partial_for_htmx(client_for, directeur, leerkracht, ouder):
    response = client_for(directeur).get(LIJST, {"rol": "ouder"}, headers={"HX-Request": "true"})
    content = inhoud(response)
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="resultaten"')
    assert "<html" not in content
    assert ouder.email in content and leerkracht.email not in content


# --- list ----------------------------------------------------------------------------------


def test_the_list_filters_on_status_and_search(client_for, cast, directeur):
    uitgenodigd = UserFactory(email="nieuw@klimop.test", rol=Rol.LEERKRACHT)
    uitgenodigd.set_unusable_password()
    uitgenodigd.save()
    services.uitnodigen(user=uitgenodigd, door=directeur)
    nooit = UserFactory(email="nooit@ouders.test", rol=Rol.OUDER)
    nooit.set_unusable_password()
    nooit.save()
    weg = cast["leerkracht2"]
    services.deactiveren(user=weg, door=directeur)
    client = client_for(directeur)

    def emails(**params) -> set[str]:
        content = client.get(LIJST, params).content.decode()
        return {u.email for u in User.objects.all() if u.email in content}

    assert emails(status="uitgenodigd") == {"nieuw@klimop.test"}
    assert emails(status="geen_toegang") == {"nooit@ouders.test"}
    assert emails(status="gedeactiveerd") == {weg.email}
    assert weg.email not in emails(status="actief") and cast["ib"].email in emails(status="actief")
    assert emails(q="Schouten") == {cast["leerkracht"].email}
    assert emails(q="westfriesknoop") == {cast["trajectbegeleider"].email}
    assert emails(rol="trajectbegeleider") == {cast["trajectbegeleider"].email}


def test_the_list_shows_the_last_sign_in_and_invitation_state(client_for, directeur, leerkracht):
    from django.utils import timezone

    leerkracht.last_login = timezone.make_aware(timezone.datetime(2026, 3, 4, 9, 15))
    leerkracht.save(update_fields=["last_login"])
    nieuw = UserFactory(rol=Rol.IB)
    nieuw.set_unusable_password()
    nieuw.save()
    services.uitnodigen(user=nieuw, door=directeur)
    content = client_for(directeur).get(LIJST).content.decode()
    assert "4-3-2026 09:15" in content
    assert "Verstuurd, nog niet gebruikt" in content
    assert "nooit" in content


def test_the_list_query_count_does_not_grow_with_accounts(client_for, directeur, django_assert_num_queries):
    client = client_for(directeur)

    def maak(n):
        for _ in range(n):
            groep = GroepFactory()
            groep.leerkrachten.add(UserFactory(rol=Rol.LEERKRACHT))
            ouder = OuderFactory().user
            ouder.set_unusable_password()
            ouder.save()
            services.uitnodigen(user=ouder, door=directeur)

    maak(2)
    # Session, user, OTP device, badge, count, accounts and three prefetches.
    with django_assert_num_queries(9) as weinig:
        assert client.get(LIJST).status_code == 200
    maak(10)
    with django_assert_num_queries(len(weinig.captured_queries)):
        assert client.get(LIJST).status_code == 200


# --- details -------------------------------------------------------------------------------


def test_the_directeur_changes_a_teachers_groups(client_for, directeur, leerkracht, groep, andere_groep):
    response = client_for(directeur).post(
        detail(leerkracht),
        {"first_name": "Marieke", "last_name": "Schouten-de Vries", "functie": "", "groepen": [andere_groep.pk]},
    )
    assert response.status_code == 302
    leerkracht.refresh_from_db()
    assert leerkracht.last_name == "Schouten-de Vries"
    assert list(leerkracht.groepen.all()) == [andere_groep]


def test_the_detail_page_offers_the_actions(client_for, directeur, leerkracht):
    content = client_for(directeur).get(detail(leerkracht)).content.decode()
    assert f'action="{deactiveren(leerkracht)}"' in content
    content = client_for(directeur).get(detail(directeur)).content.decode()
    assert "Uw eigen account kunt u niet deactiveren" in content


# --- deactivating --------------------------------------------------------------------------


def test_a_deactivated_teachers_next_request_is_refused(client_for, directeur, leerkracht, leerling):
    teacher = client_for(leerkracht)
    assert teacher.get(reverse("leerlingen:detail", args=[leerling.pk])).status_code == 200

    response = client_for(directeur).post(deactiveren(leerkracht), follow=True)
    assert "heeft vanaf nu geen toegang meer" in response.content.decode()

    for url in (PORTAAL, reverse("leerlingen:detail", args=[leerling.pk])):
        response = teacher.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    # Signing in again does not work either: the login page comes back.
    response = teacher.post(LOGIN, {"username": leerkracht.email, "password": "geheim-wachtwoord"})
    assert response.status_code == 200
    assert teacher.get(PORTAAL).status_code == 302


def test_deactivating_keeps_the_account_and_its_history(client_for, directeur, leerkracht, vraag):
    client_for(directeur).post(deactiveren(leerkracht))
    leerkracht.refresh_from_db()
    assert not leerkracht.is_active
    assert leerkracht.stappen.filter(vraag=vraag).exists()
    content = client_for(directeur).get(detail(leerkracht)).content.decode()
    assert "Account weer activeren" in content


def test_deactivating_withdraws_open_invitations(directeur):
    nieuw = UserFactory(rol=Rol.LEERKRACHT)
    nieuw.set_unusable_password()
    nieuw.save()
    uitnodiging = services.uitnodigen(user=nieuw, door=directeur)
    services.deactiveren(user=nieuw, door=directeur)
    uitnodiging.refresh_from_db()
    assert uitnodiging.status() == "ingetrokken"


def test_the_directeur_cannot_deactivate_themselves(client_for, directeur):
    client = client_for(directeur)
    response = client.post(deactiveren(directeur), follow=True)
    assert "niet deactiveren" in response.content.decode()
    directeur.refresh_from_db()
    assert directeur.is_active
    assert client.get(PORTAAL).status_code == 200


def test_a_reactivated_teacher_can_sign_in_again(client, client_for, directeur, leerkracht):
    beheer = client_for(directeur)
    beheer.post(deactiveren(leerkracht))
    beheer.post(heractiveren(leerkracht))
    leerkracht.refresh_from_db()
    assert leerkracht.is_active
    response = client.post(LOGIN, {"username": leerkracht.email, "password": "geheim-wachtwoord"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == leerkracht.pk
