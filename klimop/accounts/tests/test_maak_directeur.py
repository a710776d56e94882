"""`manage.py maak_directeur`: the first account on a new server, which then sets a password and two-factor login."""

import io
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from klimop.accounts.models import Rol, User

pytestmark = pytest.mark.django_db
WACHTWOORD = "Lange-zin-voor-KlimOp-42"


def maak_directeur(*args) -> str:
    uit = io.StringIO()
    call_command("maak_directeur", *args, stdout=uit)
    return uit.getvalue()


def _link(uitvoer: str) -> str:
    return urlsplit(uitvoer.strip().splitlines()[-1]).path


def test_it_makes_a_directeur_without_a_password_and_prints_a_link(settings):
    settings.PORTAAL_URL = "https://portaal.klimop.nl"
    uitvoer = maak_directeur("Hoofd@KlimOp.nl", "--voornaam", "Ineke", "--achternaam", "Bos")
    user = User.objects.get()
    assert (user.email, user.rol, user.get_full_name()) == ("hoofd@klimop.nl", Rol.DIRECTEUR, "Ineke Bos")
    assert user.is_staff and user.is_superuser  # the Django admin, e.g. to remove a lost phone's devices
    assert not user.has_usable_password()
    assert uitvoer.strip().splitlines()[-1].startswith("https://portaal.klimop.nl/accounts/uitnodiging/")
    assert mail.outbox == []


def test_the_link_sets_the_password_and_leads_to_two_factor_enrolment(client):
    link = _link(maak_directeur("hoofd@klimop.nl"))
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": WACHTWOORD, "new_password2": WACHTWOORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_enrol"))
    # Until the second factor is set up, the portal itself stays closed.
    portaal = client.get(reverse("portaal"))
    assert portaal.status_code == 302 and portaal.url.startswith(reverse("accounts:two_factor_enrol"))
    assert User.objects.get().check_password(WACHTWOORD)


def test_running_it_again_replaces_the_link(client):
    eerste = _link(maak_directeur("hoofd@klimop.nl"))
    tweede = _link(maak_directeur("hoofd@klimop.nl"))
    assert client.get(eerste).status_code == 410
    assert client.get(tweede).status_code == 200
    assert User.objects.count() == 1


@pytest.mark.parametrize("soort", ["ander", "wachtwoord"])
def test_an_existing_account_that_is_not_a_new_directeur_is_refused(client, soort, leerkracht, directeur):
    email = leerkracht.email if soort == "ander" else directeur.email
    with pytest.raises(CommandError, match="Er bestaat al een account"):
        maak_directeur(email)
    assert not User.objects.get(email=email).uitnodigingen.exists()


def test_a_wrong_address_is_refused_in_dutch():
    with pytest.raises(CommandError, match="geen geldig e-mailadres"):
        maak_directeur("geen-adres")
    assert not User.objects.exists()
