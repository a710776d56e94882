"""Inviting staff (directeur) and guardians (IB and directeur): pages, permissions and what they create."""

import pytest
from django.core import mail
from django.urls import reverse

from klimop.accounts.models import Rol, Uitnodiging, User
from klimop.accounts.tests.factories import UserFactory
from leerlingen.models import Ouder
from tests.antwoorden import inhoud

from .helpers import link_in

pytestmark = pytest.mark.django_db

MEDEWERKER = reverse("accountbeheer:medewerker_uitnodigen")


def ouder_uitnodigen(leerling) -> str:
    return reverse("accountbeheer:ouder_uitnodigen", args=[leerling.pk])


def sturen(user) -> str:
    return reverse("accountbeheer:uitnodiging_sturen", args=[user.pk])


def zonder_wachtwoord(**kwargs) -> User:
    user = UserFactory(**kwargs)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


# --- staff ---------------------------------------------------------------------------------


def test_the_directeur_invites_a_teacher_with_groups(
    client_for, directeur, groep, andere_groep, django_capture_on_commit_callbacks, worker
):
    client = client_for(directeur)
    assert client.get(MEDEWERKER).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            MEDEWERKER,
            {
                "email": "Nieuwe.Juf@KlimOp.test",
                "first_name": "Lotte",
                "last_name": "Bos",
                "rol": "leerkracht",
                "groepen": [groep.pk],
            },
        )
    user = User.objects.get(email="nieuwe.juf@klimop.test")
    assert response.status_code == 302
    assert response.url == reverse("accountbeheer:detail", args=[user.pk])
    assert user.rol == Rol.LEERKRACHT and not user.has_usable_password()
    assert list(user.groepen.all()) == [groep]
    worker()
    (bericht,) = mail.outbox
    assert bericht.to == ["nieuwe.juf@klimop.test"]
    assert "tweestapsverificatie" in bericht.body
    uitnodiging = user.uitnodigingen.get()
    assert link_in(bericht) == reverse("accounts:uitnodiging", args=[uitnodiging.pk, uitnodiging.token()])


def test_an_external_member_needs_an_organisation(client_for, directeur):
    client = client_for(directeur)
    gegevens = {"email": "tb2@swv.test", "first_name": "Kees", "last_name": "Smit", "rol": "trajectbegeleider"}
    response = client.post(MEDEWERKER, gegevens)
    assert response.status_code == 200
    assert "Vul de organisatie in" in response.content.decode()
    assert 'value="tb2@swv.test"' in response.content.decode()
    response = client.post(MEDEWERKER, {**gegevens, "organisatie": "De Westfriese Knoop", "functie": "tb"})
    assert response.status_code == 302
    user = User.objects.get(email="tb2@swv.test")
    assert (user.rol, user.organisatie, user.functie) == ("trajectbegeleider", "De Westfriese Knoop", "tb")


def test_a_teacher_needs_a_group_and_an_address_can_be_used_once(client_for, directeur, leerkracht, groep):
    client = client_for(directeur)
    response = client.post(
        MEDEWERKER, {"email": leerkracht.email, "first_name": "A", "last_name": "B", "rol": "leerkracht"}
    )
    content = response.content.decode()
    assert "Er bestaat al een account met dit e-mailadres" in content
    assert "Kies de groep of groepen van de leerkracht" in content


def test_parents_cannot_be_invited_as_staff(client_for, directeur):
    response = client_for(directeur).post(
        MEDEWERKER, {"email": "x@ouders.test", "first_name": "A", "last_name": "B", "rol": "ouder"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="x@ouders.test").exists()


@pytest.mark.parametrize("rol", ["ib", "leerkracht", "ouder", "trajectbegeleider"])
def test_only_the_directeur_invites_staff(client_for, cast, rol):
    client = client_for(cast[rol])
    assert client.get(MEDEWERKER).status_code == 403
    response = client.post(MEDEWERKER, {"email": "x@klimop.test", "first_name": "A", "last_name": "B", "rol": "ib"})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@klimop.test").exists()


def test_staff_invitation_page_anonymous_and_method(client, client_for, directeur):
    assert client.get(MEDEWERKER).url.startswith(reverse("accounts:login"))
    assert client_for(directeur).put(MEDEWERKER).status_code == 405


# --- guardians from the pupil page ---------------------------------------------------------


@pytest.mark.parametrize("rol", ["ib", "directeur"])
def test_the_ib_and_directeur_invite_a_new_guardian_from_the_pupil_page(client_for, cast, leerling, rol):
    client = client_for(cast[rol])
    pagina = client.get(reverse("leerlingen:detail", args=[leerling.pk])).content.decode()
    assert f'href="{ouder_uitnodigen(leerling)}"' in pagina
    assert client.get(ouder_uitnodigen(leerling)).status_code == 200
    response = client.post(
        ouder_uitnodigen(leerling),
        {
            "email": "pleeg@ouders.test",
            "first_name": "Ria",
            "last_name": "Groot",
            "relatie": "verzorger",
            "gezag": "on",
        },
    )
    assert response.status_code == 302
    assert response.url == leerling.get_absolute_url()
    user = User.objects.get(email="pleeg@ouders.test")
    assert user.rol == Rol.OUDER
    assert Ouder.objects.filter(user=user, leerling=leerling, relatie="verzorger", gezag=True).exists()
    assert Uitnodiging.objects.open().filter(user=user).count() == 1


def test_a_guardian_who_can_sign_in_only_gains_the_link(client_for, ib, ouder, andere_leerling):
    response = client_for(ib).post(
        ouder_uitnodigen(andere_leerling),
        {"email": ouder.email, "first_name": "", "last_name": "X", "relatie": "moeder", "gezag": "on"},
        follow=True,
    )
    assert "al een account" in response.content.decode()
    assert Ouder.objects.filter(user=ouder, leerling=andere_leerling).exists()
    assert not ouder.uitnodigingen.exists()


def test_a_staff_address_is_refused_as_guardian(client_for, ib, leerkracht, leerling):
    response = client_for(ib).post(
        ouder_uitnodigen(leerling),
        {"email": leerkracht.email, "first_name": "", "last_name": "X", "relatie": "moeder", "gezag": "on"},
    )
    assert response.status_code == 200
    assert "account van een medewerker" in response.content.decode()
    assert not Ouder.objects.filter(user=leerkracht).exists()


@pytest.mark.parametrize("rol", ["leerkracht", "ouder", "trajectbegeleider", "ot_lid"])
def test_other_roles_may_not_invite_guardians(client_for, cast, leerling, rol):
    client = client_for(cast[rol])
    assert client.get(ouder_uitnodigen(leerling)).status_code == 403
    assert client.get(reverse("accountbeheer:ouders_uitnodigen")).status_code == 403
    assert client.post(sturen(cast["ouder"])).status_code == 403


def test_an_unknown_pupil_is_not_found(client_for, ib):
    assert client_for(ib).get(reverse("accountbeheer:ouder_uitnodigen", args=[99999])).status_code == 404


def test_guardian_invitation_anonymous_and_method(client, client_for, ib, leerling):
    assert client.get(ouder_uitnodigen(leerling)).url.startswith(reverse("accounts:login"))
    assert client_for(ib).put(ouder_uitnodigen(leerling)).status_code == 405


# --- (re)sending ---------------------------------------------------------------------------


def test_the_pupil_page_offers_an_invitation_for_a_guardian_without_password(client_for, ib, leerling, leerkracht):
    from leerlingen.tests.factories import OuderFactory

    nieuw = OuderFactory(leerling=leerling).user
    nieuw.set_unusable_password()
    nieuw.save()
    url = reverse("leerlingen:detail", args=[leerling.pk])
    assert f'action="{sturen(nieuw)}"' in inhoud(client_for(ib).get(url))
    # The teacher sees the guardians but gets no invitation buttons (the view would refuse them).
    assert f'action="{sturen(nieuw)}"' not in inhoud(client_for(leerkracht).get(url))

    response = client_for(ib).post(sturen(nieuw), {"next": url})
    assert response.status_code == 302 and response.url == url
    assert Uitnodiging.objects.open().filter(user=nieuw).count() == 1


def test_the_ib_may_not_send_staff_invitations(client_for, ib, directeur):
    collega = zonder_wachtwoord(rol=Rol.LEERKRACHT)
    assert client_for(ib).post(sturen(collega)).status_code == 403
    assert not collega.uitnodigingen.exists()
    response = client_for(directeur).post(sturen(collega))
    assert response.url == reverse("accountbeheer:detail", args=[collega.pk])
    assert collega.uitnodigingen.count() == 1


def test_sending_an_invitation_needs_post_and_refuses_accounts_with_a_password(client_for, directeur, leerkracht):
    client = client_for(directeur)
    assert client.get(sturen(leerkracht)).status_code == 405
    response = client.post(sturen(leerkracht), follow=True)
    assert "heeft al een wachtwoord" in response.content.decode()
    assert not leerkracht.uitnodigingen.exists()
    assert client.post(reverse("accountbeheer:uitnodiging_sturen", args=[99999])).status_code == 404
