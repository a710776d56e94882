import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leerlingen.append_only import AppendOnlyError, verwijderen_toegestaan

from .querysets import (
    BijlageQuerySet,
    DoelQuerySet,
    InstemmingQuerySet,
    OndersteuningsvraagQuerySet,
    PlanQuerySet,
    PlanVersieQuerySet,
    ReactieQuerySet,
    StapQuerySet,
    ToestemmingQuerySet,
)

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


# --- the plan (ontwikkelingsperspectief / handelingsplan) and the parents' responses -------------------

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
