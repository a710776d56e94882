"""Writes on accounts: invitations, setting the first password, deactivating and reactivating."""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Rol, Uitnodiging, User
from .tasks import verstuur_uitnodiging

MEDEWERKERROLLEN = (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR, Rol.OT_LID, Rol.TRAJECTBEGELEIDER)


class Geweigerd(Exception):
    """The request breaks a rule; the message is Dutch and meant for the user."""


def mag_uitnodigen(door: User, user: User) -> bool:
    """The directeur invites anyone; the IB invites guardians only."""
    if door.rol == Rol.DIRECTEUR:
        return True
    return door.rol == Rol.IB and user.rol == Rol.OUDER


@transaction.atomic
def uitnodigen(*, user: User, door: User, nu: datetime.datetime | None = None) -> Uitnodiging:
    """Send `user` a new invitation link; earlier open links stop working. The mail task commits with it."""
    nu = nu or timezone.now()
    if not mag_uitnodigen(door, user):
        raise Geweigerd(_("U mag dit account niet uitnodigen."))
    if not user.is_active:
        raise Geweigerd(_("Dit account is gedeactiveerd. Activeer het eerst opnieuw."))
    if user.has_usable_password():
        raise Geweigerd(_("%(naam)s heeft al een wachtwoord en kan gewoon inloggen.") % {"naam": user})
    user.uitnodigingen.open(nu).update(ingetrokken_op=nu)
    uitnodiging = Uitnodiging.objects.create(
        user=user, uitgenodigd_door=door, aangemaakt_op=nu, verloopt_op=nu + settings.UITNODIGING_GELDIG
    )
    verstuur_uitnodiging.enqueue(uitnodiging.pk)
    return uitnodiging


@transaction.atomic
def medewerker_uitnodigen(
    *,
    door: User,
    email: str,
    first_name: str,
    last_name: str,
    rol: str,
    groepen=(),
    organisatie: str = "",
    functie: str = "",
) -> Uitnodiging:
    """The directeur adds a staff or external account without a password and invites it."""
    if door.rol != Rol.DIRECTEUR:
        raise Geweigerd(_("Alleen de directeur nodigt medewerkers uit."))
    if rol not in MEDEWERKERROLLEN:
        raise Geweigerd(_("Kies een rol voor een medewerker."))
    if User.objects.filter(email__iexact=email).exists():
        raise Geweigerd(_("Er bestaat al een account met dit e-mailadres."))
    user = User.objects.create_user(
        email=email,
        first_name=first_name,
        last_name=last_name,
        rol=rol,
        organisatie=organisatie if rol in (Rol.OT_LID, Rol.TRAJECTBEGELEIDER) else "",
        functie=functie,
    )
    if rol == Rol.LEERKRACHT:
        user.groepen.set(groepen)
    return uitnodigen(user=user, door=door)


class UitnodigingOngeldig(Exception):
    """The link was used, replaced, expired or does not exist; the message says which, in Dutch."""


def geldige_uitnodiging(pk: int, token: str, nu: datetime.datetime | None = None) -> Uitnodiging:
    """The invitation behind a link, or UitnodigingOngeldig with the reason to show."""
    uitnodiging = Uitnodiging.objects.select_related("user").filter(pk=pk).first()
    if uitnodiging is None or not uitnodiging.token_klopt(token):
        # A used link lands here too: setting the password changed the hash the token was made from.
        gebruikt = uitnodiging is not None and uitnodiging.gebruikt_op
        raise UitnodigingOngeldig(
            _("Deze link is al gebruikt. U kunt inloggen met het wachtwoord dat u toen heeft gekozen.")
            if gebruikt
            else _("Deze link klopt niet. Controleer of u de hele link uit de e-mail heeft gebruikt.")
        )
    status = uitnodiging.status(nu)
    if status == Uitnodiging.Status.GEBRUIKT:
        raise UitnodigingOngeldig(
            _("Deze link is al gebruikt. U kunt inloggen met het wachtwoord dat u toen heeft gekozen.")
        )
    if status == Uitnodiging.Status.INGETROKKEN:
        raise UitnodigingOngeldig(
            _("Er is een nieuwere uitnodiging verstuurd. Gebruik de link uit de laatste e-mail.")
        )
    if status == Uitnodiging.Status.VERLOPEN:
        raise UitnodigingOngeldig(_("Deze link is verlopen. Vraag de school om een nieuwe uitnodiging."))
    if not uitnodiging.user.is_active:
        raise UitnodigingOngeldig(_("Dit account is niet (meer) actief. Neem contact op met de school."))
    return uitnodiging


@transaction.atomic
def uitnodiging_aannemen(*, uitnodiging: Uitnodiging, token: str, wachtwoord: str) -> User:
    """Set the first password through the link; the link is used up at once."""
    nu = timezone.now()
    vergrendeld = Uitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
    # Checked again under the lock, so two tabs cannot both use the link.
    uitnodiging = geldige_uitnodiging(vergrendeld.pk, token, nu)
    user = uitnodiging.user
    user.password = make_password(wachtwoord)
    user.save(update_fields=["password"])
    uitnodiging.gebruikt_op = nu
    uitnodiging.save(update_fields=["gebruikt_op"])
    return user


@transaction.atomic
def deactiveren(*, user: User, door: User) -> None:
    """Take away all access at once: the account can no longer sign in and its open sessions end.

    The account itself stays, with everything it wrote in timelines, consents and logs.
    """
    if door.rol != Rol.DIRECTEUR:
        raise Geweigerd(_("Alleen de directeur deactiveert accounts."))
    if user.pk == door.pk:
        raise Geweigerd(_("U kunt uw eigen account niet deactiveren."))
    nu = timezone.now()
    user.is_active = False
    user.save(update_fields=["is_active"])
    # Django already refuses inactive users on every request; a new session generation also ends the sessions.
    user.end_other_sessions()
    user.uitnodigingen.open(nu).update(ingetrokken_op=nu)


@transaction.atomic
def heractiveren(*, user: User, door: User) -> None:
    if door.rol != Rol.DIRECTEUR:
        raise Geweigerd(_("Alleen de directeur activeert accounts."))
    user.is_active = True
    user.save(update_fields=["is_active"])
