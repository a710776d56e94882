"""Entering the second factor after the password: an app code, or a single-use recovery code."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klimop.accounts.second_factor import new_recovery_codes
from klimop.accounts.tests.factories import totp_code, totp_device_for

VERIFY = reverse("accounts:two_factor_verify")
LIJST = reverse("leerlingen:lijst")


@pytest.fixture
def device(ib):
    return totp_device_for(ib)


@pytest.mark.django_db
def test_verify_page_has_labelled_one_time_code_fields(client_with_password_only, ib, device):
    content = client_with_password_only(ib).get(VERIFY).content.decode()
    assert 'for="id_code"' in content and 'for="id_herstelcode"' in content
    assert 'autocomplete="one-time-code"' in content
    assert 'inputmode="numeric"' in content


@pytest.mark.django_db
def test_the_current_app_code_opens_the_portal(client_with_password_only, ib, device):
    client = client_with_password_only(ib)
    response = client.post(VERIFY, {"code": totp_code(device), "next": LIJST})
    assert response.url == LIJST
    assert client.get(LIJST).status_code == 200


@pytest.mark.django_db
def test_verifying_gives_the_session_a_new_key(client_with_password_only, ib, device):
    client = client_with_password_only(ib)
    before = client.session.session_key
    client.post(VERIFY, {"code": totp_code(device)})
    assert client.session.session_key != before


@pytest.mark.django_db
def test_a_wrong_code_is_refused_in_dutch(client_with_password_only, ib, device):
    client = client_with_password_only(ib)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get(LIJST).status_code == 302


@pytest.mark.django_db
def test_an_app_code_works_only_once(client_with_password_only, ib, device):
    code = totp_code(device)
    assert client_with_password_only(ib).post(VERIFY, {"code": code}).status_code == 302
    other_browser = client_with_password_only(ib)
    assert other_browser.post(VERIFY, {"code": code}).status_code == 200
    assert other_browser.get(LIJST).status_code == 302


@pytest.mark.django_db
def test_a_recovery_code_works_once_and_says_how_many_are_left(client_with_password_only, ib, device):
    codes = new_recovery_codes(ib)
    client = client_with_password_only(ib)
    response = client.post(VERIFY, {"herstelcode": f" {codes[0].upper()} ", "next": LIJST}, follow=True)
    assert response.redirect_chain[-1][0] == LIJST
    assert "U heeft er nog 9 over." in response.content.decode()

    other_browser = client_with_password_only(ib)
    response = other_browser.post(VERIFY, {"herstelcode": codes[0]})
    assert "Deze herstelcode klopt niet of is al gebruikt." in response.content.decode()
    assert other_browser.get(LIJST).status_code == 302


@pytest.mark.django_db
def test_an_app_code_is_not_accepted_as_recovery_code(client_with_password_only, ib, device):
    new_recovery_codes(ib)
    client = client_with_password_only(ib)
    client.post(VERIFY, {"herstelcode": totp_code(device)})
    assert client.get(LIJST).status_code == 302


@pytest.mark.django_db
def test_repeated_wrong_codes_make_even_the_right_one_wait(client_with_password_only, ib, device):
    client = client_with_password_only(ib)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    for _ in range(4):
        client.post(VERIFY, {"code": wrong})
    response = client.post(VERIFY, {"code": totp_code(device)})
    assert "Te veel onjuiste codes" in response.content.decode()
    assert client.get(LIJST).status_code == 302

    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert client.post(VERIFY, {"code": totp_code(device, steps=1)}).status_code == 302
    assert client.get(LIJST).status_code == 200


@pytest.mark.django_db
def test_next_may_not_lead_to_another_site(client_with_password_only, ib, device):
    response = client_with_password_only(ib).post(VERIFY, {"code": totp_code(device), "next": "https://elders.test/"})
    assert response.url == reverse("portaal")


@pytest.mark.django_db
def test_a_verified_session_skips_the_verify_page(client_for, ib):
    response = client_for(ib).get(VERIFY, {"next": LIJST})
    assert response.url == LIJST


@pytest.mark.django_db
def test_verify_without_an_app_sends_staff_to_enrolment(client_with_password_only, ib):
    response = client_with_password_only(ib).get(VERIFY)
    assert response.url.startswith(reverse("accounts:two_factor_enrol"))
