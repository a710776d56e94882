"""The case timeline: append-only steps, each with how the parents were involved."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerlingen.append_only import AppendOnlyError, verwijderen_toegestaan

from ..querysets import StapQuerySet
from .vraag import Ondersteuningsvraag, Status, _vertaald


class Ouderbetrokkenheid(models.TextChoices):
    AANWEZIG = "aanwezig", _("Aanwezig")
    GEINFORMEERD = "geinformeerd", _("Geïnformeerd")
    TOESTEMMING = "toestemming", _("Toestemming")
    INSTEMMING = "instemming", _("Instemming")
    REACTIE = "reactie", _("Reactie")
    NIET_BETROKKEN = "niet_betrokken", _("Niet betrokken")


class StapSoort(models.TextChoices):
    INDIENEN = "indienen", _("Ondersteuningsvraag ingediend")
    OPPAKKEN = "oppakken", _("Opgepakt door de intern begeleider")
    BASISONDERSTEUNING = "basisondersteuning", _("Verder binnen de basisondersteuning")
    ONDERSTEUNINGSTEAM = "ondersteuningsteam", _("Aangemeld bij het ondersteuningsteam")
    OVERLEG_GEPLAND = "overleg_gepland", _("Overleg ondersteuningsteam gepland")
    OVERLEG_GEHOUDEN = "overleg_gehouden", _("Overleg ondersteuningsteam gehouden")
    TRAJECTBEGELEIDING = "trajectbegeleiding", _("Trajectbegeleider betrokken")
    ADVIES = "advies", _("Advies")
    OBSERVATIE = "observatie", _("Observatie van de leerkracht")
    ARRANGEMENT = "arrangement", _("Arrangement gestart")
    EVALUATIE = "evaluatie", _("Evaluatie")
    VERWIJZING = "verwijzing", _("Toelaatbaarheidsverklaring aangevraagd")
    TLV_BESLUIT = "tlv_besluit", _("Besluit samenwerkingsverband over de TLV")
    AFSLUITEN = "afsluiten", _("Afgesloten")
    TOESTEMMING_GEGEVEN = "toestemming_gegeven", _("Toestemming gegeven")
    TOESTEMMING_INGETROKKEN = "toestemming_ingetrokken", _("Toestemming ingetrokken")
    PLAN_GEDEELD = "plan_gedeeld", _("Plan gedeeld met de ouders")
    REACTIE = "reactie", _("Reactie")
    BIJLAGE = "bijlage", _("Document toegevoegd")
    INSTEMMING = "instemming", _("Instemming met het handelingsdeel")
    CORRECTIE = "correctie", _("Correctie")


class Stap(models.Model):
    """One append-only entry in a case's timeline, with how the parents were involved."""

    Soort = StapSoort
    Ouderbetrokkenheid = Ouderbetrokkenheid

    vraag = models.ForeignKey(
        Ondersteuningsvraag, verbose_name=_("ondersteuningsvraag"), related_name="stappen", on_delete=models.PROTECT
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), related_name="stappen", on_delete=models.PROTECT
    )
    moment = models.DateTimeField(_("moment"), default=timezone.now)
    soort = models.CharField(_("soort"), max_length=30, choices=StapSoort.choices)
    van_status = models.CharField(_("van status"), max_length=20, choices=Status.choices, blank=True)
    naar_status = models.CharField(_("naar status"), max_length=20, choices=Status.choices, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    ouderbetrokkenheid = models.CharField(_("ouderbetrokkenheid"), max_length=20, choices=Ouderbetrokkenheid.choices)
    reden_niet_betrokken = models.TextField(_("reden dat ouders niet betrokken zijn"), blank=True)
    zichtbaar_voor_ouders = models.BooleanField(_("zichtbaar voor ouders"), default=True)

    objects = StapQuerySet.as_manager()

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["moment", "pk"]
        indexes = [
            # The case timeline reads a case's steps in order.
            models.Index(fields=["vraag", "moment"], name="stap_vraag_moment_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=StapSoort.values), name="stap_soort_valid"),
            models.CheckConstraint(
                condition=Q(ouderbetrokkenheid__in=Ouderbetrokkenheid.values), name="stap_ouderbetrokkenheid_valid"
            ),
            models.CheckConstraint(
                condition=~Q(ouderbetrokkenheid="niet_betrokken") | ~Q(reden_niet_betrokken=""),
                name="stap_niet_betrokken_heeft_reden",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soort_label} ({self.moment:%d-%m-%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("A Stap cannot be changed; add a correction step instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if verwijderen_toegestaan():  # only the retention job removes a whole pupil file
            return super().delete(*args, **kwargs)
        raise AppendOnlyError("A Stap cannot be deleted; add a correction step instead.")

    # Enum lookups instead of get_FOO_display(): that hashes every lazy choice label per call, which dominated
    # the render time of a timeline with hundreds of steps.
    @property
    def soort_label(self) -> str:
        return StapSoort(self.soort).label

    @property
    def van_status_label(self) -> str:
        return Status(self.van_status).label if self.van_status else ""

    @property
    def naar_status_label(self) -> str:
        return Status(self.naar_status).label if self.naar_status else ""

    @property
    def ouderbetrokkenheid_label(self) -> str:
        return Ouderbetrokkenheid(self.ouderbetrokkenheid).label

    # Fixed texts that the services write (gettext_noop) read in the reader's language; free text stays as written.
    @property
    def toelichting_label(self) -> str:
        return _vertaald(self.toelichting)

    @property
    def reden_label(self) -> str:
        return _vertaald(self.reden_niet_betrokken)
