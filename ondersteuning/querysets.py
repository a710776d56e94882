"""Access scoping for support cases (docs/ontwerp.md §2): outsiders get an empty queryset, so views 404."""

from django.db import models
from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When


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

    def met_status_voor_ouder(self, user) -> "OndersteuningsvraagQuerySet":
        """Annotate `wacht_op_mij`: a plan version is shared and this guardian has not answered on it yet."""
        _, m = _modellen()
        mijn_antwoord = m.Instemming.objects.filter(ouder=user, versie_id=OuterRef("plan__gedeelde_versie_id"))
        return self.annotate(
            wacht_op_mij=Case(
                When(plan__gedeelde_versie__isnull=True, then=Value(False)),
                default=~Exists(mijn_antwoord),
                output_field=BooleanField(),
            )
        )

    def met_ouderstatus(self) -> "OndersteuningsvraagQuerySet":
        """Annotate what the parents did that the school has not yet acted on, in a fixed number of subqueries.

        `ouderreactie_nieuw`: a parent's step (comment, upload, consent, answer) came after the school's last step.
        `wacht_op_instemming`: a guardian with gezag has not yet answered on the version the parents now see.
        `niet_akkoord`: a guardian's latest answer on that version is niet akkoord.
        """
        from leerlingen.models import Ouder

        rol, m = _modellen()
        stappen = m.Stap.objects.filter(vraag_id=OuterRef("pk")).order_by("-moment")
        beantwoord = m.Instemming.objects.filter(
            ouder_id=OuterRef("user_id"), versie_id=OuterRef(OuterRef("plan__gedeelde_versie_id"))
        )
        zonder_antwoord = Ouder.objects.filter(leerling_id=OuterRef("leerling_id"), gezag=True).filter(
            ~Exists(beantwoord)
        )
        later = m.Instemming.objects.filter(
            ouder_id=OuterRef("ouder_id"), versie_id=OuterRef("versie_id"), moment__gt=OuterRef("moment")
        )
        oneens = m.Instemming.objects.filter(versie_id=OuterRef("plan__gedeelde_versie_id"), akkoord=False).filter(
            ~Exists(later)
        )
        return self.annotate(
            laatste_ouderstap=Subquery(stappen.filter(actor__rol=rol.OUDER).values("moment")[:1]),
            laatste_schoolstap=Subquery(stappen.exclude(actor__rol=rol.OUDER).values("moment")[:1]),
        ).annotate(
            ouderreactie_nieuw=ExpressionWrapper(
                Q(laatste_ouderstap__isnull=False)
                & (Q(laatste_schoolstap__isnull=True) | Q(laatste_ouderstap__gt=F("laatste_schoolstap"))),
                output_field=BooleanField(),
            ),
            wacht_op_instemming=Case(
                When(plan__gedeelde_versie__isnull=True, then=Value(False)),
                default=Exists(zonder_antwoord),
                output_field=BooleanField(),
            ),
            niet_akkoord=Exists(oneens),
        )


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


def _vragen_zichtbaar_voor(user):
    from .models import Ondersteuningsvraag

    return Ondersteuningsvraag.objects.zichtbaar_voor(user)


class PlanQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user) -> "PlanQuerySet":
        """Plans of the cases `user` may open."""
        return self.filter(vraag__in=_vragen_zichtbaar_voor(user))


class _Bevriesbaar(models.QuerySet):
    """Bulk writes may not slip past the freeze of shared plan versions."""

    bevroren_filter: dict = {}

    def _weiger_bevroren(self):
        from .models import BevrorenError

        if self.filter(**self.bevroren_filter).exists():
            raise BevrorenError("Shared plan versions and their goals cannot be changed.")

    def update(self, **kwargs):
        self._weiger_bevroren()
        return super().update(**kwargs)

    def delete(self):
        from leerlingen.append_only import verwijderen_toegestaan

        if not verwijderen_toegestaan():  # only the retention job removes a whole pupil file
            self._weiger_bevroren()
        return super().delete()


class PlanVersieQuerySet(_Bevriesbaar):
    bevroren_filter = {"gedeeld_met_ouders_op__isnull": False}

    def gedeeld(self) -> "PlanVersieQuerySet":
        return self.filter(gedeeld_met_ouders_op__isnull=False)

    def zichtbaar_voor(self, user) -> "PlanVersieQuerySet":
        """Versions of visible cases; parents see only the versions shared with them."""
        versies = self.filter(plan__vraag__in=_vragen_zichtbaar_voor(user))
        if user.is_authenticated and user.is_ouder:
            versies = versies.gedeeld()
        return versies


class DoelQuerySet(_Bevriesbaar):
    bevroren_filter = {"versie__gedeeld_met_ouders_op__isnull": False}

    def bulk_create(self, objs, *args, **kwargs):
        from .models import PlanVersie

        objs = list(objs)
        versies = {doel.versie_id for doel in objs}
        if PlanVersie.objects.filter(pk__in=versies).gedeeld().exists():
            from .models import BevrorenError

            raise BevrorenError("Goals cannot be added to a shared plan version.")
        return super().bulk_create(objs, *args, **kwargs)


class ReactieQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user) -> "ReactieQuerySet":
        """Comments are the conversation with the parents: everyone who may open the case reads them."""
        return self.filter(vraag__in=_vragen_zichtbaar_voor(user))

    def van_ouders(self) -> "ReactieQuerySet":
        return self.filter(auteur__rol="ouder")


class BijlageQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user) -> "BijlageQuerySet":
        """Documents of visible cases; parents only those shared with them."""
        bijlagen = self.filter(vraag__in=_vragen_zichtbaar_voor(user))
        if user.is_authenticated and user.is_ouder:
            bijlagen = bijlagen.filter(zichtbaar_voor_ouders=True)
        return bijlagen


class InstemmingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        from .models import AppendOnlyError

        raise AppendOnlyError("Answers are kept as history; a guardian changes an answer with a new one.")

    def zichtbaar_voor(self, user) -> "InstemmingQuerySet":
        from .models import PlanVersie

        return self.filter(versie__in=PlanVersie.objects.zichtbaar_voor(user))
