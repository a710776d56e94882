"""The referral: the request for a toelaatbaarheidsverklaring (TLV) and the decision on it."""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerlingen.append_only import AppendOnlyModel, AppendOnlyQuerySet

from .reacties import Bijlage
from .vraag import Ondersteuningsvraag

BEZWAARTERMIJN = datetime.timedelta(weeks=6)
# De Westfriese Knoop: a TLV A is valid at most two years, a TLV B three years, a TLV C has no end.
TLV_A_MAXIMAAL_DAGEN = 2 * 365 + 1
TLV_B_JAREN = 3

TLV_UITLEG = {
    "A": _(
        "Tijdelijk: ten hoogste twee jaar geldig. Voor een kind van wie de school verwacht dat het daarna terugkeert "
        "naar het reguliere onderwijs. U kiest zelf de einddatum."
    ),
    "B": _("Standaard: drie jaar geldig."),
    "C": _(
        "Permanent: voor kinderen met ernstige meervoudige beperkingen (EMB). Een landelijke TLV, die voor de hele "
        "schoolloopbaan kan gelden; er is geen einddatum."
    ),
}


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
    gekozen_einde = models.DateField(
        _("einde van de TLV A"),
        null=True,
        blank=True,
        help_text=_("Alleen bij categorie A: ten hoogste twee jaar na de aanvraag."),
    )
    deskundige_1 = models.CharField(_("eerste deskundige (naam en functie)"), max_length=200, blank=True)
    advies_1 = models.TextField(_("advies eerste deskundige"), blank=True)
    deskundige_2 = models.CharField(_("tweede deskundige (naam en functie)"), max_length=200, blank=True)
    advies_2 = models.TextField(_("advies tweede deskundige"), blank=True)
    zienswijze_ouders = models.TextField(_("zienswijze van de ouders"), blank=True)
    # Who wrote an advice or the parents' view in the portal; empty means the school typed it in (from paper or
    # a conversation), which the dossier shows as such.
    advies_1_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eerste advies geschreven door"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    advies_1_op = models.DateTimeField(_("eerste advies ondertekend op"), null=True, blank=True)
    advies_2_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tweede advies geschreven door"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    advies_2_op = models.DateTimeField(_("tweede advies ondertekend op"), null=True, blank=True)
    zienswijze_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zienswijze ingediend door"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    zienswijze_op = models.DateTimeField(_("zienswijze ingediend op"), null=True, blank=True)
    zienswijze_concept = models.TextField(_("concept van de zienswijze"), blank=True)
    aangevraagd_op = models.DateField(_("aangevraagd op"), default=timezone.localdate)
    # The dossier is prepared while the case is with the trajectbegeleider; sending it moves the case on.
    versie = models.PositiveIntegerField(_("versie van de aanvraag"), default=1)
    verstuurd_op = models.DateTimeField(_("verstuurd naar het samenwerkingsverband op"), null=True, blank=True)
    reden_zonder_ouder = models.TextField(_("waarom geen ouder heeft ondertekend"), blank=True)
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
            models.CheckConstraint(
                condition=Q(soort="A") | Q(gekozen_einde__isnull=True), name="verwijzing_einde_alleen_bij_a"
            ),
        ]

    def __str__(self) -> str:
        return f"TLV {self.soort} ({self.get_besluit_display().lower()})"

    @property
    def bezwaar_mogelijk_tot(self) -> datetime.date | None:
        """Parents may object within six weeks of the decision (Awb art. 6:7)."""
        return self.besluit_op + BEZWAARTERMIJN if self.besluit_op else None

    @property
    def uitleg(self) -> str:
        return TLV_UITLEG.get(self.soort, "")

    @property
    def is_verstuurd(self) -> bool:
        return self.verstuurd_op is not None

    def geldig_tot_voor(self, besluit_op: datetime.date) -> datetime.date | None:
        """The end of a granted TLV follows from its kind: A the chosen end, B three years, C none."""
        if self.soort == TlvSoort.A:
            return self.gekozen_einde
        if self.soort == TlvSoort.B:
            try:
                return besluit_op.replace(year=besluit_op.year + TLV_B_JAREN)
            except ValueError:  # 29 February
                return besluit_op.replace(year=besluit_op.year + TLV_B_JAREN, day=28)
        return None

    def inhoud(self) -> dict:
        """The request's content as signed: every field the signers confirm, the shared OPP version included."""
        plan = getattr(self.vraag, "plan", None)
        opp = plan.gedeelde_versie if plan else None
        return {
            "vraag": self.vraag_id,
            "leerling": self.vraag.leerling_id,
            "versie": self.versie,
            "soort": self.soort,
            "bestemming": self.bestemming,
            "gekozen_einde": self.gekozen_einde.isoformat() if self.gekozen_einde else None,
            "deskundige_1": self.deskundige_1,
            "advies_1": self.advies_1,
            "deskundige_2": self.deskundige_2,
            "advies_2": self.advies_2,
            "zienswijze_ouders": self.zienswijze_ouders,
            "advies_1_door": self.advies_1_door_id,
            "advies_2_door": self.advies_2_door_id,
            "zienswijze_door": self.zienswijze_door_id,
            "opp_versie": opp.nummer if opp else None,
        }

    def inhoud_hash(self) -> str:
        return inhoud_hash(self.inhoud())

    def geldige_ondertekeningen(self):
        """Signatures on exactly this content; any change to the request leaves the older ones behind."""
        huidig = self.inhoud_hash()
        return [o for o in self.ondertekeningen.all() if o.versie == self.versie and o.inhoud_hash == huidig]

    def clean(self):
        if self.soort == TlvSoort.A:
            if not self.gekozen_einde:
                raise ValidationError({"gekozen_einde": _("Kies bij een TLV A tot wanneer hij geldt.")})
            begin = self.aangevraagd_op or timezone.localdate()
            if self.gekozen_einde <= begin:
                raise ValidationError({"gekozen_einde": _("Het einde moet na de aanvraagdatum liggen.")})
            if (self.gekozen_einde - begin).days > TLV_A_MAXIMAAL_DAGEN:
                raise ValidationError({"gekozen_einde": _("Een TLV A geldt ten hoogste twee jaar.")})
        elif self.soort:
            self.gekozen_einde = None
        if self.deskundige_1 and self.deskundige_1.strip().lower() == self.deskundige_2.strip().lower():
            raise ValidationError({"deskundige_2": _("Een TLV vraagt het advies van twee verschillende deskundigen.")})


def inhoud_hash(inhoud: dict) -> str:
    """sha256 over a canonical JSON form: sorted keys, no whitespace, UTF-8."""
    tekst = json.dumps(inhoud, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(tekst.encode("utf-8")).hexdigest()


class OndertekeningWijze(models.TextChoices):
    WACHTWOORD = "wachtwoord", _("In het portaal, met wachtwoord")
    TWEE_FACTOR = "twee_factor", _("In het portaal, met wachtwoord en tweestapsverificatie")
    PAPIER = "papier", _("Op papier, vastgelegd door de school")


class OndertekenaarRol(models.TextChoices):
    OUDER = "ouder", _("Ouder met gezag")
    DIRECTEUR = "directeur", _("Directeur")


class TlvOndertekening(AppendOnlyModel):
    """A signature on one frozen version of a TLV request: its content and hash, who, when and how. Never changed."""

    verwijderbaar_bij_bewaartermijn = True  # only with the whole pupil file
    Wijze = OndertekeningWijze
    Rol = OndertekenaarRol

    verwijzing = models.ForeignKey(
        Verwijzing, verbose_name=_("TLV-aanvraag"), related_name="ondertekeningen", on_delete=models.PROTECT
    )
    versie = models.PositiveIntegerField(_("versie"))
    inhoud = models.JSONField(_("ondertekende inhoud"))
    inhoud_hash = models.CharField(_("sha256 van de inhoud"), max_length=64)
    ondertekenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ondertekend door"), related_name="+", on_delete=models.PROTECT
    )
    rol = models.CharField(_("als"), max_length=10, choices=OndertekenaarRol.choices)
    wijze = models.CharField(_("wijze"), max_length=12, choices=OndertekeningWijze.choices)
    moment = models.DateTimeField(_("moment"), default=timezone.now)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), related_name="+", on_delete=models.PROTECT
    )
    bijlage = models.ForeignKey(
        Bijlage,
        verbose_name=_("gescand formulier"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ondertekening TLV-aanvraag")
        verbose_name_plural = _("ondertekeningen TLV-aanvraag")
        ordering = ["moment", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rol__in=OndertekenaarRol.values), name="tlvondertekening_rol_valid"),
            models.CheckConstraint(
                condition=Q(wijze__in=OndertekeningWijze.values), name="tlvondertekening_wijze_valid"
            ),
            # A paper signature always has the scanned form beside it.
            models.CheckConstraint(
                condition=~Q(wijze="papier") | Q(bijlage__isnull=False), name="tlvondertekening_papier_heeft_scan"
            ),
            models.UniqueConstraint(
                fields=["verwijzing", "versie", "ondertekenaar"], name="tlvondertekening_een_per_versie"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ondertekenaar} ({self.get_rol_display()}, versie {self.versie})"

    @property
    def korte_hash(self) -> str:
        return self.inhoud_hash[:16]
