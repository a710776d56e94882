"""Reading an EDEXML export (Edustandaard, version 2.1 of February 2017; 2.0 and 1.0.3 share these elements).

`ontsmet` parses the upload safely and keeps only the elements the portal imports, so a BSN or any other
ignored value never reaches the session or the database; `lees_edexml` turns that reduced document into rows.
"""

import datetime
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import ElementTree as VeiligeXml
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .plan import BestandFout, Fout, Leerkracht, LeerlingRij, Overgeslagen, leerlingnummer_fout, toonbaar

# What the portal reads; every other element or attribute is dropped by `ontsmet`.
LEERLING_ELEMENTEN = (
    "achternaam",
    "voorvoegsel",
    "voornamen",
    "roepnaam",
    "geboortedatum",
    "jaargroep",
    "groep",
    "instroomdatum",
    "uitstroomdatum",
)
LEERKRACHT_ELEMENTEN = ("achternaam", "voorvoegsel", "voornamen", "roepnaam", "emailadres", "groepen")
GENEGEERD_LABELS = {
    "bsn": _lazy("BSN"),
    "sofinummer": _lazy("sofinummer"),
    "onderwijsnummer": _lazy("onderwijsnummer"),
    "bsn_ondwnr-4": _lazy("laatste vier cijfers van BSN of onderwijsnummer (bsn_ondwnr-4)"),
    "rijksregisternummer": _lazy("rijksregisternummer"),
    "land": _lazy("land van herkomst"),
    "land_vader": _lazy("land van herkomst van de vader"),
    "land_moeder": _lazy("land van herkomst van de moeder"),
    "gewicht_nieuw": _lazy("leerlinggewicht"),
    "gewicht": _lazy("leerlinggewicht"),
    "etniciteit": _lazy("etniciteit"),
    "postcodenl": _lazy("postcode"),
    "postnummerbe": _lazy("postcode"),
    "postcodeoverig": _lazy("postcode"),
    "geslacht": _lazy("geslacht"),
    "toevoegingen": _lazy("toevoegingen (extra gegevens van het administratiesysteem)"),
    "eckid": _lazy("ECK-iD"),
    "voorletters-1": _lazy("voorletters"),
    "start_ondw_jgr3": _lazy("startdatum groep 3"),
    "leerling/emailadres": _lazy("e-mailadres van de leerling"),
    "gebruikersnaam": _lazy("gebruikersnaam"),
    "fotourl": _lazy("foto"),
    "vestigingen": _lazy("vestigingen"),
    "vestiging": _lazy("vestigingen"),
    "samengestelde_groepen": _lazy("indeling in samengestelde groepen"),
    "rol": _lazy("rol van de leerkracht"),
    "rolomschrijving": _lazy("rol van de leerkracht"),
    "omschrijving": _lazy("omschrijving van een groep"),
    "mutatiedatum": _lazy("mutatiedatum"),
    "school": _lazy("schoolgegevens (BRIN-code, auteur, commentaar)"),
}
_VERSIE = re.compile(r"1\.0(\.?[0-9])?|2\.[01](\.0)?")
_DATUM = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?")
_SOORT = re.compile(r"[a-z0-9_/-]{1,60}")
GROEPSNAAM_LENGTE = 40


def _tekst(element: Element | None) -> str:
    """The element's text with runs of white space (line breaks included) made one space."""
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def _kopie(bron: Element, doel: Element, tag: str) -> None:
    waarde = _tekst(bron.find(tag))
    if waarde:
        SubElement(doel, tag).text = waarde


def ontsmet(inhoud: bytes | str) -> str:
    """Parse an EDEXML upload without expanding entities or reading a DTD, and keep only what is imported."""
    try:
        # forbid_dtd refuses any DOCTYPE: entity expansion ("billion laughs") and external entities need one.
        wortel = VeiligeXml.fromstring(inhoud, forbid_dtd=True)
    except DefusedXmlException:
        raise BestandFout(
            _(
                "Het XML-bestand bevat een DTD of entiteiten. Een EDEXML-export heeft die niet; om veiligheidsredenen "
                "wordt dit bestand niet gelezen."
            )
        ) from None
    except ParseError as fout:
        regel = fout.position[0] if getattr(fout, "position", None) else "?"
        raise BestandFout(
            _("Dit is geen leesbaar XML-bestand (fout op regel %(regel)s). Exporteer opnieuw als EDEXML.")
            % {"regel": regel}
        ) from None
    except (ValueError, LookupError, UnicodeError):
        raise BestandFout(_("Dit XML-bestand heeft een onbekende of verkeerde tekenset. Exporteer opnieuw.")) from None
    if wortel.tag != "EDEX":
        raise BestandFout(
            _(
                "Dit XML-bestand is geen EDEXML-export: het begint met ‘%(tag)s’ in plaats van ‘EDEX’. "
                "Kies in de leerlingadministratie de export ‘EDEXML’ (versie 2.1)."
            )
            % {"tag": toonbaar(wortel.tag, 60)}
        )
    versie = _tekst(wortel.find("school/xsdversie"))
    if versie and not _VERSIE.fullmatch(versie):
        raise BestandFout(
            _(
                "Dit is een EDEXML-bestand van versie %(versie)s. Het portaal leest EDEXML 2.1, 2.0 en 1.0.3; "
                "exporteer opnieuw als EDEXML 2.1."
            )
            % {"versie": toonbaar(versie)}
        )
    if wortel.find("leerlingen/leerling") is None:
        raise BestandFout(_("Het EDEXML-bestand bevat geen leerlingen."))

    genegeerd: set[str] = set()
    schoon = Element("EDEX")
    school = SubElement(schoon, "school")
    bron = wortel.find("school")
    for tag in ("schooljaar", "xsdversie"):
        _kopie(bron if bron is not None else Element("school"), school, tag)
    for kind in wortel:
        if kind.tag == "school":
            if any(sub.tag not in ("schooljaar", "xsdversie") for sub in kind):
                genegeerd.add("school")
        elif kind.tag == "groepen":
            groepen = SubElement(schoon, "groepen")
            for groep in kind:
                if groep.tag not in ("groep", "samengestelde_groep"):
                    genegeerd.add(groep.tag)
                    continue
                nieuw = SubElement(groepen, groep.tag, key=groep.get("key", ""))
                for tag in ("naam", "jaargroep") if groep.tag == "groep" else ("naam",):
                    _kopie(groep, nieuw, tag)
                genegeerd.update(sub.tag for sub in groep if sub.tag not in ("naam", "jaargroep"))
        elif kind.tag == "leerlingen":
            leerlingen = SubElement(schoon, "leerlingen")
            for leerling in kind.iter("leerling"):
                nieuw = SubElement(leerlingen, "leerling", key=leerling.get("key", ""))
                genegeerd.update(naam for naam in leerling.attrib if naam != "key")
                for sub in leerling:
                    if sub.tag == "groep":
                        SubElement(nieuw, "groep", key=sub.get("key", ""))
                    elif sub.tag == "voornamen":
                        # Only the first name is used; the others are not kept.
                        SubElement(nieuw, "voornamen").text = (_tekst(sub).split() or [""])[0]
                    elif sub.tag in LEERLING_ELEMENTEN:
                        _kopie(leerling, nieuw, sub.tag)
                    else:
                        genegeerd.add("leerling/emailadres" if sub.tag == "emailadres" else sub.tag)
        elif kind.tag == "leerkrachten":
            leerkrachten = SubElement(schoon, "leerkrachten")
            for leerkracht in kind.iter("leerkracht"):
                nieuw = SubElement(leerkrachten, "leerkracht", key=leerkracht.get("key", ""))
                genegeerd.update(naam for naam in leerkracht.attrib if naam != "key")
                for sub in leerkracht:
                    if sub.tag == "groepen":
                        groepen = SubElement(nieuw, "groepen")
                        for ref in sub:
                            if ref.tag == "groep":
                                SubElement(groepen, "groep", key=ref.get("key", ""))
                            genegeerd.update(r.tag for r in ref)
                    elif sub.tag in LEERKRACHT_ELEMENTEN:
                        _kopie(leerkracht, nieuw, sub.tag)
                    else:
                        genegeerd.add(sub.tag)
        elif kind.tag == "genegeerd":
            # A document reduced earlier (the preview keeps it in the session) carries its list along.
            genegeerd.update(_tekst(soort) for soort in kind if _SOORT.fullmatch(_tekst(soort)))
        else:
            genegeerd.add(kind.tag)
    lijst = SubElement(schoon, "genegeerd")
    for soort in sorted(genegeerd):
        if _SOORT.fullmatch(soort):
            SubElement(lijst, "soort").text = soort
    return tostring(schoon, encoding="unicode")


def genegeerde_labels(soorten: list[str]) -> list[str]:
    """The kinds of ignored data in plain Dutch, each once, in a stable order."""
    labels: list[str] = []
    for soort in soorten:
        label = str(GENEGEERD_LABELS.get(soort, soort))
        if label not in labels:
            labels.append(label)
    return labels


@dataclass
class EdexBestand:
    versie: str
    schooljaar: str
    rijen: list[LeerlingRij] = field(default_factory=list)
    groepen: dict[str, int] = field(default_factory=dict)  # name -> leerjaar, in file order
    leerkrachten: list[Leerkracht] = field(default_factory=list)
    fouten: list[Fout] = field(default_factory=list)
    genegeerd: list[str] = field(default_factory=list)
    overgeslagen: list[Overgeslagen] = field(default_factory=list)


def _datum(tekst: str) -> datetime.date | None:
    treffer = _DATUM.fullmatch(tekst)
    if not treffer:
        raise ValueError(tekst)
    return datetime.date.fromisoformat(treffer.group(1))


def _vertrokken(uitstroom: str, vandaag: datetime.date) -> bool:
    try:
        datum = _datum(uitstroom) if uitstroom else None
    except ValueError:
        return False
    return datum is not None and datum <= vandaag


def _naam(element: Element) -> tuple[str, str, str]:
    voornaam = _tekst(element.find("roepnaam")) or _tekst(element.find("voornamen")).partition(" ")[0]
    return voornaam, _tekst(element.find("voorvoegsel")), _tekst(element.find("achternaam"))


def _groep_reden(jaargroep: str) -> str:
    if jaargroep in ("0", "B", "D"):
        return _("voorschoolse groep (jaargroep %(j)s); het portaal kent alleen groep 1 tot en met 8.")
    if jaargroep in ("11", "12", "13", "14", "15", "16", "V"):
        return _("groep van het voortgezet onderwijs (jaargroep %(j)s).")
    if jaargroep == "N":
        return _("geen groep van het primair onderwijs (jaargroep N).")
    if jaargroep == "H":
        return _("historische groep (jaargroep H).")
    return ""


_ONBEKENDE_GROEP = _lazy("verwijst naar groep %(g)s, die niet als groep in het bestand staat.")


def lees_edexml(tekst: str, *, vandaag: datetime.date) -> EdexBestand:
    """Validate a reduced EDEXML document (see `ontsmet`): rows, groups, teachers, errors by element and key."""
    wortel = VeiligeXml.fromstring(tekst, forbid_dtd=True)
    bestand = EdexBestand(
        versie=_tekst(wortel.find("school/xsdversie")), schooljaar=_tekst(wortel.find("school/schooljaar"))
    )
    bestand.genegeerd = genegeerde_labels([_tekst(s) for s in wortel.iterfind("genegeerd/soort")])
    volgnummer = iter(range(1, 10**9))

    def fout(element: str, sleutel: str, melding: str, veld: str = "") -> None:
        bestand.fouten.append(Fout(next(volgnummer), melding, veld, element=element, sleutel=sleutel))

    # Groups: key -> (name, jaargroep); composite groups are no groups of the portal.
    groepen: dict[str, tuple[str, str]] = {}
    namen: dict[str, str] = {}
    for groep in wortel.iterfind("groepen/*"):
        sleutel, naam = groep.get("key", ""), _tekst(groep.find("naam"))
        if groep.tag == "samengestelde_groep":
            bestand.overgeslagen.append(
                Overgeslagen(
                    _("samengestelde groep"), sleutel, naam, _("een samengestelde groep is geen groep in het portaal.")
                )
            )
            continue
        element = _("Groep")
        if not sleutel:
            fout(element, naam, _("de groep heeft geen key."))
        elif sleutel in groepen:
            fout(element, sleutel, _("deze key staat twee keer in het bestand."))
        elif not naam:
            fout(element, sleutel, _("de naam ontbreekt."), "naam")
        elif len(naam) > GROEPSNAAM_LENGTE:
            fout(element, sleutel, _("te lang: maximaal %(n)d tekens.") % {"n": GROEPSNAAM_LENGTE}, "naam")
        elif naam.casefold() in namen:
            fout(element, sleutel, _("dezelfde naam als groep %(ander)s.") % {"ander": namen[naam.casefold()]}, "naam")
        else:
            groepen[sleutel] = (naam, _tekst(groep.find("jaargroep")))
            namen[naam.casefold()] = sleutel

    leerlingen = list(wortel.iterfind("leerlingen/leerling"))
    jaargroepen_per_groep: dict[str, list[int]] = {}
    for leerling in leerlingen:
        ref = leerling.find("groep")
        jaargroep = _tekst(leerling.find("jaargroep"))
        if ref is not None and jaargroep in tuple("12345678"):
            jaargroepen_per_groep.setdefault(ref.get("key", ""), []).append(int(jaargroep))

    leerjaren: dict[str, int] = {}  # group key -> leerjaar, only for groups the portal imports
    for sleutel, (naam, jaargroep) in groepen.items():
        if jaargroep in tuple("12345678"):
            leerjaren[sleutel] = int(jaargroep)
        elif jaargroep in ("C", "S"):
            # A combination group (C) records the jaargroep per pupil; the portal counts the lowest.
            cijfer = re.search(r"[1-8]", naam)
            if sleutel in jaargroepen_per_groep:
                leerjaren[sleutel] = min(jaargroepen_per_groep[sleutel])
            elif cijfer:
                leerjaren[sleutel] = int(cijfer.group())
            else:
                bestand.overgeslagen.append(
                    Overgeslagen(
                        _("groep"),
                        sleutel,
                        naam,
                        _("jaargroep %(j)s zonder leerlingen met een jaargroep; het leerjaar is niet te bepalen.")
                        % {"j": jaargroep},
                    )
                )
        elif reden := _groep_reden(jaargroep):
            bestand.overgeslagen.append(Overgeslagen(_("groep"), sleutel, naam, reden % {"j": jaargroep}))
        else:
            fout(
                _("Groep"),
                sleutel,
                _("onbekende jaargroep ‘%(j)s’; EDEXML kent 1 tot en met 8, C, S en enkele andere.")
                % {"j": toonbaar(jaargroep)},
                "jaargroep",
            )
    for sleutel, leerjaar in leerjaren.items():
        bestand.groepen[groepen[sleutel][0]] = leerjaar

    eerder: set[str] = set()
    for leerling in leerlingen:
        sleutel = leerling.get("key", "")
        element = _("Leerling")
        if reden := leerlingnummer_fout(sleutel):
            fout(element, sleutel, reden, "key")
            continue
        if sleutel in eerder:
            fout(element, sleutel, _("deze key staat twee keer in het bestand."), "key")
            continue
        eerder.add(sleutel)
        voornaam, voorvoegsel, achternaam = _naam(leerling)
        volledig = " ".join(deel for deel in (voornaam, voorvoegsel, achternaam) if deel)
        jaargroep = _tekst(leerling.find("jaargroep"))
        ref = leerling.find("groep")
        groep_sleutel = ref.get("key", "") if ref is not None else ""
        # A pupil the portal does not import is not validated either.
        vertrokken = _vertrokken(_tekst(leerling.find("uitstroomdatum")), vandaag)
        if jaargroep == "H" and not vertrokken:
            bestand.overgeslagen.append(
                Overgeslagen(
                    element, sleutel, volledig, _("historische leerling (jaargroep H) zonder uitstroomdatum.")
                )
            )
            continue
        if groep_sleutel in groepen and groep_sleutel not in leerjaren and not vertrokken:
            groepsnaam = groepen.get(groep_sleutel, (groep_sleutel, ""))[0]
            bestand.overgeslagen.append(
                Overgeslagen(
                    element,
                    sleutel,
                    volledig,
                    _("zit in groep %(g)s, die niet wordt geïmporteerd.") % {"g": toonbaar(groepsnaam)},
                )
            )
            continue
        fouten_voor = len(bestand.fouten)
        if not voornaam:
            fout(element, sleutel, _("roepnaam en voornamen ontbreken."), "roepnaam")
        for veld, waarde, lengte in (("roepnaam", voornaam, 60), ("voorvoegsel", voorvoegsel, 20)):
            if len(waarde) > lengte:
                fout(element, sleutel, _("te lang: maximaal %(n)d tekens.") % {"n": lengte}, veld)
        if not achternaam:
            fout(element, sleutel, _("de achternaam ontbreekt."), "achternaam")
        elif len(achternaam) > 80:
            fout(element, sleutel, _("te lang: maximaal %(n)d tekens.") % {"n": 80}, "achternaam")
        datums: dict[str, datetime.date | None] = {}
        for veld in ("geboortedatum", "instroomdatum", "uitstroomdatum"):
            waarde = _tekst(leerling.find(veld))
            try:
                datums[veld] = _datum(waarde) if waarde else None
            except ValueError:
                fout(
                    element,
                    sleutel,
                    _("‘%(w)s’ is geen geldige datum; EDEXML schrijft jjjj-mm-dd.") % {"w": toonbaar(waarde)},
                    veld,
                )
        geboren, instroom, uitstroom = (datums.get(v) for v in ("geboortedatum", "instroomdatum", "uitstroomdatum"))
        if "geboortedatum" in datums and geboren is None:
            fout(element, sleutel, _("de geboortedatum ontbreekt; het portaal heeft die nodig."), "geboortedatum")
        if geboren and geboren > vandaag:
            fout(element, sleutel, _("de geboortedatum ligt in de toekomst."), "geboortedatum")
        if geboren and instroom and instroom < geboren:
            fout(element, sleutel, _("de instroomdatum ligt vóór de geboortedatum."), "instroomdatum")
        if instroom and uitstroom and uitstroom < instroom:
            fout(element, sleutel, _("de uitstroomdatum ligt vóór de instroomdatum."), "uitstroomdatum")
        if groep_sleutel and groep_sleutel not in groepen:
            fout(element, sleutel, _ONBEKENDE_GROEP % {"g": toonbaar(groep_sleutel)}, "groep")
        if len(bestand.fouten) > fouten_voor:
            continue
        vertrokken = uitstroom is not None and uitstroom <= vandaag
        groepsnaam = groepen[groep_sleutel][0] if groep_sleutel in leerjaren else ""
        bestand.rijen.append(
            LeerlingRij(
                regel=next(volgnummer),
                leerlingnummer=sleutel,
                voornaam=voornaam,
                tussenvoegsel=voorvoegsel,
                achternaam=achternaam,
                geboortedatum=geboren,
                groep=groepsnaam,
                leerjaar=leerjaren.get(groep_sleutel, 0),
                ingeschreven_op=instroom,
                uitgeschreven_op=uitstroom if vertrokken else None,
            )
        )

    gezien: set[str] = set()
    for leerkracht in wortel.iterfind("leerkrachten/leerkracht"):
        sleutel = leerkracht.get("key", "")
        element = _("Leerkracht")
        if not sleutel or sleutel in gezien:
            fout(element, sleutel, _("de key ontbreekt of staat twee keer in het bestand."), "key")
            continue
        gezien.add(sleutel)
        voornaam, voorvoegsel, achternaam = _naam(leerkracht)
        email = _tekst(leerkracht.find("emailadres")).lower()
        namen_groepen = []
        for ref in leerkracht.iterfind("groepen/groep"):
            groep_sleutel = ref.get("key", "")
            if groep_sleutel in leerjaren:
                namen_groepen.append(groepen[groep_sleutel][0])
            elif groep_sleutel not in groepen:
                fout(element, sleutel, _ONBEKENDE_GROEP % {"g": toonbaar(groep_sleutel)}, "groepen")
        reden = ""
        if not email:
            reden = _("geen e-mailadres in het bestand.")
        else:
            try:
                validate_email(email)
            except ValidationError:
                reden = _("‘%(email)s’ is geen geldig e-mailadres.") % {"email": toonbaar(email, 60)}
                email = ""
        bestand.leerkrachten.append(
            Leerkracht(
                sleutel=sleutel,
                naam=" ".join(deel for deel in (voornaam, voorvoegsel, achternaam) if deel) or sleutel,
                email=email,
                groepen=namen_groepen,
                reden=reden,
            )
        )
    return bestand
