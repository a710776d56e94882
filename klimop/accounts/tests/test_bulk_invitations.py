"""Inviting every guardian who cannot sign in yet, in one go after an import: preview, count, confirm."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from klimop.accounts.models import Rol, Uitnodiging
from leerlingen import uitnodigingen as services
from leerlingen.tests.factories import LeerlingFactory, OuderFactory
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db

URL = reverse("accountbeheer:ouders_uitnodigen")


def ouder_zonder_wachtwoord(**kwargs):
    ouder = OuderFactory(**kwargs)
    ouder.user.set_unusable_password()
    ouder.user.save(update_fields=["password"])
    return ouder.user


@pytest.fixture
def situatie(leerling, ouder, directeur):
    """Two guardians to invite, and one of each kind that must be left alone."""
    te_gaan = [
        ouder_zonder_wachtwoord(leerling=leerling, user__email="a@ouders.test"),
        ouder_zonder_wachtwoord(user__email="b@ouders.test"),
    ]
    ouder_zonder_wachtwoord(leerling=leerling, gezag=False, user__email="geen-gezag@ouders.test")
    uitgeschreven = LeerlingFactory(uitgeschreven_op=timezone.localdate() - datetime.timedelta(days=1))
    ouder_zonder_wachtwoord(leerling=uitgeschreven, user__email="vertrokken@ouders.test")
    inactief = ouder_zonder_wachtwoord(user__email="inactief@ouders.test")
    inactief.is_active = False
    inactief.save()
    al_uitgenodigd = ouder_zonder_wachtwoord(user__email="al@ouders.test")
    services.uitnodigen(user=al_uitgenodigd, door=directeur)
    return te_gaan


def test_the_preview_counts_only_guardians_who_need_an_invitation(client_for, ib, situatie):
    response = client_for(ib).get(URL)
    content = inhoud(response)
    assert response.status_code == 200
    assert "Er gaan uitnodigingen naar <strong>2 ouders</strong>" in content
    assert "a@ouders.test" in content and "b@ouders.test" in content
    for email in ("geen-gezag@", "vertrokken@", "inactief@", "al@", "ouder@klimop.test"):
        assert email not in content
    assert 'name="aantal" value="2"' in content
    assert not Uitnodiging.objects.filter(user__in=situatie).exists()


def test_confirming_invites_them_all_and_the_mails_leave_after_commit(
    client_for, directeur, situatie, django_capture_on_commit_callbacks, worker
):
    worker()  # the earlier invitation's mail
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(directeur).post(URL, {"aantal": "2"}, follow=True)
    assert "Er gaan uitnodigingen naar 2 ouders" in response.content.decode()
    assert Uitnodiging.objects.open().filter(user__in=situatie).count() == 2
    worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@ouders.test", "b@ouders.test"]
    # Nobody is left, so a second round invites no one.
    assert "Er is niemand om uit te nodigen" in client_for(directeur).get(URL).content.decode()


def test_a_changed_count_since_the_preview_is_refused(client_for, ib, situatie):
    response = client_for(ib).post(URL, {"aantal": "5"}, follow=True)
    assert "Sinds het overzicht is het aantal ouders veranderd" in response.content.decode()
    assert not Uitnodiging.objects.filter(user__in=situatie).exists()
    client_for(ib).post(URL, {})
    assert not Uitnodiging.objects.filter(user__in=situatie).exists()


def test_guardians_whose_link_expired_are_invited_again(ib, directeur):
    user = ouder_zonder_wachtwoord()
    uitnodiging = services.uitnodigen(user=user, door=directeur)
    assert user not in services.ouders_zonder_uitnodiging()
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(
        aangemaakt_op=timezone.now() - datetime.timedelta(days=9),
        verloopt_op=timezone.now() - datetime.timedelta(days=2),
    )
    assert user in services.ouders_zonder_uitnodiging()
    assert services.ouders_uitnodigen(door=ib) == 1


def test_bulk_invitation_anonymous_and_method(client, client_for, ib):
    assert client.get(URL).url.startswith(reverse("accounts:login"))
    assert client_for(ib).put(URL).status_code == 405


def test_only_school_leadership_sends_bulk_invitations(leerkracht):
    assert leerkracht.rol == Rol.LEERKRACHT
    with pytest.raises(services.Geweigerd):
        services.ouders_uitnodigen(door=leerkracht)
