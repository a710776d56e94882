"""Inviting guardians: linking a parent account to a pupil, and inviting every guardian who cannot sign in yet."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from klimop.accounts.models import GEEN_WACHTWOORD, Rol, Uitnodiging, User
from klimop.accounts.services import Geweigerd, uitnodigen
from klimop.accounts.tasks import verstuur_uitnodiging

from .models import Leerling, Ouder


@transaction.atomic
def ouder_uitnodigen(
    *,
    door: User,
    leerling,
    email: str,
    first_name: str,
    last_name: str,
    relatie: str,
    gezag: bool,
) -> Uitnodiging | None:
    """Link a guardian (new or known by e-mail address) to a pupil and invite them when they have no password yet.

    Returns None when the guardian already has a password: they only gained the link to this child.
    """
    if door.rol not in (Rol.IB, Rol.DIRECTEUR):
        raise Geweigerd(_("Alleen de intern begeleider of de directeur nodigt ouders uit."))
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name, rol=Rol.OUDER)
    elif user.rol != Rol.OUDER:
        raise Geweigerd(_("Dit e-mailadres hoort bij een account van een medewerker, niet van een ouder."))
    Ouder.objects.update_or_create(user=user, leerling=leerling, defaults={"relatie": relatie, "gezag": gezag})
    if user.has_usable_password():
        return None
    return uitnodigen(user=user, door=door)


def ouders_zonder_uitnodiging(nu: datetime.datetime | None = None) -> QuerySet:
    """Active guardians with gezag over an enrolled pupil who cannot sign in yet and have no open invitation."""
    nu = nu or timezone.now()
    ingeschreven = Leerling.objects.ingeschreven(timezone.localdate(nu)).filter(
        ouders__user=OuterRef("pk"), ouders__gezag=True
    )
    return (
        User.objects.filter(rol=Rol.OUDER, is_active=True)
        .filter(GEEN_WACHTWOORD)
        .filter(Exists(ingeschreven))
        .exclude(Exists(Uitnodiging.objects.open(nu).filter(user=OuterRef("pk"))))
    )


@transaction.atomic
def ouders_uitnodigen(*, door: User, verwacht: int | None = None, nu: datetime.datetime | None = None) -> int:
    """Invite every guardian of ouders_zonder_uitnodiging(); refused when the number differs from the preview."""
    if door.rol not in (Rol.IB, Rol.DIRECTEUR):
        raise Geweigerd(_("Alleen de intern begeleider of de directeur nodigt ouders uit."))
    nu = nu or timezone.now()
    ouders = list(ouders_zonder_uitnodiging(nu).select_for_update())
    if verwacht is not None and len(ouders) != verwacht:
        raise Geweigerd(
            _("Sinds het overzicht is het aantal ouders veranderd. Bekijk het nieuwe aantal en bevestig opnieuw.")
        )
    uitnodigingen = Uitnodiging.objects.bulk_create(
        Uitnodiging(user=user, uitgenodigd_door=door, aangemaakt_op=nu, verloopt_op=nu + settings.UITNODIGING_GELDIG)
        for user in ouders
    )
    for uitnodiging in uitnodigingen:
        verstuur_uitnodiging.enqueue(uitnodiging.pk)
    return len(uitnodigingen)
