"""Access scoping for pupil data: every view reaches pupils through these querysets."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


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
        # OT members and trajectbegeleiders see pupils only through cases they were brought into.
        from ondersteuning.models import Ondersteuningsvraag

        return self.filter(pk__in=Ondersteuningsvraag.objects.zichtbaar_voor(user).values("leerling_id"))

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
