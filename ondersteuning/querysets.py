"""Access scoping for support cases (DESIGN.md §2): outsiders get an empty queryset, so views 404."""

from django.db import models
from django.db.models import Exists, OuterRef, Q


def _modellen():
    from klimop.accounts.models import Rol

    from . import models as m

    return Rol, m


class OndersteuningsvraagQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user) -> "OndersteuningsvraagQuerySet":
        """Cases `user` may open. Concepts are visible only to their author."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        rol, m = _modellen()
        geen_concept = ~Q(status=m.Status.CONCEPT)
        eigen = Q(ingediend_door=user)
        if user.rol in (rol.IB, rol.DIRECTEUR):
            return self.filter(geen_concept | eigen)
        if user.rol == rol.LEERKRACHT:
            # Group membership is checked with a subquery, so a pupil with two teachers gives one row.
            eigen_groepen = user.groepen.filter(pk=OuterRef("leerling__groep_id"))
            return self.filter(eigen | (geen_concept & Exists(eigen_groepen)))
        if user.rol == rol.OUDER:
            kind = user.ouderschappen.filter(leerling_id=OuterRef("leerling_id"), gezag=True)
            return self.filter(geen_concept & Exists(kind))
        if user.rol == rol.OT_LID:
            uitgenodigd = m.Overleg.objects.filter(vraag_id=OuterRef("pk"), deelnemers=user)
            return self.filter(
                geen_concept & Exists(uitgenodigd) & Exists(self._actieve_toestemming(m.ToestemmingSoort.DELEN_OT))
            )
        if user.rol == rol.TRAJECTBEGELEIDER:
            return self.filter(
                geen_concept
                & Q(trajectbegeleider=user)
                & Exists(self._actieve_toestemming(m.ToestemmingSoort.DELEN_SWV))
            )
        return self.none()

    @staticmethod
    def _actieve_toestemming(soort):
        _, m = _modellen()
        return m.Toestemming.objects.filter(vraag_id=OuterRef("pk"), soort=soort, ingetrokken_op__isnull=True)

    def open(self) -> "OndersteuningsvraagQuerySet":
        _, m = _modellen()
        return self.filter(status__in=m.OPEN_STATUSSEN)


class StapQuerySet(models.QuerySet):
    def update(self, **kwargs):
        from .models import AppendOnlyError

        raise AppendOnlyError("Timeline steps cannot be updated.")

    def delete(self):
        from leerlingen.append_only import AppendOnlyError, verwijderen_toegestaan

        if verwijderen_toegestaan():  # only the retention job removes a whole pupil file
            return super().delete()
        raise AppendOnlyError("Timeline steps cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        from .models import AppendOnlyError

        raise AppendOnlyError("Timeline steps cannot be updated.")

    def zichtbaar_voor(self, user) -> "StapQuerySet":
        """Steps of visible cases; parents see only the steps meant for them."""
        from .models import Ondersteuningsvraag

        stappen = self.filter(vraag__in=Ondersteuningsvraag.objects.zichtbaar_voor(user))
        if user.is_authenticated and user.is_ouder:
            stappen = stappen.filter(zichtbaar_voor_ouders=True)
        return stappen


class ToestemmingQuerySet(models.QuerySet):
    def actief(self) -> "ToestemmingQuerySet":
        return self.filter(ingetrokken_op__isnull=True)
