"""django-axes: five wrong passwords lock the account's login for a quarter of an hour."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from klimop.accounts.tests.factories import UserFactory

LOGIN = reverse("accounts:login")


@pytest.fixture
def juf(db):
    return UserFactory(email="juf@klimop.test", password="geheim-wachtwoord")


def _fail(client, email="juf@klimop.test", times=1):
    for _ in range(times):
        response = client.post(LOGIN, {"username": email, "password": "fout"})
    return response


def test_four_wrong_passwords_still_allow_the_right_one(client, juf):
    assert _fail(client, times=4).status_code == 200
    response = client.post(LOGIN, {"username": juf.email, "password": "geheim-wachtwoord"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_fifth_wrong_password_locks_out_with_a_dutch_message_on_the_login_page(client, juf):
    _fail(client, times=4)
    response = _fail(client)
    content = response.content.decode()
    assert response.status_code == 429
    assert "te vaak een verkeerd wachtwoord" in content
    assert "over 15 minuten opnieuw" in content
    assert 'value="juf@klimop.test"' in content
    assert 'for="id_username"' in content


def test_during_the_lockout_even_the_right_password_is_refused(client, juf):
    _fail(client, times=5)
    response = client.post(LOGIN, {"username": juf.email, "password": "geheim-wachtwoord"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_ignores_the_case_of_the_address(client, juf):
    _fail(client, email="JUF@klimop.test", times=5)
    response = client.post(LOGIN, {"username": "juf@klimop.test", "password": "geheim-wachtwoord"})
    assert response.status_code == 429


def test_the_lockout_is_per_account_so_colleagues_at_school_can_still_sign_in(client, juf):
    collega = UserFactory(email="meester@klimop.test", password="geheim-wachtwoord")
    _fail(client, times=5)
    response = client.post(LOGIN, {"username": collega.email, "password": "geheim-wachtwoord"})
    assert response.status_code == 302


def test_after_the_cool_off_the_right_password_works_again(client, juf):
    _fail(client, times=5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = client.post(LOGIN, {"username": juf.email, "password": "geheim-wachtwoord"})
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client, juf):
    _fail(client, times=4)
    client.post(LOGIN, {"username": juf.email, "password": "geheim-wachtwoord"})
    client.post(reverse("accounts:logout"))
    assert _fail(client, times=4).status_code == 200
