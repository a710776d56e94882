import factory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from klimop.accounts.models import Rol, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@klimop.test")
    first_name = factory.Faker("first_name", locale="nl_NL")
    # Not a generated surname: tests look for pupils' surnames in pages that also name the signed-in user.
    last_name = factory.Sequence(lambda n: f"Medewerker{n}")
    rol = Rol.LEERKRACHT
    password = factory.django.Password("geheim-wachtwoord")


def totp_device_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app, made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test-app", confirmed=True)


def totp_code(device: TOTPDevice, steps: int = 0) -> str:
    """The code the app shows now, or `steps` time steps later (a code is accepted only once)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps):06d}"
