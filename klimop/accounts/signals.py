from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .models import TALEN


@receiver(user_logged_in, dispatch_uid="accounts_taal_bij_inloggen")
def taal_van_apparaat_overnemen(sender, request, user, **kwargs) -> None:
    """Someone who switched language on the login page keeps it after signing in, and their e-mails follow it.

    Only when the account has no choice of its own yet: an earlier choice on the account wins over the device.
    """
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "") if request is not None else ""
    if not user.taal and cookie in TALEN:
        user.taal = cookie
        user.save(update_fields=["taal"])


@receiver(user_logged_in, dispatch_uid="accounts_sessie_verlengd_bij_inloggen")
def sessie_start(sender, request, user, **kwargs) -> None:
    """Signing in saves the session anyway; the idle time starts now."""
    if request is not None and hasattr(request, "session"):
        from .middleware import sessie_verlengd

        sessie_verlengd(request.session)
