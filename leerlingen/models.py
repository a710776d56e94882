from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .append_only import AppendOnlyModel, AppendOnlyQuerySet
from .querysets import GroepQuerySet, LeerlingQuerySet


def huidig_schooljaar(op=None) -> str:
    """The Dutch school year runs from 1 August: "2026-2027"."""
    op = op or timezone.localdate()
    start = op.year if op.month >= 8 else op.year - 1
    return f"{start}-{start + 1}"


class Groep(models.Model):
    naam = models.CharField(_("naam"), max_length=40, help_text=_("Bijvoorbeeld “Groep 1/2a”."))
    leerjaar = models.PositiveSmallIntegerField(
        _("leerjaar"), help_text=_("1 tot en met 8; een combinatiegroep telt het laagste leerjaar.")
    )
    schooljaar = models.CharField(_("schooljaar"), max_length=9, default=huidig_schooljaar)
    leerkrachten = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leerkrachten"),
        related_name="groepen",
        blank=True,
        limit_choices_to={"rol": "leerkracht"},
    )

    objects = GroepQuerySet.as_manager()

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")
        ordering = ["-schooljaar", "leerjaar", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["schooljaar", "naam"], name="leerlingen_groep_naam_per_jaar_unique"),
            models.CheckConstraint(
                condition=Q(leerjaar__gte=1, leerjaar__lte=8), name="leerlingen_groep_leerjaar_1_8"
            ),
            models.CheckConstraint(
                condition=Q(schooljaar__regex=r"^\d{4}-\d{4}$"), name="leerlingen_groep_schooljaar_format"
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class Leerling(models.Model):
    leerlingnummer = models.CharField(
        _("leerlingnummer"),
        max_length=20,
        unique=True,
        help_text=_("Het nummer uit de leerlingadministratie; sleutel bij het importeren."),
    )
    voornaam = models.CharField(_("voornaam"), max_length=60)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=80)
    geboortedatum = models.DateField(_("geboortedatum"))
    groep = models.ForeignKey(
        Groep,
        verbose_name=_("groep"),
        related_name="leerlingen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    ingeschreven_op = models.DateField(_("ingeschreven op"))
    uitgeschreven_op = models.DateField(_("uitgeschreven op"), null=True, blank=True)

    objects = LeerlingQuerySet.as_manager()

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["achternaam", "voornaam", "pk"]
        indexes = [
            # The pupil list sorts and searches by name within a group.
            models.Index(fields=["groep", "achternaam", "voornaam"], name="leerling_groep_naam_idx"),
            models.Index(fields=["achternaam", "voornaam"], name="leerling_naam_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(uitgeschreven_op__isnull=True) | Q(uitgeschreven_op__gte=models.F("ingeschreven_op")),
                name="leerlingen_leerling_uitschrijving_na_inschrijving",
            ),
        ]

    def __str__(self) -> str:
        return self.volledige_naam

    def get_absolute_url(self) -> str:
        return reverse("leerlingen:detail", args=[self.pk])

    @property
    def volledige_naam(self) -> str:
        return " ".join(part for part in (self.voornaam, self.tussenvoegsel, self.achternaam) if part)

    @property
    def sorteernaam(self) -> str:
        tussen = f" {self.tussenvoegsel}" if self.tussenvoegsel else ""
        return f"{self.achternaam}, {self.voornaam}{tussen}"

    def leeftijd(self, op=None) -> int:
        op = op or timezone.localdate()
        jaren = op.year - self.geboortedatum.year
        if (op.month, op.day) < (self.geboortedatum.month, self.geboortedatum.day):
            jaren -= 1
        return jaren


class Relatie(models.TextChoices):
    MOEDER = "moeder", _("Moeder")
    VADER = "vader", _("Vader")
    VERZORGER = "verzorger", _("Verzorger")
    VOOGD = "voogd", _("Voogd")
    ANDERS = "anders", _("Anders")


class Ouder(models.Model):
    """A guardian's link to a pupil; only links with gezag give access to the portal."""

    Relatie = Relatie

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        related_name="ouderschappen",
        on_delete=models.CASCADE,
        limit_choices_to={"rol": "ouder"},
    )
    leerling = models.ForeignKey(Leerling, verbose_name=_("leerling"), related_name="ouders", on_delete=models.CASCADE)
    relatie = models.CharField(_("relatie"), max_length=20, choices=Relatie.choices)
    gezag = models.BooleanField(_("gezag"), default=True, help_text=_("Heeft ouderlijk gezag of voogdij."))

    class Meta:
        verbose_name = _("ouder/verzorger")
        verbose_name_plural = _("ouders/verzorgers")
        constraints = [
            models.UniqueConstraint(fields=["user", "leerling"], name="leerlingen_ouder_user_leerling_unique"),
            models.CheckConstraint(condition=Q(relatie__in=Relatie.values), name="leerlingen_ouder_relatie_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_relatie_display()} van {self.leerling})"


class InzageOnderwerp(models.TextChoices):
    LEERLING = "leerling", _("Leerlingpagina")
    ONDERSTEUNINGSVRAAG = "ondersteuningsvraag", _("Ondersteuningsvraag")
    PLAN = "plan", _("Plan")
    DOCUMENT = "document", _("Document")
    AVG_EXPORT = "avg_export", _("Export van het hele dossier (AVG)")
    AFDRUK = "afdruk", _("Afdruk of PDF van de ondersteuningsvraag")


class Inzage(AppendOnlyModel):
    """One time a staff member opened part of a pupil's file (access log; parents see it for their child).

    Written by `leerlingen.inzage.registreer_inzage`; append-only, removed only with the whole file.
    """

    Onderwerp = InzageOnderwerp
    verwijderbaar_bij_bewaartermijn = True

    leerling = models.ForeignKey(
        Leerling, verbose_name=_("leerling"), related_name="inzagen", on_delete=models.PROTECT
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bekeken door"), related_name="inzagen", on_delete=models.PROTECT
    )
    # Name, role and organisation as they were at the time: the log must not change when an account does.
    naam = models.CharField(_("naam"), max_length=150)
    rol = models.CharField(_("rol"), max_length=20)
    organisatie = models.CharField(_("organisatie"), max_length=120, blank=True)
    onderwerp = models.CharField(_("wat"), max_length=20, choices=InzageOnderwerp.choices)
    object_id = models.PositiveBigIntegerField(_("nummer"))
    moment = models.DateTimeField(_("moment"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("inzagen")
        ordering = ["-moment", "-pk"]
        indexes = [
            # The parents' list "Wie heeft het dossier bekeken", newest first.
            models.Index(fields=["leerling", "-moment"], name="inzage_leerling_moment_idx"),
            # The directeur's access log, newest first, filtered by date.
            models.Index(fields=["-moment"], name="inzage_moment_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(onderwerp__in=InzageOnderwerp.values), name="inzage_onderwerp_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.naam}: {self.get_onderwerp_display()} ({self.moment:%d-%m-%Y %H:%M})"

    def get_rol_display(self) -> str:
        from klimop.accounts.models import Rol

        return Rol(self.rol).label if self.rol in Rol.values else self.rol


class Verwijdering(AppendOnlyModel):
    """What the retention job removed: a keyed hash of the pupil number and counts, no personal data."""

    leerling_kenmerk = models.CharField(
        _("kenmerk leerling"), max_length=64, help_text=_("HMAC-SHA256 van het leerlingnummer.")
    )
    termijn_jaren = models.PositiveSmallIntegerField(_("bewaartermijn (jaren)"))
    aantallen = models.JSONField(_("verwijderde rijen per soort"), default=dict)
    verwijderd_op = models.DateTimeField(_("verwijderd op"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("verwijdering (bewaartermijn)")
        verbose_name_plural = _("verwijderingen (bewaartermijn)")
        ordering = ["-verwijderd_op"]

    def __str__(self) -> str:
        return f"{self.leerling_kenmerk[:12]}… ({self.verwijderd_op:%d-%m-%Y})"
