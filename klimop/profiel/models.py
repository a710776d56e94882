import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .querysets import BasisondersteuningsonderdeelQuerySet, OndersteuningsprofielQuerySet

GELDIGHEID_JAREN = 4
# The directeur's start page warns this many months before the profile expires.
WAARSCHUWING_MAANDEN = 3


def _jaren_later(datum: datetime.date, jaren: int) -> datetime.date:
    try:
        return datum.replace(year=datum.year + jaren)
    except ValueError:  # 29 February
        return datum.replace(year=datum.year + jaren, day=28)


def _maanden_eerder(datum: datetime.date, maanden: int) -> datetime.date:
    jaar, maand_index = divmod(datum.year * 12 + datum.month - 1 - maanden, 12)
    dag = min(datum.day, calendar.monthrange(jaar, maand_index + 1)[1])
    return datetime.date(jaar, maand_index + 1, dag)


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")
    GEARCHIVEERD = "gearchiveerd", _("Gearchiveerd")


class Ondersteuningsprofiel(models.Model):
    """One version of the schoolondersteuningsprofiel (SOP); exactly one is published at a time."""

    Status = Status

    titel = models.CharField(_("titel"), max_length=200, default="Schoolondersteuningsprofiel Kindcentrum KlimOp")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    mr_advies_op = models.DateField(
        _("MR-advies op"), null=True, blank=True, help_text=_("Datum waarop de medezeggenschapsraad advies gaf.")
    )
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    samenvatting = models.TextField(_("samenvatting"), blank=True)
    visie = models.TextField(_("visie op ondersteuning"), blank=True)
    basisondersteuning = models.TextField(_("basisondersteuning"), blank=True)
    extra_ondersteuning = models.TextField(_("extra ondersteuning"), blank=True)
    deskundigheid = models.TextField(_("deskundigheid"), blank=True)
    voorzieningen = models.TextField(_("voorzieningen"), blank=True)
    samenwerkingspartners = models.TextField(_("samenwerkingspartners"), blank=True)
    grenzen = models.TextField(_("grenzen van de ondersteuning"), blank=True)
    ambities = models.TextField(_("ambities"), blank=True)

    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = OndersteuningsprofielQuerySet.as_manager()

    SECTIES = (
        "visie",
        "basisondersteuning",
        "extra_ondersteuning",
        "deskundigheid",
        "voorzieningen",
        "samenwerkingspartners",
        "grenzen",
        "ambities",
    )

    class Meta:
        verbose_name = _("schoolondersteuningsprofiel")
        verbose_name_plural = _("schoolondersteuningsprofielen")
        ordering = ["-vastgesteld_op", "-aangemaakt_op"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="profiel_status_valid"),
            # Exactly one published version: the public page never has to choose.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="gepubliceerd"),
                name="profiel_een_gepubliceerde_versie",
            ),
            models.CheckConstraint(
                condition=~Q(status="gepubliceerd") | Q(vastgesteld_op__isnull=False),
                name="profiel_gepubliceerd_heeft_vaststelling",
            ),
            # One concept at a time, so two drafts never compete to replace the published version.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="concept"),
                name="profiel_een_concept",
            ),
        ]

    def __str__(self) -> str:
        if self.vastgesteld_op:
            return f"{self.titel} ({self.vastgesteld_op:%d-%m-%Y})"
        return f"{self.titel} ({self.get_status_display().lower()})"

    @property
    def geldig_tot(self) -> datetime.date | None:
        if not self.vastgesteld_op:
            return None
        return _jaren_later(self.vastgesteld_op, GELDIGHEID_JAREN)

    @property
    def waarschuwen_vanaf(self) -> datetime.date | None:
        geldig_tot = self.geldig_tot
        return _maanden_eerder(geldig_tot, WAARSCHUWING_MAANDEN) if geldig_tot else None

    def verloopt_binnenkort(self, op: datetime.date) -> bool:
        return self.waarschuwen_vanaf is not None and self.waarschuwen_vanaf <= op < self.geldig_tot

    def is_verlopen(self, op: datetime.date) -> bool:
        return self.geldig_tot is not None and op >= self.geldig_tot

    @property
    def is_concept(self) -> bool:
        return self.status == Status.CONCEPT

    def secties(self) -> list[tuple[str, str, str]]:
        """(field name, label, text) for every section, in the order of the profile."""
        return [(naam, self._meta.get_field(naam).verbose_name, getattr(self, naam)) for naam in self.SECTIES]


class Basisondersteuningsonderdeel(models.Model):
    """One item of basisondersteuning; the support-request form offers these as "already tried"."""

    profiel = models.ForeignKey(
        Ondersteuningsprofiel, verbose_name=_("profiel"), related_name="onderdelen", on_delete=models.CASCADE
    )
    titel = models.CharField(_("titel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = BasisondersteuningsonderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("onderdeel basisondersteuning")
        verbose_name_plural = _("onderdelen basisondersteuning")
        ordering = ["profiel", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.titel
