"""What an import would change (the plan), shared by the CSV and the EDEXML import."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from klimop.accounts.models import User

from ..models import Groep, Leerling, Relatie

MAX_BESTANDSGROOTTE = 2 * 1024 * 1024
LEERLINGNUMMER_LENGTE = 20

# Pupil numbers end up in file names (AVG export), CSV cells and URLs: letters, digits and a few separators only.
_LEERLINGNUMMER = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z._/-]*[0-9A-Za-z])?")


class BestandFout(Exception):
    """The file as a whole cannot be read (encoding, header, empty); no row-level detail to give."""


def leerlingnummer_fout(waarde: str) -> str:
    """The Dutch reason a pupil number (CSV leerlingnummer, EDEXML leerling/@key) is refused, or ""."""
    if not waarde:
        return _("het leerlingnummer ontbreekt.")
    if len(waarde) > LEERLINGNUMMER_LENGTE:
        return _("het leerlingnummer is te lang: maximaal %(limit)d tekens.") % {"limit": LEERLINGNUMMER_LENGTE}
    if not _LEERLINGNUMMER.fullmatch(waarde):
        return _(
            "het leerlingnummer bevat een regeleinde, spatie of ander teken dat niet in een leerlingnummer hoort; "
            "alleen letters, cijfers en - _ . / zijn toegestaan."
        )
    return ""


def toonbaar(waarde: str, lengte: int = 30) -> str:
    """A value from the file, safe to repeat in a message: control characters shown as ?, cut to `lengte`."""
    schoon = "".join(teken if teken.isprintable() else "?" for teken in waarde)
    return schoon if len(schoon) <= lengte else schoon[: lengte - 1] + "…"


@dataclass(frozen=True)
class Fout:
    """One error: by line and column (CSV) or by element and key (EDEXML)."""

    regel: int
    melding: str
    kolom: str = ""
    element: str = ""
    sleutel: str = ""

    def __str__(self) -> str:
        if self.element:
            waar = f"{self.element} {toonbaar(self.sleutel)}".strip()
            if self.kolom:
                return _("%(waar)s, %(veld)s: %(melding)s") % {
                    "waar": waar,
                    "veld": self.kolom,
                    "melding": self.melding,
                }
            return _("%(waar)s: %(melding)s") % {"waar": waar, "melding": self.melding}
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
    groep: str  # "" when the file gives no group (EDEXML allows that)
    leerjaar: int
    ingeschreven_op: datetime.date | None  # None only while an EDEXML row waits for the portal's date
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


@dataclass(frozen=True)
class Overgeslagen:
    """An element of the file that the portal does not import, with the reason (shown in the preview)."""

    element: str
    sleutel: str
    naam: str
    reden: str


@dataclass
class Leerkracht:
    """A `leerkracht` of an EDEXML file; `user` is the staff account it is linked to by e-mail, if any."""

    sleutel: str
    naam: str
    email: str
    groepen: list[str]
    user: User | None = None
    reden: str = ""  # why it is not linked

    @property
    def is_gekoppeld(self) -> bool:
        return self.user is not None


@dataclass(frozen=True)
class GroepLeerkracht:
    groep: str
    user: User


@dataclass
class ImportPlan:
    """What importing a file would change, or the reasons it cannot be imported (`fouten`)."""

    vandaag: datetime.date
    schooljaar: str
    tekst: str = ""
    formaat: str = "csv"  # "csv", "csv_ouders" (guardians only) or "edexml"
    versie: str = ""  # EDEXML version as the file states it
    rijen: list[LeerlingRij] = field(default_factory=list)
    fouten: list[Fout] = field(default_factory=list)
    genegeerde_kolommen: list[str] = field(default_factory=list)
    genegeerde_gegevens: list[str] = field(default_factory=list)
    overgeslagen: list[Overgeslagen] = field(default_factory=list)
    leerkrachten: list[Leerkracht] = field(default_factory=list)
    nieuwe_groepen: dict[str, int] = field(default_factory=dict)
    gewijzigde_groepen: list[tuple[Groep, int]] = field(default_factory=list)
    nieuwe_leerlingen: list[LeerlingRij] = field(default_factory=list)
    gewijzigde_leerlingen: list[LeerlingWijziging] = field(default_factory=list)
    ongewijzigde_leerlingen: list[LeerlingRij] = field(default_factory=list)
    uitgeschreven: list[Leerling] = field(default_factory=list)
    nieuwe_accounts: dict[str, OuderRij] = field(default_factory=dict)
    nieuwe_koppelingen: list[Koppeling] = field(default_factory=list)
    gewijzigde_koppelingen: list[Koppeling] = field(default_factory=list)
    nieuwe_groepsleerkrachten: list[GroepLeerkracht] = field(default_factory=list)

    @property
    def is_geldig(self) -> bool:
        return not self.fouten

    @property
    def is_edexml(self) -> bool:
        return self.formaat == "edexml"

    @property
    def niet_gekoppelde_leerkrachten(self) -> list[Leerkracht]:
        return [leerkracht for leerkracht in self.leerkrachten if not leerkracht.is_gekoppeld]

    @property
    def gekoppelde_leerkrachten(self) -> list[Leerkracht]:
        return [leerkracht for leerkracht in self.leerkrachten if leerkracht.is_gekoppeld]

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
            + len(self.nieuwe_groepsleerkrachten)
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
            *(f"leerkracht+{k.groep}:{k.user.pk}" for k in self.nieuwe_groepsleerkrachten),
        ]
        return hashlib.sha256("\n".join(onderdelen).encode()).hexdigest()
