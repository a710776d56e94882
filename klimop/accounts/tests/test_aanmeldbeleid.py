"""The directeur's page that switches password sign-in for staff off (issue 16)."""

import pytest
from django.urls import reverse

from klimop.accounts.models import Aanmeldbeleid

URL = reverse("aanmeldbeleid")
ISSUER = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"

pytestmark = pytest.mark.django_db


@pytest.fixture
def oidc_aan(settings):
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_EMAIL_DOMEINEN = ["klimop.test"]


def test_the_directeur_sees_the_setting_and_the_provider(client_for, directeur, oidc_aan):
    response = client_for(directeur).get(URL)
    assert response.status_code == 200
    assert ISSUER in response.text
    assert 'name="alleen_via_school"' in response.text


def test_the_directeur_switches_password_sign_in_for_staff_off_and_on(client_for, directeur, oidc_aan):
    client = client_for(directeur)
    response = client.post(URL, {"alleen_via_school": "on"}, follow=True)
    assert "alleen in met hun schoolaccount" in response.text
    beleid = Aanmeldbeleid.huidig()
    assert beleid.alleen_via_school
    assert beleid.gewijzigd_door == directeur
    assert "Laatst gewijzigd door" in response.text
    response = client.post(URL, {}, follow=True)
    assert "weer ook met hun wachtwoord" in response.text
    assert not Aanmeldbeleid.huidig().alleen_via_school


def test_it_cannot_be_switched_on_while_the_provider_is_not_configured(client_for, directeur, settings):
    settings.OIDC_ISSUER = ""
    response = client_for(directeur).post(URL, {"alleen_via_school": "on"})
    assert response.status_code == 200
    assert "niet ingesteld" in response.text
    assert "checked" in response.text  # what was ticked stays ticked
    assert not Aanmeldbeleid.huidig().alleen_via_school
    assert Aanmeldbeleid.objects.count() == 0


@pytest.mark.parametrize("rol", ["leerkracht", "ib", "trajectbegeleider", "ot_lid", "ouder"])
def test_other_roles_are_refused(client_for, cast, rol, oidc_aan):
    client = client_for(cast[rol])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"alleen_via_school": "on"}).status_code == 403
    assert not Aanmeldbeleid.huidig().alleen_via_school


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_other_methods_are_not_allowed(client_for, directeur):
    assert client_for(directeur).delete(URL).status_code == 405


def test_the_account_list_links_to_the_setting(client_for, directeur):
    assert URL in client_for(directeur).get(reverse("accountbeheer:lijst")).text


def test_there_is_only_ever_one_row(directeur):
    from django.db import IntegrityError, transaction

    Aanmeldbeleid.objects.create(pk=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Aanmeldbeleid.objects.create(pk=2)
