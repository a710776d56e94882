"""Privacy: the parents' consents and the log of what was shared with whom outside the school team."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import ToestemmingQuerySet
from .vraag import Ondersteuningsvraag, _vertaald


class ToestemmingSoort(models.TextChoices):
    AANMELDEN_OT = "aanmelden_ot", _("Aanmelden bij het ondersteuningsteam")
    DELEN_OT = "delen_ot", _("Gegevens delen binnen het ondersteuningsteam")
    DELEN_SWV = "delen_swv", _("Gegevens delen met het samenwerkingsverband (trajectbegeleider)")
    ONDERZOEK = "onderzoek", _("Onderzoek of diagnostiek")
    GEANONIMISEERD = "geanonimiseerd", _("Geanonimiseerd gebruik voor onderzoek")


class ToestemmingWijze(models.TextChoices):
    DIGITAAL = "digitaal", _("Digitaal, door de ouder")
    PAPIER = "papier", _("Op papier, vastgelegd door de school")


class Toestemming(models.Model):
    """A guardian's consent for one purpose within a case; withdrawing it ends the access it gave."""

    Soort = ToestemmingSoort
    Wijze = ToestemmingWijze

    leerling = models.ForeignKey(
        "leerlingen.Leerling", verbose_name=_("leerling"), related_name="toestemmingen", on_delete=models.PROTECT
    )
    vraag = models.ForeignKey(
        Ondersteuningsvraag,
        verbose_name=_("ondersteuningsvraag"),
        related_name="toestemmingen",
        on_delete=models.PROTECT,
    )
    soort = models.CharField(_("soort"), max_length=20, choices=ToestemmingSoort.choices)
    gegeven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gegeven door"),
        related_name="gegeven_toestemmingen",
        on_delete=models.PROTECT,
    )
    wijze = models.CharField(_("wijze"), max_length=10, choices=ToestemmingWijze.choices)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        related_name="vastgelegde_toestemmingen",
        on_delete=models.PROTECT,
    )
    gegeven_op = models.DateTimeField(_("gegeven op"), default=timezone.now)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        related_name="ingetrokken_toestemmingen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    objects = ToestemmingQuerySet.as_manager()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-gegeven_op"]
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=ToestemmingSoort.values), name="toestemming_soort_valid"),
            models.CheckConstraint(condition=Q(wijze__in=ToestemmingWijze.values), name="toestemming_wijze_valid"),
            # One standing consent per purpose and case: the access checks never have to pick one.
            models.UniqueConstraint(
                fields=["vraag", "soort"],
                condition=Q(ingetrokken_op__isnull=True),
                name="toestemming_een_actieve_per_soort",
            ),
            models.CheckConstraint(
                condition=Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gte=models.F("gegeven_op")),
                name="toestemming_intrekking_na_geven",
            ),
        ]

    def __str__(self) -> str:
        return self.get_soort_display()

    @property
    def actief(self) -> bool:
        return self.ingetrokken_op is None


class Grondslag(models.TextChoices):
    TOESTEMMING = "toestemming", _("Toestemming van de ouders")
    WETTELIJKE_TAAK = "wettelijke_taak", _("Wettelijke taak")


class Gegevensdeling(models.Model):
    """What pupil data was opened to whom outside the school team, on which basis and why."""

    Grondslag = Grondslag

    vraag = models.ForeignKey(
        Ondersteuningsvraag,
        verbose_name=_("ondersteuningsvraag"),
        related_name="gegevensdelingen",
        on_delete=models.PROTECT,
    )
    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ontvanger"), related_name="+", on_delete=models.PROTECT
    )
    rol = models.CharField(_("rol"), max_length=60)
    organisatie = models.CharField(_("organisatie"), max_length=120, blank=True)
    grondslag = models.CharField(_("grondslag"), max_length=20, choices=Grondslag.choices)
    toestemming = models.ForeignKey(
        Toestemming, verbose_name=_("toestemming"), related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    doel = models.CharField(_("doel"), max_length=200)
    gedeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gedeeld door"), related_name="+", on_delete=models.PROTECT
    )
    moment = models.DateTimeField(_("moment"), default=timezone.now)

    class Meta:
        verbose_name = _("gegevensdeling")
        verbose_name_plural = _("gegevensdelingen")
        ordering = ["-moment"]
        constraints = [
            models.CheckConstraint(condition=Q(grondslag__in=Grondslag.values), name="gegevensdeling_grondslag_valid"),
            models.CheckConstraint(
                condition=~Q(grondslag="toestemming") | Q(toestemming__isnull=False),
                name="gegevensdeling_toestemming_bij_grondslag",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ontvanger} ({self.moment:%d-%m-%Y})"

    @property
    def rol_label(self) -> str:
        return _vertaald(self.rol)

    @property
    def doel_label(self) -> str:
        return _vertaald(self.doel)
