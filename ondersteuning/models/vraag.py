"""The case itself: its states, urgency and how the parents were informed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..querysets import OndersteuningsvraagQuerySet


def _vertaald(opgeslagen: str) -> str:
    """A fixed Dutch text kept in a field (the services write it with gettext_noop) in the reader's language."""
    # gettext("") would return the catalogue's header.
    return gettext(opgeslagen) if opgeslagen else ""


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    BASISONDERSTEUNING = "basisondersteuning", _("Basisondersteuning")
    ONDERSTEUNINGSTEAM = "ondersteuningsteam", _("Ondersteuningsteam")
    TRAJECTBEGELEIDING = "trajectbegeleiding", _("Trajectbegeleiding")
    ARRANGEMENT = "arrangement", _("Arrangement")
    EVALUATIE = "evaluatie", _("Evaluatie")
    VERWIJZING = "verwijzing", _("Verwijzing (TLV)")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


OPEN_STATUSSEN = [s for s in Status.values if s not in (Status.CONCEPT, Status.AFGESLOTEN)]


class Urgentie(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    HOOG = "hoog", _("Hoog")
    ZEER_HOOG = "zeer_hoog", _("Zeer hoog")


class InformeerWijze(models.TextChoices):
    GESPREK = "gesprek", _("In een gesprek")
    TELEFOON = "telefoon", _("Telefonisch")
    EMAIL = "email", _("Per e-mail")
    BRIEF = "brief", _("Per brief")
    ANDERS = "anders", _("Anders")


class Ondersteuningsvraag(models.Model):
    """A support case for one pupil, from the teacher's request to its conclusion."""

    Status = Status
    Urgentie = Urgentie

    leerling = models.ForeignKey(
        "leerlingen.Leerling",
        verbose_name=_("leerling"),
        related_name="ondersteuningsvragen",
        on_delete=models.PROTECT,
    )
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        related_name="ingediende_vragen",
        on_delete=models.PROTECT,
    )
    hulpvraag = models.TextField(_("hulpvraag"), blank=True)
    sterke_kanten = models.TextField(_("sterke kanten"), blank=True)
    geprobeerd = models.ManyToManyField(
        "profiel.Basisondersteuningsonderdeel",
        verbose_name=_("geprobeerd binnen de basisondersteuning"),
        related_name="ondersteuningsvragen",
        blank=True,
    )
    geprobeerd_toelichting = models.TextField(_("wat is er verder geprobeerd"), blank=True)
    ouders_geinformeerd_op = models.DateField(_("ouders geïnformeerd op"), null=True, blank=True)
    ouders_geinformeerd_hoe = models.CharField(
        _("hoe zijn de ouders geïnformeerd"), max_length=20, choices=InformeerWijze.choices, blank=True
    )
    urgentie = models.CharField(_("urgentie"), max_length=20, choices=Urgentie.choices, default=Urgentie.NORMAAL)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    status_sinds = models.DateTimeField(_("status sinds"), default=timezone.now)
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        related_name="behandelde_vragen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    trajectbegeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trajectbegeleider"),
        related_name="trajecten",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    afspraken = models.TextField(
        _("afspraken"), blank=True, help_text=_("De lopende afspraken of het arrangement, in het kort.")
    )
    volgende_datum = models.DateField(_("eerstvolgende datum"), null=True, blank=True)
    volgende_actie = models.CharField(_("eerstvolgende actie"), max_length=120, blank=True)
    conclusie = models.TextField(_("conclusie"), blank=True)

    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    objects = OndersteuningsvraagQuerySet.as_manager()

    class Meta:
        verbose_name = _("ondersteuningsvraag")
        verbose_name_plural = _("ondersteuningsvragen")
        ordering = ["-ingediend_op", "-aangemaakt_op"]
        indexes = [
            # The IB queue filters on status and sorts by waiting time.
            models.Index(fields=["status", "status_sinds"], name="vraag_status_sinds_idx"),
            # The queue's default order (longest waiting first) over many statuses: top rows straight from the index.
            models.Index(fields=["status_sinds", "id"], name="vraag_wachtend_idx"),
            # The queue's "overdue" filter and due-date sort.
            models.Index(fields=["volgende_datum"], name="vraag_volgende_datum_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="vraag_status_valid"),
            models.CheckConstraint(condition=Q(urgentie__in=Urgentie.values), name="vraag_urgentie_valid"),
            models.CheckConstraint(
                condition=Q(ouders_geinformeerd_hoe__in=[*InformeerWijze.values, ""]),
                name="vraag_informeer_wijze_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="concept") | Q(ingediend_op__isnull=False),
                name="vraag_ingediend_heeft_datum",
            ),
            models.CheckConstraint(
                condition=~Q(status="afgesloten") | Q(afgesloten_op__isnull=False),
                name="vraag_afgesloten_heeft_datum",
            ),
        ]

    def __str__(self) -> str:
        return _("Ondersteuningsvraag %(nummer)s") % {"nummer": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("ondersteuning:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSSEN

    @property
    def dagen_wachtend(self) -> int:
        return (timezone.now() - self.status_sinds).days

    @property
    def te_laat(self) -> bool:
        return bool(self.volgende_datum and self.is_open and self.volgende_datum < timezone.localdate())

    @property
    def volgende_actie_label(self) -> str:
        # Stored in Dutch (by the services), shown in the reader's language.
        return _vertaald(self.volgende_actie)
