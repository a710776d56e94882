"""Access scoping for pupil data: every view reaches pupils through these querysets."""

from collections.abc import Callable

from django.db import models
from django.db.models import Q
from django.utils import timezone

# OT members and trajectbegeleiders see pupils only through records of an app above this one (the cases they were
# brought into). That app registers a source of pupil ids here at start-up (klimop/portaal/apps.py), so this module
# never imports it; without a source those roles see no pupil at all.
_leerlingbronnen: dict[str, Callable[..., models.QuerySet]] = {}


def registreer_leerlingbron(naam: str, bron: Callable[..., models.QuerySet]) -> None:
    """Register `bron(user)`: the ids of the pupils `user` may see through another app's records."""
    _leerlingbronnen[naam] = bron


def _rollen():
    from klimop.accounts.models import User

    return User.Rol


class GroepQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user) -> "GroepQuerySet":
        """Groups a user may see: all for IB/directeur, their own for a teacher, none otherwise."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.heeft_volledige_inzage:
            return self
        if user.rol == _rollen().LEERKRACHT:
            return self.filter(leerkrachten=user)
        return self.none()

    def van_schooljaar(self, schooljaar: str) -> "GroepQuerySet":
        return self.filter(schooljaar=schooljaar)


class LeerlingQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user) -> "LeerlingQuerySet":
        """Pupils a user may see (docs/ontwerp.md §2); outsiders get an empty queryset, so views 404."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        rol = _rollen()
        if user.heeft_volledige_inzage:
            return self
        if user.rol == rol.LEERKRACHT:
            return self.filter(groep__leerkrachten=user)
        if user.rol == rol.OUDER:
            return self.filter(ouders__user=user, ouders__gezag=True)
        if not _leerlingbronnen:
            return self.none()
        via = Q()
        for bron in _leerlingbronnen.values():
            via |= Q(pk__in=bron(user))
        return self.filter(via)

    def ingeschreven(self, op=None) -> "LeerlingQuerySet":
        op = op or timezone.localdate()
        return self.filter(ingeschreven_op__lte=op).filter(
            Q(uitgeschreven_op__isnull=True) | Q(uitgeschreven_op__gt=op)
        )

    def zoek(self, tekst: str) -> "LeerlingQuerySet":
        q = Q()
        for woord in tekst.split():
            q &= Q(voornaam__icontains=woord) | Q(achternaam__icontains=woord) | Q(tussenvoegsel__icontains=woord)
        return self.filter(q)
