"""docs/ontwerp.md §7: staff two-factor login is skipped for demo accounts only when DEBUG is on."""

import pytest
from django.urls import reverse

from klimop.accounts.demo import DEMO_ACCOUNTS
from klimop.accounts.models import Rol
from klimop.accounts.second_factor import is_demo_account_exempt, second_factor_required
from klimop.accounts.tests.factories import UserFactory, totp_device_for

DEMO_STAFF = [(email, rol) for email, _, _, rol, *_ in DEMO_ACCOUNTS if rol != Rol.OUDER]


@pytest.mark.django_db
@pytest.mark.parametrize(("email", "rol"), DEMO_STAFF)
def test_demo_staff_skip_the_second_factor_with_debug_on(client_with_password_only, settings, email, rol):
    settings.DEBUG = True
    user = UserFactory(email=email, rol=rol)
    assert not second_factor_required(user)
    assert client_with_password_only(user).get(reverse("portaal")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("email", "rol"), DEMO_STAFF)
def test_demo_staff_need_the_second_factor_with_debug_off(client_with_password_only, settings, email, rol):
    settings.DEBUG = False
    user = UserFactory(email=email, rol=rol)
    assert not is_demo_account_exempt(user)
    assert client_with_password_only(user).get(reverse("portaal")).url.startswith(reverse("accounts:two_factor_enrol"))


@pytest.mark.django_db
def test_other_staff_need_the_second_factor_even_with_debug_on(client_with_password_only, settings):
    settings.DEBUG = True
    user = UserFactory(email="juf.echt@klimop.test", rol=Rol.IB)
    assert client_with_password_only(user).get(reverse("portaal")).status_code == 302


@pytest.mark.django_db
def test_a_demo_account_that_set_up_an_app_is_asked_for_its_code(client_with_password_only, settings):
    settings.DEBUG = True
    user = UserFactory(email="ib@klimop.test", rol=Rol.IB)
    totp_device_for(user)
    assert (
        client_with_password_only(user).get(reverse("portaal")).url.startswith(reverse("accounts:two_factor_verify"))
    )
