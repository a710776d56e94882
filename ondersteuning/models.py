import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .querysets import OndersteuningsvraagQuerySet, StapQuerySet, ToestemmingQuerySet

BEZWAARTERMIJN = datetime.timedelta(weeks=6)


def _vertaald(opgeslagen: str) -> str:
    """A fixed Dutch text kept in a field (services.py writes it with gettext_noop) in the reader's language."""
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
        # Stored in Dutch (services.py), shown in the reader's language.
        return _vertaald(self.volgende_actie)


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
    CORRECTIE = "correctie", _("Correctie")


class AppendOnlyError(Exception):
    """Timeline steps are never changed or removed; a correction is a new step."""


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

    # Fixed texts that services.py writes (gettext_noop) read in the reader's language; free text stays as written.
    @property
    def toelichting_label(self) -> str:
        return _vertaald(self.toelichting)

    @property
    def reden_label(self) -> str:
        return _vertaald(self.reden_niet_betrokken)


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


class Overleg(models.Model):
    """A meeting of the ondersteuningsteam about a case; the parents are always invited."""

    vraag = models.ForeignKey(
        Ondersteuningsvraag, verbose_name=_("ondersteuningsvraag"), related_name="overleggen", on_delete=models.PROTECT
    )
    datum = models.DateTimeField(_("datum en tijd"))
    agenda = models.TextField(_("agenda"))
    deelnemers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("deelnemers"), related_name="overleggen", blank=True
    )
    ouders_uitgenodigd = models.BooleanField(_("ouders uitgenodigd"), default=True)
    gehouden = models.BooleanField(_("gehouden"), default=False)
    ouders_aanwezig = models.BooleanField(_("ouders aanwezig"), null=True, blank=True)
    verslag = models.TextField(_("verslag"), blank=True)
    verslag_gedeeld = models.BooleanField(_("verslag gedeeld met ouders"), default=False)

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["datum"]
        constraints = [
            models.CheckConstraint(condition=Q(ouders_uitgenodigd=True), name="overleg_ouders_altijd_uitgenodigd"),
            models.CheckConstraint(
                condition=Q(gehouden=False) | Q(ouders_aanwezig__isnull=False), name="overleg_aanwezigheid_vastgelegd"
            ),
        ]

    def __str__(self) -> str:
        return _("Overleg van %(datum)s") % {"datum": timezone.localtime(self.datum).strftime("%d-%m-%Y %H:%M")}


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
