"""The referral: the request for a toelaatbaarheidsverklaring (TLV) and the decision on it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .vraag import Ondersteuningsvraag

BEZWAARTERMIJN = datetime.timedelta(weeks=6)


class TlvSoort(models.TextChoices):
    A = "A", _("Categorie A (tijdelijk)")
    B = "B", _("Categorie B (standaard)")
    C = "C", _("Categorie C (permanent)")


class TlvBesluit(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", _("Aangevraagd, nog geen besluit")
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class Verwijzing(models.Model):
    """The request for a toelaatbaarheidsverklaring (TLV) for S(B)O and the SWV's decision."""

    Soort = TlvSoort
    Besluit = TlvBesluit

    vraag = models.OneToOneField(
        Ondersteuningsvraag, verbose_name=_("ondersteuningsvraag"), related_name="verwijzing", on_delete=models.PROTECT
    )
    soort = models.CharField(_("soort TLV"), max_length=1, choices=TlvSoort.choices)
    bestemming = models.CharField(_("beoogde school of onderwijssoort"), max_length=200)
    deskundige_1 = models.CharField(_("eerste deskundige (naam en functie)"), max_length=200)
    advies_1 = models.TextField(_("advies eerste deskundige"))
    deskundige_2 = models.CharField(_("tweede deskundige (naam en functie)"), max_length=200)
    advies_2 = models.TextField(_("advies tweede deskundige"))
    zienswijze_ouders = models.TextField(_("zienswijze van de ouders"))
    aangevraagd_op = models.DateField(_("aangevraagd op"), default=timezone.localdate)
    besluit = models.CharField(_("besluit"), max_length=20, choices=TlvBesluit.choices, default=TlvBesluit.AANGEVRAAGD)
    besluit_op = models.DateField(_("besluit op"), null=True, blank=True)
    besluit_toelichting = models.TextField(_("toelichting op het besluit"), blank=True)
    geldig_tot = models.DateField(_("TLV geldig tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("verwijzing (TLV)")
        verbose_name_plural = _("verwijzingen (TLV)")
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=TlvSoort.values), name="verwijzing_soort_valid"),
            models.CheckConstraint(condition=Q(besluit__in=TlvBesluit.values), name="verwijzing_besluit_valid"),
            models.CheckConstraint(
                condition=Q(besluit="aangevraagd") | Q(besluit_op__isnull=False),
                name="verwijzing_besluit_heeft_datum",
            ),
        ]

    def __str__(self) -> str:
        return f"TLV {self.soort} ({self.get_besluit_display().lower()})"

    @property
    def bezwaar_mogelijk_tot(self) -> datetime.date | None:
        """Parents may object within six weeks of the decision (Awb art. 6:7)."""
        return self.besluit_op + BEZWAARTERMIJN if self.besluit_op else None

    def clean(self):
        if self.deskundige_1 and self.deskundige_1.strip().lower() == self.deskundige_2.strip().lower():
            raise ValidationError({"deskundige_2": _("Een TLV vraagt het advies van twee verschillende deskundigen.")})
