"""Reading a CSV export of the leerlingadministratie into an import plan (what would change); see README.md.

Nothing here writes to the database: `services.importeer_leerlingen` applies a plan.
"""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klimop.accounts.models import User

from .models import Groep, Leerling, Ouder, Relatie, huidig_schooljaar

MAX_BESTANDSGROOTTE = 2 * 1024 * 1024
DATUMFORMATEN = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
VERPLICHTE_KOLOMMEN = ("leerlingnummer", "voornaam", "achternaam", "geboortedatum", "groep", "ingeschreven_op")
OUDERVELDEN = ("voornaam", "achternaam", "email", "relatie", "gezag")
MAX_OUDERS = 2
KOLOMMEN = (
    *VERPLICHTE_KOLOMMEN,
    "tussenvoegsel",
    "leerjaar",
    "uitgeschreven_op",
    *(f"ouder{n}_{veld}" for n in range(1, MAX_OUDERS + 1) for veld in OUDERVELDEN),
)


class BestandFout(Exception):
    """The file as a whole cannot be read (encoding, header, empty); no row-level detail to give."""


@dataclass(frozen=True)
class Fout:
    regel: int
    melding: str
    kolom: str = ""

    def __str__(self) -> str:
        if self.kolom:
            return _("Regel %(regel)s, kolom %(kolom)s: %(melding)s") % {
                "regel": self.regel,
                "kolom": self.kolom,
                "melding": self.melding,
            }
        return _("Regel %(regel)s: %(melding)s") % {"regel": self.regel, "melding": self.melding}


@dataclass(frozen=True)
class OuderRij:
    voornaam: str
    achternaam: str
    email: str
    relatie: str
    gezag: bool
    kolom: str  # "ouder1" or "ouder2", to name the column in errors


@dataclass
class LeerlingRij:
    regel: int
    leerlingnummer: str
    voornaam: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: datetime.date
    groep: str
    leerjaar: int
    ingeschreven_op: datetime.date
    uitgeschreven_op: datetime.date | None
    ouders: list[OuderRij] = field(default_factory=list)

    @property
    def volledige_naam(self) -> str:
        return " ".join(part for part in (self.voornaam, self.tussenvoegsel, self.achternaam) if part)


@dataclass(frozen=True)
class Wijziging:
    veld: str
    oud: str
    nieuw: str


@dataclass
class LeerlingWijziging:
    rij: LeerlingRij
    leerling: Leerling
    wijzigingen: list[Wijziging]


@dataclass(frozen=True)
class Koppeling:
    email: str
    rij: LeerlingRij
    relatie: str
    gezag: bool
    oud_relatie: str = ""
    oud_gezag: bool | None = None

    @property
    def relatie_label(self) -> str:
        return Relatie(self.relatie).label

    @property
    def oud_relatie_label(self) -> str:
        return Relatie(self.oud_relatie).label if self.oud_relatie else ""


@dataclass
class ImportPlan:
    """What importing a file would change, or the reasons it cannot be imported (`fouten`)."""

    vandaag: datetime.date
    schooljaar: str
    tekst: str = ""
    rijen: list[LeerlingRij] = field(default_factory=list)
    fouten: list[Fout] = field(default_factory=list)
    genegeerde_kolommen: list[str] = field(default_factory=list)
    nieuwe_groepen: dict[str, int] = field(default_factory=dict)
    gewijzigde_groepen: list[tuple[Groep, int]] = field(default_factory=list)
    nieuwe_leerlingen: list[LeerlingRij] = field(default_factory=list)
    gewijzigde_leerlingen: list[LeerlingWijziging] = field(default_factory=list)
    ongewijzigde_leerlingen: list[LeerlingRij] = field(default_factory=list)
    uitgeschreven: list[Leerling] = field(default_factory=list)
    nieuwe_accounts: dict[str, OuderRij] = field(default_factory=dict)
    nieuwe_koppelingen: list[Koppeling] = field(default_factory=list)
    gewijzigde_koppelingen: list[Koppeling] = field(default_factory=list)

    @property
    def is_geldig(self) -> bool:
        return not self.fouten

    @property
    def aantal_wijzigingen(self) -> int:
        return (
            len(self.nieuwe_groepen)
            + len(self.gewijzigde_groepen)
            + len(self.nieuwe_leerlingen)
            + len(self.gewijzigde_leerlingen)
            + len(self.uitgeschreven)
            + len(self.nieuwe_accounts)
            + len(self.nieuwe_koppelingen)
            + len(self.gewijzigde_koppelingen)
        )

    @property
    def heeft_wijzigingen(self) -> bool:
        return self.aantal_wijzigingen > 0

    def vingerafdruk(self) -> str:
        """Identifies this file *and* these changes, so a confirmation applies exactly what was previewed."""
        onderdelen = [
            self.vandaag.isoformat(),
            self.tekst,
            *(f"groep+{naam}:{leerjaar}" for naam, leerjaar in self.nieuwe_groepen.items()),
            *(f"groep~{groep.pk}:{leerjaar}" for groep, leerjaar in self.gewijzigde_groepen),
            *(f"leerling+{rij.leerlingnummer}" for rij in self.nieuwe_leerlingen),
            *(
                f"leerling~{w.leerling.pk}:" + "|".join(f"{x.veld}={x.oud}>{x.nieuw}" for x in w.wijzigingen)
                for w in self.gewijzigde_leerlingen
            ),
            *(f"leerling-{leerling.pk}" for leerling in self.uitgeschreven),
            *(f"account+{email}" for email in self.nieuwe_accounts),
            *(f"ouder+{k.email}:{k.rij.leerlingnummer}:{k.relatie}:{k.gezag}" for k in self.nieuwe_koppelingen),
            *(f"ouder~{k.email}:{k.rij.leerlingnummer}:{k.relatie}:{k.gezag}" for k in self.gewijzigde_koppelingen),
        ]
        return hashlib.sha256("\n".join(onderdelen).encode()).hexdigest()


# --- reading the file -------------------------------------------------------------------------


def lees_tekst(inhoud: bytes) -> str:
    """Decode an uploaded export: UTF-8, with or without the BOM that Excel writes."""
    if b"\x00" in inhoud:
        raise BestandFout(
            _("Dit is geen CSV-bestand. Exporteer de leerlingen als CSV (puntkomma- of kommagescheiden).")
        )
    try:
        return inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BestandFout(
            _(
                "Het bestand is niet in UTF-8 opgeslagen, waardoor namen met accenten verkeerd zouden overkomen. "
                "Kies in Excel bij ‘Opslaan als’ het type ‘CSV UTF-8 (door komma's gescheiden)’."
            )
        ) from None


def _scheidingsteken(eerste_regel: str) -> str:
    # Dutch Excel writes ';', most other tools ','; the header line has one of them between every column.
    return ";" if eerste_regel.count(";") >= eerste_regel.count(",") else ","


def _kolomnaam(kop: str) -> str:
    return re.sub(r"[\s-]+", "_", kop.strip().lower())


_JA_NEE = [("ja", gettext_lazy("ja")), ("nee", gettext_lazy("nee"))]


class LeerlingRijForm(forms.Form):
    """One CSV row; field names are the column names, so errors name the column."""

    leerlingnummer = forms.CharField(max_length=20)
    voornaam = forms.CharField(max_length=60)
    tussenvoegsel = forms.CharField(max_length=20, required=False)
    achternaam = forms.CharField(max_length=80)
    geboortedatum = forms.DateField(input_formats=DATUMFORMATEN)
    groep = forms.CharField(max_length=40)
    leerjaar = forms.IntegerField(min_value=1, max_value=8, required=False)
    ingeschreven_op = forms.DateField(input_formats=DATUMFORMATEN)
    uitgeschreven_op = forms.DateField(input_formats=DATUMFORMATEN, required=False)

    def __init__(self, *args, vandaag: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        for n in range(1, MAX_OUDERS + 1):
            self.fields[f"ouder{n}_voornaam"] = forms.CharField(max_length=150, required=False)
            self.fields[f"ouder{n}_achternaam"] = forms.CharField(max_length=150, required=False)
            self.fields[f"ouder{n}_email"] = forms.EmailField(max_length=254, required=False)
            self.fields[f"ouder{n}_relatie"] = forms.ChoiceField(choices=Relatie.choices, required=False)
            self.fields[f"ouder{n}_gezag"] = forms.ChoiceField(choices=_JA_NEE, required=False)
        for naam, veld in self.fields.items():
            veld.error_messages["required"] = _("dit veld is verplicht maar leeg.")
            veld.error_messages["max_length"] = _("te lang: maximaal %(limit_value)d tekens.")
            if isinstance(veld, forms.DateField):
                veld.error_messages["invalid"] = _("‘%(waarde)s’ is geen geldige datum; gebruik dd-mm-jjjj.") % {
                    "waarde": self.data.get(naam, "")
                }
        for n in range(1, MAX_OUDERS + 1):
            self.fields[f"ouder{n}_email"].error_messages["invalid"] = _("‘%(value)s’ is geen geldig e-mailadres.")
            self.fields[f"ouder{n}_relatie"].error_messages["invalid_choice"] = _(
                "onbekende relatie ‘%(value)s’; kies moeder, vader, verzorger, voogd of anders."
            )
            self.fields[f"ouder{n}_gezag"].error_messages["invalid_choice"] = _(
                "‘%(value)s’ is geen ja of nee; vul ja of nee in."
            )
        self.fields["leerjaar"].error_messages.update(
            {
                "invalid": _("vul een leerjaar van 1 tot en met 8 in."),
                "min_value": _("vul een leerjaar van 1 tot en met 8 in."),
                "max_value": _("vul een leerjaar van 1 tot en met 8 in."),
            }
        )

    def clean(self):
        data = super().clean()
        geboren, ingeschreven, uitgeschreven = (
            data.get("geboortedatum"),
            data.get("ingeschreven_op"),
            data.get("uitgeschreven_op"),
        )
        if geboren and geboren > self.vandaag:
            self.add_error("geboortedatum", _("de geboortedatum ligt in de toekomst."))
        if geboren and ingeschreven and ingeschreven < geboren:
            self.add_error("ingeschreven_op", _("de inschrijfdatum ligt vóór de geboortedatum."))
        if ingeschreven and uitgeschreven and uitgeschreven < ingeschreven:
            self.add_error("uitgeschreven_op", _("de uitschrijfdatum ligt vóór de inschrijfdatum."))
        if data.get("groep") and not data.get("leerjaar") and "leerjaar" not in self.errors:
            cijfer = re.search(r"[1-8]", data["groep"])
            if cijfer:
                data["leerjaar"] = int(cijfer.group())
            else:
                self.add_error("leerjaar", _("vul het leerjaar in; het staat niet in de groepsnaam."))
        emails = []
        for n in range(1, MAX_OUDERS + 1):
            velden = [f"ouder{n}_{veld}" for veld in OUDERVELDEN]
            if not any(self.data.get(veld, "").strip() for veld in velden):
                continue
            for verplicht in ("achternaam", "email", "relatie", "gezag"):
                kolom = f"ouder{n}_{verplicht}"
                if not self.data.get(kolom, "").strip() and kolom not in self.errors:
                    self.add_error(kolom, _("verplicht als er gegevens van ouder %(n)s zijn ingevuld.") % {"n": n})
            if data.get(f"ouder{n}_email"):
                email = data[f"ouder{n}_email"].lower()
                if email in emails:
                    self.add_error(f"ouder{n}_email", _("hetzelfde e-mailadres als ouder 1."))
                emails.append(email)
        return data

    def rij(self, regel: int) -> LeerlingRij:
        data = self.cleaned_data
        ouders = [
            OuderRij(
                voornaam=data[f"ouder{n}_voornaam"],
                achternaam=data[f"ouder{n}_achternaam"],
                email=data[f"ouder{n}_email"].lower(),
                relatie=data[f"ouder{n}_relatie"],
                gezag=data[f"ouder{n}_gezag"] == "ja",
                kolom=f"ouder{n}",
            )
            for n in range(1, MAX_OUDERS + 1)
            if data[f"ouder{n}_email"]
        ]
        return LeerlingRij(
            regel=regel,
            leerlingnummer=data["leerlingnummer"],
            voornaam=data["voornaam"],
            tussenvoegsel=data["tussenvoegsel"],
            achternaam=data["achternaam"],
            geboortedatum=data["geboortedatum"],
            groep=data["groep"],
            leerjaar=data["leerjaar"],
            ingeschreven_op=data["ingeschreven_op"],
            uitgeschreven_op=data["uitgeschreven_op"],
            ouders=ouders,
        )


def lees_csv(tekst: str, *, vandaag: datetime.date) -> tuple[list[LeerlingRij], list[Fout], list[str]]:
    """Parse and validate every row: (valid rows, errors with line numbers, ignored columns)."""
    eerste_regel = tekst.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=_scheidingsteken(eerste_regel))
    try:
        kop = next(reader)
    except StopIteration:
        raise BestandFout(_("Het bestand is leeg.")) from None
    kolommen = [_kolomnaam(k) for k in kop]
    dubbel = sorted({k for k in kolommen if k and kolommen.count(k) > 1})
    if dubbel:
        raise BestandFout(
            _("De kopregel noemt deze kolommen twee keer: %(kolommen)s.") % {"kolommen": ", ".join(dubbel)}
        )
    ontbrekend = [k for k in VERPLICHTE_KOLOMMEN if k not in kolommen]
    if ontbrekend:
        raise BestandFout(
            _("De eerste regel moet de kolomnamen bevatten; deze kolommen ontbreken: %(kolommen)s.")
            % {"kolommen": ", ".join(ontbrekend)}
        )
    genegeerd = [k for k in kolommen if k and k not in KOLOMMEN]

    rijen: list[LeerlingRij] = []
    fouten: list[Fout] = []
    eerder: dict[str, int] = {}
    leerjaren: dict[str, tuple[int, int]] = {}
    vorige_regel = reader.line_num
    for waarden in reader:
        regel, vorige_regel = vorige_regel + 1, reader.line_num
        if not any(w.strip() for w in waarden):
            continue
        if len(waarden) > len(kolommen):
            fouten.append(
                Fout(
                    regel,
                    _(
                        "deze regel heeft %(aantal)s velden, de kopregel %(kop)s; staat er een scheidingsteken "
                        "in een naam?"
                    )
                    % {"aantal": len(waarden), "kop": len(kolommen)},
                )
            )
            continue
        data = {k: w.strip() for k, w in zip(kolommen, waarden, strict=False) if k in KOLOMMEN}
        for veld in ("ouder1_relatie", "ouder2_relatie", "ouder1_gezag", "ouder2_gezag"):
            if veld in data:
                data[veld] = data[veld].lower()
        form = LeerlingRijForm(data, vandaag=vandaag)
        if not form.is_valid():
            for kolom, meldingen in form.errors.items():
                fouten.extend(Fout(regel, melding, "" if kolom == "__all__" else kolom) for melding in meldingen)
            continue
        rij = form.rij(regel)
        if rij.leerlingnummer in eerder:
            fouten.append(
                Fout(
                    regel,
                    _("leerlingnummer %(nummer)s staat ook op regel %(eerder)s.")
                    % {"nummer": rij.leerlingnummer, "eerder": eerder[rij.leerlingnummer]},
                    "leerlingnummer",
                )
            )
            continue
        eerder[rij.leerlingnummer] = regel
        groep_sleutel = rij.groep.casefold()
        if groep_sleutel in leerjaren and leerjaren[groep_sleutel][0] != rij.leerjaar:
            bekend, bekende_regel = leerjaren[groep_sleutel]
            fouten.append(
                Fout(
                    regel,
                    _("%(groep)s heeft hier leerjaar %(leerjaar)s, maar op regel %(regel)s leerjaar %(bekend)s.")
                    % {"groep": rij.groep, "leerjaar": rij.leerjaar, "regel": bekende_regel, "bekend": bekend},
                    "leerjaar",
                )
            )
            continue
        leerjaren.setdefault(groep_sleutel, (rij.leerjaar, regel))
        rijen.append(rij)
    if not rijen and not fouten:
        raise BestandFout(_("Het bestand bevat alleen een kopregel en geen leerlingen."))
    return rijen, fouten, genegeerd


# --- comparing with the database --------------------------------------------------------------


def _datum(waarde: datetime.date | None) -> str:
    return waarde.strftime("%d-%m-%Y") if waarde else "—"


def _groep_label(leerling: Leerling, schooljaar: str) -> str:
    if leerling.groep is None:
        return ""
    if leerling.groep.schooljaar != schooljaar:
        # Last year's "Groep 5" is not this year's group of the same name.
        return f"{leerling.groep.naam} ({leerling.groep.schooljaar})"
    return leerling.groep.naam


def _vergelijk(leerling: Leerling, rij: LeerlingRij, groep_naam: str) -> list[Wijziging]:
    wijzigingen = []
    for veld in ("voornaam", "tussenvoegsel", "achternaam"):
        if getattr(leerling, veld) != getattr(rij, veld):
            wijzigingen.append(
                Wijziging(
                    str(Leerling._meta.get_field(veld).verbose_name),
                    getattr(leerling, veld) or "—",
                    getattr(rij, veld) or "—",
                )
            )
    for veld in ("geboortedatum", "ingeschreven_op", "uitgeschreven_op"):
        if getattr(leerling, veld) != getattr(rij, veld):
            wijzigingen.append(
                Wijziging(
                    str(Leerling._meta.get_field(veld).verbose_name),
                    _datum(getattr(leerling, veld)),
                    _datum(getattr(rij, veld)),
                )
            )
    if groep_naam.casefold() != rij.groep.casefold():
        wijzigingen.append(Wijziging(_("groep"), groep_naam or "—", rij.groep))
    return wijzigingen


def maak_plan(inhoud: bytes | str, *, vandaag: datetime.date | None = None) -> ImportPlan:
    """Read a file and compare it with the database; raises BestandFout when the file is unreadable."""
    vandaag = vandaag or timezone.localdate()
    tekst = lees_tekst(inhoud) if isinstance(inhoud, bytes) else inhoud.removeprefix("\ufeff")
    rijen, fouten, genegeerd = lees_csv(tekst, vandaag=vandaag)
    plan = ImportPlan(
        vandaag=vandaag,
        schooljaar=huidig_schooljaar(vandaag),
        rijen=rijen,
        fouten=fouten,
        genegeerde_kolommen=genegeerd,
    )

    groepen = {g.naam.casefold(): g for g in Groep.objects.van_schooljaar(plan.schooljaar)}
    for rij in rijen:
        groep = groepen.get(rij.groep.casefold())
        if groep is None:
            if all(naam.casefold() != rij.groep.casefold() for naam in plan.nieuwe_groepen):
                plan.nieuwe_groepen[rij.groep] = rij.leerjaar
        elif groep.leerjaar != rij.leerjaar and all(g is not groep for g, _ in plan.gewijzigde_groepen):
            plan.gewijzigde_groepen.append((groep, rij.leerjaar))

    nummers = [rij.leerlingnummer for rij in rijen]
    bestaand = {
        leerling.leerlingnummer: leerling
        for leerling in Leerling.objects.filter(
            Q(leerlingnummer__in=nummers) | Q(uitgeschreven_op__isnull=True)
        ).select_related("groep")
    }
    for rij in rijen:
        leerling = bestaand.get(rij.leerlingnummer)
        if leerling is None:
            plan.nieuwe_leerlingen.append(rij)
            continue
        wijzigingen = _vergelijk(leerling, rij, _groep_label(leerling, plan.schooljaar))
        if wijzigingen:
            plan.gewijzigde_leerlingen.append(LeerlingWijziging(rij, leerling, wijzigingen))
        else:
            plan.ongewijzigde_leerlingen.append(rij)
    in_bestand = set(nummers)
    plan.uitgeschreven = sorted(
        (
            leerling
            for nummer, leerling in bestaand.items()
            if nummer not in in_bestand and leerling.uitgeschreven_op is None and leerling.ingeschreven_op <= vandaag
        ),
        key=lambda leerling: (leerling.achternaam, leerling.voornaam, leerling.pk),
    )

    emails = {ouder.email for rij in rijen for ouder in rij.ouders}
    gebruikers = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    koppelingen = {
        (ouder.leerling.leerlingnummer, ouder.user.email.lower()): ouder
        for ouder in Ouder.objects.filter(leerling__leerlingnummer__in=nummers).select_related("leerling", "user")
    }
    for rij in rijen:
        for ouder in rij.ouders:
            user = gebruikers.get(ouder.email)
            if user is not None and user.rol != User.Rol.OUDER:
                plan.fouten.append(
                    Fout(
                        rij.regel,
                        _(
                            "%(email)s hoort bij een account van een medewerker of externe deelnemer; "
                            "een ouder kan niet met dat adres worden gekoppeld."
                        )
                        % {"email": ouder.email},
                        f"{ouder.kolom}_email",
                    )
                )
                continue
            if user is None:
                plan.nieuwe_accounts.setdefault(ouder.email, ouder)
            koppeling = koppelingen.get((rij.leerlingnummer, ouder.email))
            if koppeling is None:
                plan.nieuwe_koppelingen.append(Koppeling(ouder.email, rij, ouder.relatie, ouder.gezag))
            elif (koppeling.relatie, koppeling.gezag) != (ouder.relatie, ouder.gezag):
                plan.gewijzigde_koppelingen.append(
                    Koppeling(ouder.email, rij, ouder.relatie, ouder.gezag, koppeling.relatie, koppeling.gezag)
                )
    plan.fouten.sort(key=lambda fout: fout.regel)
    if plan.fouten:
        # A row that failed validation must not make its pupil look as if they left.
        plan.uitgeschreven = []
    return plan
