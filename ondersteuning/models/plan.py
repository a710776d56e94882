"""The plan (ontwikkelingsperspectief / handelingsplan): its versions, frozen once shared, and its goals."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerlingen.append_only import verwijderen_toegestaan

from ..querysets import DoelQuerySet, PlanQuerySet, PlanVersieQuerySet
from .vraag import Ondersteuningsvraag

PLAN_VASTSTELLEN_BINNEN = datetime.timedelta(weeks=6)
PLAN_EVALUEREN_BINNEN = datetime.timedelta(days=365)


class BevrorenError(Exception):
    """A plan version shared with the parents is never changed; changes make a new version."""


class PlanTermijn(models.TextChoices):
    VASTSTELLEN = "vaststellen", _("Plan vaststellen en delen")
    EVALUEREN = "evalueren", _("Plan evalueren")


class Plan(models.Model):
    """The plan of one case; its content lives in versions, the deadline on the plan itself."""

    Termijn = PlanTermijn

    vraag = models.OneToOneField(
        Ondersteuningsvraag, verbose_name=_("ondersteuningsvraag"), related_name="plan", on_delete=models.PROTECT
    )
    gedeelde_versie = models.ForeignKey(
        "PlanVersie",
        verbose_name=_("versie die de ouders nu zien"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    termijn = models.DateField(_("uiterlijk"), null=True, blank=True)
    termijn_soort = models.CharField(
        _("wat moet er dan klaar zijn"), max_length=20, choices=PlanTermijn.choices, blank=True
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")
        indexes = [
            # The queue's overdue filter and the IB start page list plans by deadline.
            models.Index(fields=["termijn"], name="plan_termijn_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(termijn_soort__in=[*PlanTermijn.values, ""]), name="plan_termijn_soort_valid"
            ),
            models.CheckConstraint(
                condition=Q(termijn__isnull=True, termijn_soort="")
                | (Q(termijn__isnull=False) & ~Q(termijn_soort="")),
                name="plan_termijn_met_soort",
            ),
        ]

    def __str__(self) -> str:
        return _("Plan bij %(vraag)s") % {"vraag": self.vraag}

    @property
    def termijn_verlopen(self) -> bool:
        return bool(self.termijn and self.termijn < timezone.localdate())


class PlanVersie(models.Model):
    """One version of the plan. Once shared with the parents it is frozen (model layer and database)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), related_name="versies", on_delete=models.PROTECT)
    nummer = models.PositiveSmallIntegerField(_("versie"))
    uitstroombestemming = models.CharField(
        _("uitstroombestemming"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: vmbo basis/kader, havo, praktijkonderwijs."),
    )
    uitstroom_onderbouwing = models.TextField(_("onderbouwing van de uitstroombestemming"), blank=True)
    bevorderende_factoren = models.TextField(
        _("bevorderende factoren"), blank=True, help_text=_("Wat helpt de leerling: in de leerling, de klas, thuis.")
    )
    belemmerende_factoren = models.TextField(
        _("belemmerende factoren"), blank=True, help_text=_("Wat maakt het de leerling moeilijk.")
    )
    onderwijsbehoeften = models.TextField(
        _("onderwijsbehoeften"), blank=True, help_text=_("Deze leerling heeft nodig: instructie, taken, omgeving…")
    )
    handelingsdeel_aanbod = models.TextField(
        _("welke ondersteuning"), blank=True, help_text=_("Wat de school extra biedt.")
    )
    handelingsdeel_uitvoering = models.TextField(
        _("wie doet wat, en wanneer"), blank=True, help_text=_("Wie geeft de ondersteuning, hoe vaak en hoe lang.")
    )
    handelingsdeel_afwijkingen = models.TextField(
        _("afwijkingen van het reguliere programma"),
        blank=True,
        help_text=_("Bijvoorbeeld een eigen leerlijn voor rekenen, of minder uren een vak."),
    )
    kind_aan_het_woord = models.TextField(
        _("kind aan het woord"),
        blank=True,
        help_text=_("Wat de leerling zelf vertelt, in de eigen woorden. De leerkracht schrijft het samen op."),
    )
    kind_eigen_doelen = models.TextField(
        _("eigen doelen van de leerling"), blank=True, help_text=_("Wat de leerling zelf wil leren of bereiken.")
    )
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    evaluatiemomenten = models.CharField(
        _("evaluatiemomenten"), max_length=300, blank=True, help_text=_("Bijvoorbeeld: eind januari en eind juni.")
    )
    gedeeld_met_ouders_op = models.DateTimeField(_("gedeeld met de ouders op"), null=True, blank=True)
    gedeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gedeeld door"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aangemaakt door"), related_name="+", on_delete=models.PROTECT
    )
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)

    objects = PlanVersieQuerySet.as_manager()

    # The fields of a version in reading order: the comparison and the copy for a new version use them.
    INHOUD = (
        "uitstroombestemming",
        "uitstroom_onderbouwing",
        "bevorderende_factoren",
        "belemmerende_factoren",
        "onderwijsbehoeften",
        "handelingsdeel_aanbod",
        "handelingsdeel_uitvoering",
        "handelingsdeel_afwijkingen",
        "kind_aan_het_woord",
        "kind_eigen_doelen",
        "vastgesteld_op",
        "evaluatiemomenten",
    )
    HANDELINGSDEEL = ("handelingsdeel_aanbod", "handelingsdeel_uitvoering", "handelingsdeel_afwijkingen")
    KIND = ("kind_aan_het_woord", "kind_eigen_doelen")

    class Meta:
        verbose_name = _("planversie")
        verbose_name_plural = _("planversies")
        ordering = ["plan", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="planversie_nummer_per_plan"),
            # Shared versions are the ones parents agree to: they must say when the plan was set.
            models.CheckConstraint(
                condition=Q(gedeeld_met_ouders_op__isnull=True) | Q(vastgesteld_op__isnull=False),
                name="planversie_gedeeld_is_vastgesteld",
            ),
        ]

    def __str__(self) -> str:
        return _("Versie %(nummer)s") % {"nummer": self.nummer}

    def save(self, *args, **kwargs):
        if not self._state.adding and PlanVersie.objects.filter(pk=self.pk).gedeeld().exists():
            raise BevrorenError("This plan version was shared with the parents; make a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not verwijderen_toegestaan() and PlanVersie.objects.filter(pk=self.pk).gedeeld().exists():
            raise BevrorenError("A plan version shared with the parents cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_gedeeld(self) -> bool:
        return self.gedeeld_met_ouders_op is not None

    def instemming_per_ouder(self, ouders) -> list[tuple]:
        """(guardian, latest answer or None, earlier answers) for each guardian with gezag; the latest counts."""
        per_ouder: dict[int, list] = {}
        for instemming in self.instemmingen.all():
            per_ouder.setdefault(instemming.ouder_id, []).append(instemming)
        resultaat = []
        for ouder in ouders:
            antwoorden = sorted(per_ouder.get(ouder.pk, []), key=lambda i: (i.moment, i.pk), reverse=True)
            resultaat.append((ouder, antwoorden[0] if antwoorden else None, antwoorden[1:]))
        return resultaat


def _controleer_niet_bevroren(versie_id) -> None:
    if PlanVersie.objects.filter(pk=versie_id).gedeeld().exists():
        raise BevrorenError("The goals of a shared plan version cannot change; make a new version instead.")


class Doel(models.Model):
    """A goal in a plan version, with the date it is evaluated and, later, its result."""

    versie = models.ForeignKey(
        PlanVersie, verbose_name=_("planversie"), related_name="doelen", on_delete=models.CASCADE
    )
    omschrijving = models.TextField(_("doel"))
    evaluatiedatum = models.DateField(_("evaluatiedatum"))
    resultaat = models.TextField(_("resultaat"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = DoelQuerySet.as_manager()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["versie", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.omschrijving[:60]

    def save(self, *args, **kwargs):
        _controleer_niet_bevroren(self.versie_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not verwijderen_toegestaan():
            _controleer_niet_bevroren(self.versie_id)
        return super().delete(*args, **kwargs)
