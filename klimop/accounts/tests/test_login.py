import pytest
from django.urls import reverse

from klimop.accounts.models import Rol, User
from klimop.accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_user_signs_in_with_email_in_any_case_and_lands_on_portaal(client):
    UserFactory(email="juf@klimop.test", password="geheim-wachtwoord")
    response = client.post(reverse("accounts:login"), {"username": "Juf@KlimOp.test", "password": "geheim-wachtwoord"})
    assert response.status_code == 302
    assert response.url == reverse("portaal")


@pytest.mark.django_db
def test_wrong_password_shows_dutch_error_and_keeps_email(client):
    UserFactory(email="juf@klimop.test", password="geheim-wachtwoord")
    response = client.post(reverse("accounts:login"), {"username": "juf@klimop.test", "password": "fout"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "horen niet bij elkaar" in content
    assert 'value="juf@klimop.test"' in content


@pytest.mark.django_db
def test_inactive_account_cannot_sign_in(client):
    UserFactory(email="oud@klimop.test", password="geheim-wachtwoord", is_active=False)
    response = client.post(reverse("accounts:login"), {"username": "oud@klimop.test", "password": "geheim-wachtwoord"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_page_is_dutch_and_labelled(client):
    response = client.get(reverse("accounts:login"))
    content = response.content.decode()
    assert '<html lang="nl">' in content
    assert 'for="id_username"' in content
    assert "E-mailadres" in content


@pytest.mark.django_db
def test_logout_requires_post(client_for, leerkracht):
    client = client_for(leerkracht)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_email_is_unique_regardless_of_case_in_the_database():
    from django.db import IntegrityError

    UserFactory(email="dubbel@klimop.test")
    with pytest.raises(IntegrityError):
        # bulk_create skips save(), which would lower-case the address first.
        User.objects.bulk_create([User(email="DUBBEL@klimop.test", rol=Rol.OUDER)])


@pytest.mark.django_db
def test_role_outside_choices_is_refused_by_the_database():
    from django.db import IntegrityError

    user = UserFactory()
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(rol="hacker")


@pytest.mark.django_db
def test_password_change_page_requires_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
