"""The password rules themselves, apart from any form: at least 10 characters, not common, not only digits."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from klimop.accounts.models import Rol, User


def test_nine_characters_are_refused_in_dutch():
    with pytest.raises(ValidationError) as fout:
        validate_password("Kx7#vqLm2")
    assert fout.value.messages == ["Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten."]


def test_ten_characters_are_enough():
    assert validate_password("Kx7#vqLm2p") is None


@pytest.mark.parametrize(
    ("wachtwoord", "melding"),
    [("1234567890123", "alleen cijfers"), ("password123", "te algemeen")],
)
def test_long_but_weak_passwords_are_refused(wachtwoord, melding):
    with pytest.raises(ValidationError) as fout:
        validate_password(wachtwoord)
    assert any(melding in m for m in fout.value.messages)


def test_a_password_like_the_name_is_refused():
    user = User(email="petronella.groot@ouders.test", first_name="Petronella", last_name="Groot", rol=Rol.OUDER)
    with pytest.raises(ValidationError) as fout:
        validate_password("petronella.groot", user=user)
    assert any("lijkt te veel op" in m for m in fout.value.messages)
