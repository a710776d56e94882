"""The parents' responses: comments, documents and their agreement with the handelingsdeel."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerlingen.append_only import AppendOnlyError

from ..querysets import BijlageQuerySet, InstemmingQuerySet, ReactieQuerySet
from .plan import PlanVersie
from .vraag import Ondersteuningsvraag


class Reactie(models.Model):
    """A comment on a case, or on one plan version, by a guardian or by the school."""

    vraag = models.ForeignKey(
        Ondersteuningsvraag, verbose_name=_("ondersteuningsvraag"), related_name="reacties", on_delete=models.PROTECT
    )
    versie = models.ForeignKey(
        PlanVersie,
        verbose_name=_("over planversie"),
        related_name="reacties",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), related_name="reacties", on_delete=models.PROTECT
    )
    tekst = models.TextField(_("reactie"))
    moment = models.DateTimeField(_("moment"), default=timezone.now)

    objects = ReactieQuerySet.as_manager()

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["moment", "pk"]
        indexes = [
            # The case page and the parent page list a case's comments in order.
            models.Index(fields=["vraag", "moment"], name="reactie_vraag_moment_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(tekst=""), name="reactie_tekst_niet_leeg"),
        ]

    def __str__(self) -> str:
        return f"{self.auteur} ({self.moment:%d-%m-%Y})"


class BijlageSoort(models.TextChoices):
    PDF = "pdf", "PDF"
    JPG = "jpg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "Word (docx)"


BIJLAGE_MIME = {
    BijlageSoort.PDF: "application/pdf",
    BijlageSoort.JPG: "image/jpeg",
    BijlageSoort.PNG: "image/png",
    BijlageSoort.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _bijlage_pad(bijlage: "Bijlage", bestandsnaam: str) -> str:
    # A random name without extension: no pupil details on disk, and nothing a web server would guess a type from.
    return str(PurePosixPath("bijlagen", str(bijlage.vraag_id), uuid.uuid4().hex))


class Bijlage(models.Model):
    """An uploaded document. Stored under MEDIA_ROOT and served only by the access-checked download view."""

    Soort = BijlageSoort

    vraag = models.ForeignKey(
        Ondersteuningsvraag, verbose_name=_("ondersteuningsvraag"), related_name="bijlagen", on_delete=models.PROTECT
    )
    bestand = models.FileField(_("bestand"), upload_to=_bijlage_pad, max_length=200)
    naam = models.CharField(_("bestandsnaam"), max_length=200)
    soort = models.CharField(_("soort bestand"), max_length=10, choices=BijlageSoort.choices)
    grootte = models.PositiveIntegerField(_("grootte in bytes"))
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("toegevoegd door"), related_name="+", on_delete=models.PROTECT
    )
    moment = models.DateTimeField(_("moment"), default=timezone.now)
    zichtbaar_voor_ouders = models.BooleanField(_("zichtbaar voor de ouders"), default=True)

    objects = BijlageQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["-moment", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=BijlageSoort.values), name="bijlage_soort_valid"),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def mime(self) -> str:
        return BIJLAGE_MIME[self.soort]


class Instemming(models.Model):
    """A guardian's answer on the handelingsdeel of one shared version; a new row changes it, history stays."""

    versie = models.ForeignKey(
        PlanVersie, verbose_name=_("planversie"), related_name="instemmingen", on_delete=models.PROTECT
    )
    ouder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder/verzorger"),
        related_name="instemmingen",
        on_delete=models.PROTECT,
    )
    akkoord = models.BooleanField(_("akkoord met het handelingsdeel"))
    toelichting = models.TextField(_("toelichting"), blank=True)
    moment = models.DateTimeField(_("moment"), default=timezone.now)

    objects = InstemmingQuerySet.as_manager()

    class Meta:
        verbose_name = _("instemming")
        verbose_name_plural = _("instemmingen")
        ordering = ["moment", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(akkoord=True) | ~Q(toelichting=""), name="instemming_niet_akkoord_heeft_reden"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ouder}: {_('akkoord') if self.akkoord else _('niet akkoord')}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("An answer is never changed; the guardian gives a new one.")
        super().save(*args, **kwargs)
