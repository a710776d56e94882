"""Reading a CSV export of the leerlingadministratie into rows; see README.md."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Relatie
from .plan import BestandFout, Fout, LeerlingRij, OuderRij, leerlingnummer_fout

DATUMFORMATEN = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
VERPLICHTE_KOLOMMEN = ("leerlingnummer", "voornaam", "achternaam", "geboortedatum", "groep", "ingeschreven_op")
LEERLINGKOLOMMEN = VERPLICHTE_KOLOMMEN[1:]
OUDERVELDEN = ("voornaam", "achternaam", "email", "relatie", "gezag")
MAX_OUDERS = 2
OUDERKOLOMMEN = tuple(f"ouder{n}_{veld}" for n in range(1, MAX_OUDERS + 1) for veld in OUDERVELDEN)
KOLOMMEN = (*VERPLICHTE_KOLOMMEN, "tussenvoegsel", "leerjaar", "uitgeschreven_op", *OUDERKOLOMMEN)


def is_xml(inhoud: bytes | str) -> bool:
    """An EDEXML export starts with `<` (after a byte order mark and white space); a CSV export never does."""
    if isinstance(inhoud, str):
        return inhoud.lstrip("\ufeff \t\r\n").startswith("<")
    if inhoud.startswith((b"\xff\xfe", b"\xfe\xff")):
        return inhoud[2:].decode("utf-16", errors="ignore").lstrip().startswith("<")
    return inhoud.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def lees_tekst(inhoud: bytes) -> str:
    """Decode an uploaded export: UTF-8 CSV with or without Excel's BOM, or EDEXML reduced to what is imported."""
    if is_xml(inhoud):
        from .edexml import ontsmet

        return ontsmet(inhoud)
    if b"\x00" in inhoud:
        raise BestandFout(
            _("Dit is geen CSV-bestand. Exporteer de leerlingen als CSV (puntkomma- of kommagescheiden).")
        )
    try:
        return zonder_genegeerde_kolommen(inhoud.decode("utf-8-sig"))
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


def zonder_genegeerde_kolommen(tekst: str) -> str:
    """Blank the values of columns the import ignores (e.g. a BSN), so they never reach the session.

    The header stays (the preview names the ignored columns) and so do the line breaks inside a blanked value,
    so every error keeps the line number of the original file.
    """
    scheiding = _scheidingsteken(tekst.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    kop = next(reader, None)
    genegeerd = {i for i, k in enumerate(_kolomnaam(k) for k in kop or []) if k not in KOLOMMEN}
    if not genegeerd:
        return tekst
    uit = io.StringIO(newline="")
    schrijver = csv.writer(uit, delimiter=scheiding, lineterminator="\r\n")
    schrijver.writerow(kop)
    for waarden in reader:
        schrijver.writerow(["\n" * w.count("\n") if i in genegeerd else w for i, w in enumerate(waarden)])
    return uit.getvalue()


_JA_NEE = [("ja", gettext_lazy("ja")), ("nee", gettext_lazy("nee"))]


class OudersRijForm(forms.Form):
    """One CSV row of guardians: the pupil number and up to two guardians; errors name the column."""

    leerlingnummer = forms.CharField(max_length=20)

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

    def clean_leerlingnummer(self) -> str:
        nummer = self.cleaned_data["leerlingnummer"]
        if fout := leerlingnummer_fout(nummer):
            raise forms.ValidationError(fout, code="ongeldig_leerlingnummer")
        return nummer

    def clean(self):
        data = super().clean()
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

    def ouders(self) -> list[OuderRij]:
        data = self.cleaned_data
        return [
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

    def rij(self, regel: int) -> LeerlingRij:
        # The pupil's own data comes from the portal (see vergelijken); this file only names the pupil.
        return LeerlingRij(
            regel=regel,
            leerlingnummer=self.cleaned_data["leerlingnummer"],
            voornaam="",
            tussenvoegsel="",
            achternaam="",
            geboortedatum=self.vandaag,
            groep="",
            leerjaar=0,
            ingeschreven_op=None,
            uitgeschreven_op=None,
            ouders=self.ouders(),
        )


class LeerlingRijForm(OudersRijForm):
    """One CSV row of the full layout: the pupil and up to two guardians."""

    voornaam = forms.CharField(max_length=60)
    tussenvoegsel = forms.CharField(max_length=20, required=False)
    achternaam = forms.CharField(max_length=80)
    geboortedatum = forms.DateField(input_formats=DATUMFORMATEN)
    groep = forms.CharField(max_length=40)
    leerjaar = forms.IntegerField(min_value=1, max_value=8, required=False)
    ingeschreven_op = forms.DateField(input_formats=DATUMFORMATEN)
    uitgeschreven_op = forms.DateField(input_formats=DATUMFORMATEN, required=False)

    def __init__(self, *args, vandaag: datetime.date, **kwargs):
        super().__init__(*args, vandaag=vandaag, **kwargs)
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
        return data

    def rij(self, regel: int) -> LeerlingRij:
        data = self.cleaned_data
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
            ouders=self.ouders(),
        )


@dataclass
class CsvBestand:
    rijen: list[LeerlingRij] = field(default_factory=list)
    fouten: list[Fout] = field(default_factory=list)
    genegeerd: list[str] = field(default_factory=list)
    alleen_ouders: bool = False  # guardians only, e.g. after an EDEXML import (which carries no guardians)


def lees_csv(tekst: str, *, vandaag: datetime.date) -> CsvBestand:
    """Parse and validate every row: valid rows, errors with line numbers, ignored columns."""
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
    alleen_ouders = (
        "leerlingnummer" in kolommen
        and not any(k in kolommen for k in LEERLINGKOLOMMEN)
        and any(k in kolommen for k in OUDERKOLOMMEN)
    )
    ontbrekend = [k for k in VERPLICHTE_KOLOMMEN if k not in kolommen]
    if ontbrekend and not alleen_ouders:
        raise BestandFout(
            _("De eerste regel moet de kolomnamen bevatten; deze kolommen ontbreken: %(kolommen)s.")
            % {"kolommen": ", ".join(ontbrekend)}
        )
    bekend = ("leerlingnummer", *OUDERKOLOMMEN) if alleen_ouders else KOLOMMEN
    genegeerd = [k for k in kolommen if k and k not in bekend]
    bestand = CsvBestand(genegeerd=genegeerd, alleen_ouders=alleen_ouders)
    formulier = OudersRijForm if alleen_ouders else LeerlingRijForm

    fouten = bestand.fouten
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
        data = {k: w.strip() for k, w in zip(kolommen, waarden, strict=False) if k in bekend}
        for veld in ("ouder1_relatie", "ouder2_relatie", "ouder1_gezag", "ouder2_gezag"):
            if veld in data:
                data[veld] = data[veld].lower()
        form = formulier(data, vandaag=vandaag)
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
        if not alleen_ouders:
            groep_sleutel = rij.groep.casefold()
            if groep_sleutel in leerjaren and leerjaren[groep_sleutel][0] != rij.leerjaar:
                bekend_jaar, bekende_regel = leerjaren[groep_sleutel]
                fouten.append(
                    Fout(
                        regel,
                        _("%(groep)s heeft hier leerjaar %(leerjaar)s, maar op regel %(regel)s leerjaar %(bekend)s.")
                        % {
                            "groep": rij.groep,
                            "leerjaar": rij.leerjaar,
                            "regel": bekende_regel,
                            "bekend": bekend_jaar,
                        },
                        "leerjaar",
                    )
                )
                continue
            leerjaren.setdefault(groep_sleutel, (rij.leerjaar, regel))
        bestand.rijen.append(rij)
    if not bestand.rijen and not fouten:
        raise BestandFout(_("Het bestand bevat alleen een kopregel en geen leerlingen."))
    return bestand
