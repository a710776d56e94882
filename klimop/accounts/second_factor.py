"""Two-factor login: who needs a second factor, and the TOTP device and recovery codes behind it."""

import re
from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .demo import DEMO_ACCOUNTS
from .models import Rol, User

AANTAL_HERSTELCODES = 10
TOTP_CODE = re.compile(r"\d{6}")


def is_demo_account_exempt(user: User) -> bool:
    """docs/ontwerp.md §7: demo staff accounts skip the second factor, and only while DEBUG is on."""
    if not settings.DEBUG:
        return False
    return user.email in {email for email, *_ in DEMO_ACCOUNTS}


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def second_factor_required(user: User) -> bool:
    """Staff always need a second factor; parents only once they turned it on."""
    if user.rol != Rol.OUDER and not is_demo_account_exempt(user):
        return True
    return confirmed_totp_device(user) is not None


def may_turn_off(user: User) -> bool:
    return user.rol == Rol.OUDER


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up; the same one on every reload, so a scanned QR code stays valid."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)


def secret_for_manual_entry(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG fragment: no image request, no external service."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def _verify(user: User, model: type[TOTPDevice] | type[StaticDevice], code: str):
    for device in model.objects.devices_for_user(user, confirmed=True):
        if verified := verify_token(user, device.persistent_id, normalise_code(code)):
            return verified
    return None


def verify_app_code(user: User, code: str) -> TOTPDevice | None:
    return _verify(user, TOTPDevice, code)


def verify_recovery_code(user: User, code: str) -> StaticDevice | None:
    """The recovery-code device if `code` is one of its codes; the code is used up."""
    return _verify(user, StaticDevice, code)


def throttle_wait_seconds(user: User, model: type[TOTPDevice] | type[StaticDevice]) -> int:
    """Seconds until django-otp accepts another attempt after wrong codes (0 when allowed)."""
    wait = 0
    for device in model.objects.devices_for_user(user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if not allowed and details.get("locked_until"):
            wait = max(wait, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
    return wait


@transaction.atomic
def confirm_totp_device(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending device with a code from the app; returns fresh recovery codes, or None if wrong."""
    if not verify_token(device.user, device.persistent_id, normalise_code(code)):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.refresh_from_db()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with AANTAL_HERSTELCODES new single-use ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Herstelcodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def turn_off(user: User) -> None:
    """Remove the app and the recovery codes (parents only; the view checks `may_turn_off`)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
