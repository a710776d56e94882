import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .querysets import OndersteuningsprofielQuerySet

GELDIGHEID_JAREN = 4


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
        ]

    def __str__(self) -> str:
        if self.vastgesteld_op:
            return f"{self.titel} ({self.vastgesteld_op:%d-%m-%Y})"
        return f"{self.titel} ({self.get_status_display().lower()})"

    @property
    def geldig_tot(self) -> datetime.date | None:
        if not self.vastgesteld_op:
            return None
        try:
            return self.vastgesteld_op.replace(year=self.vastgesteld_op.year + GELDIGHEID_JAREN)
        except ValueError:  # 29 February
            return self.vastgesteld_op.replace(year=self.vastgesteld_op.year + GELDIGHEID_JAREN, day=28)


class Basisondersteuningsonderdeel(models.Model):
    """One item of basisondersteuning; the support-request form offers these as "already tried"."""

    profiel = models.ForeignKey(
        Ondersteuningsprofiel, verbose_name=_("profiel"), related_name="onderdelen", on_delete=models.CASCADE
    )
    titel = models.CharField(_("titel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("onderdeel basisondersteuning")
        verbose_name_plural = _("onderdelen basisondersteuning")
        ordering = ["profiel", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.titel
