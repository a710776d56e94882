"""Setting up the authenticator app: QR code and key on the page, a confirming code, recovery codes shown once."""

import re
from base64 import b32encode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from klimop.accounts.second_factor import AANTAL_HERSTELCODES
from klimop.accounts.tests.factories import totp_code, totp_device_for
from tests.antwoorden import inhoud

ENROL = reverse("accounts:two_factor_enrol")
CODES = reverse("accounts:two_factor_recovery_codes")


def _code_for_pending_device(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return f"{totp(device.bin_key):06d}"


@pytest.mark.django_db
def test_enrolment_page_draws_the_qr_code_inline_and_shows_the_key(client_with_password_only, leerkracht):
    content = inhoud(client_with_password_only(leerkracht).get(ENROL))
    device = TOTPDevice.objects.get(user=leerkracht, confirmed=False)
    assert '<svg width="' in content and "<path d=" in content
    assert "<img" not in content.split('class="qr-code"')[1].split("</div>")[0]
    assert "http" not in re.search(r"<svg.*?</svg>", content, re.S).group(0).replace("http://www.w3.org/2000/svg", "")
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in content


@pytest.mark.django_db
def test_enrolment_code_field_is_labelled_for_one_time_codes(client_with_password_only, leerkracht):
    content = client_with_password_only(leerkracht).get(ENROL).content.decode()
    field = re.search(r'<input[^>]*name="code"[^>]*>', content).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert 'for="id_code"' in content


@pytest.mark.django_db
def test_reloading_the_enrolment_page_keeps_the_same_key(client_with_password_only, leerkracht):
    client = client_with_password_only(leerkracht)
    client.get(ENROL)
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=leerkracht).count() == 1


@pytest.mark.django_db
def test_a_right_code_confirms_the_app_and_shows_ten_recovery_codes_once(client_with_password_only, leerkracht):
    client = client_with_password_only(leerkracht)
    client.get(ENROL)
    response = client.post(ENROL, {"code": _code_for_pending_device(leerkracht), "next": "/leerlingen/"})
    assert response.status_code == 302
    assert response.url == f"{CODES}?next=%2Fleerlingen%2F"
    assert TOTPDevice.objects.get(user=leerkracht).confirmed

    content = client.get(response.url).content.decode()
    stored = set(StaticToken.objects.filter(device__user=leerkracht).values_list("token", flat=True))
    assert len(stored) == AANTAL_HERSTELCODES
    assert all(f"<code>{code}</code>" in content for code in stored)
    assert 'href="/leerlingen/"' in content

    again = client.get(CODES).content.decode()
    assert not any(code in again for code in stored)
    assert "al een keer getoond" in again
    # The session passed the second factor with the confirming code.
    assert client.get("/leerlingen/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_leaves_the_app_unconfirmed_and_the_session_unverified(client_with_password_only, leerkracht):
    client = client_with_password_only(leerkracht)
    client.get(ENROL)
    good = _code_for_pending_device(leerkracht)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(user=leerkracht).confirmed
    assert not StaticToken.objects.filter(device__user=leerkracht).exists()
    assert client.get("/leerlingen/").url.startswith(ENROL)


@pytest.mark.django_db
def test_letters_are_refused_as_an_app_code_with_a_dutch_message(client_with_password_only, leerkracht):
    response = client_with_password_only(leerkracht).post(ENROL, {"code": "abcdef"})
    assert "Een code uit de app bestaat uit 6 cijfers." in response.content.decode()


@pytest.mark.django_db
def test_with_an_app_already_set_up_enrolment_cannot_replace_it_before_verifying(client_with_password_only, ib):
    totp_device_for(ib)
    client = client_with_password_only(ib)
    response = client.get(ENROL)
    assert response.url == reverse("accounts:two_factor_verify")
    response = client.post(ENROL, {"code": "123456"})
    assert response.url == reverse("accounts:two_factor_verify")
    assert TOTPDevice.objects.filter(user=ib).count() == 1


@pytest.mark.django_db
def test_parent_turns_on_two_factor_from_the_security_page_and_off_again(client_for, ouder):
    client = client_for(ouder)
    content = client.get(reverse("accounts:security")).content.decode()
    assert "Staat uit." in content
    client.get(ENROL)
    client.post(ENROL, {"code": _code_for_pending_device(ouder)})
    assert "Staat aan" in client.get(reverse("accounts:security")).content.decode()

    response = client.post(reverse("accounts:two_factor_turn_off"))
    assert response.url == reverse("accounts:security")
    assert not TOTPDevice.objects.filter(user=ouder).exists()
    assert not StaticToken.objects.filter(device__user=ouder).exists()
    assert client.get(reverse("ouders:start")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["leerkracht", "ib", "directeur", "trajectbegeleider", "ot_lid"])
def test_staff_cannot_turn_off_two_factor(client_for, cast, rol):
    client = client_for(cast[rol])
    assert client.post(reverse("accounts:two_factor_turn_off")).status_code == 403
    assert TOTPDevice.objects.filter(user=cast[rol], confirmed=True).exists()
    assert "uitzetten" not in inhoud(client.get(reverse("accounts:security")))


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client_for, ib):
    client = client_for(ib)
    client.post(reverse("accounts:two_factor_new_recovery_codes"))
    first = set(StaticToken.objects.filter(device__user=ib).values_list("token", flat=True))
    response = client.post(reverse("accounts:two_factor_new_recovery_codes"))
    assert response.url == CODES
    second = set(StaticToken.objects.filter(device__user=ib).values_list("token", flat=True))
    assert len(second) == AANTAL_HERSTELCODES
    assert not first & second
    content = client.get(CODES).content.decode()
    assert all(code in content for code in second)


@pytest.mark.django_db
def test_second_factor_pages_refuse_wrong_methods(client_for, ib):
    client = client_for(ib)
    assert client.get(reverse("accounts:two_factor_new_recovery_codes")).status_code == 405
    assert client.get(reverse("accounts:two_factor_turn_off")).status_code == 405
    assert client.post(CODES).status_code == 405
    assert client.post(reverse("accounts:security")).status_code == 405


@pytest.mark.django_db
def test_a_code_for_the_app_is_accepted_only_for_its_own_owner(client_with_password_only, ib, directeur):
    other = totp_device_for(directeur)
    totp_device_for(ib)
    client = client_with_password_only(ib)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": totp_code(other)})
    assert response.status_code == 200
    assert client.get("/portaal/").status_code == 302
