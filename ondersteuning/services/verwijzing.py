"""The referral: preparing a TLV request as a dossier, signing it, sending it and recording the decision."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from klimop.accounts.models import Rol, User

from ..models import (
    Instemming,
    Ondersteuningsvraag,
    OndertekenaarRol,
    OndertekeningWijze,
    Ouderbetrokkenheid,
    Stap,
    StapSoort,
    Status,
    TlvBesluit,
    TlvOndertekening,
    ToestemmingSoort,
    Verwijzing,
)
from ._basis import SCHOOLLEIDING, Geweigerd, _moet_rol, _overgang, _schooltaal, _stap, _vergrendeld
from .reacties import _moet_ouder_met_gezag, bijlage_toevoegen
from .toestemming import actieve_toestemming

# The fields of the request form; any change to one of them after a signature makes a new version.
AANVRAAGVELDEN = (
    "soort",
    "bestemming",
    "gekozen_einde",
    "deskundige_1",
    "advies_1",
    "deskundige_2",
    "advies_2",
    "zienswijze_ouders",
)


@dataclass(frozen=True)
class Onderdeel:
    """One line of the completeness list: what the samenwerkingsverband asks for and whether it is there."""

    sleutel: str
    label: str
    aanwezig: bool
    detail: str = ""


def ouders_met_gezag(vraag: Ondersteuningsvraag):
    return User.objects.filter(ouderschappen__leerling=vraag.leerling_id, ouderschappen__gezag=True, rol=Rol.OUDER)


def volledigheid(verwijzing: Verwijzing) -> list[Onderdeel]:
    """What the request holds and what it still lacks, in the order of the samenwerkingsverband's form."""
    vraag = verwijzing.vraag
    plan = getattr(vraag, "plan", None)
    opp = plan.gedeelde_versie if plan else None
    ouders = list(ouders_met_gezag(vraag))
    antwoord = opp is not None and Instemming.objects.filter(versie=opp, ouder__in=ouders).exists()
    getekend = verwijzing.geldige_ondertekeningen()
    ouder_getekend = [o for o in getekend if o.rol == OndertekenaarRol.OUDER]
    directeur_getekend = [o for o in getekend if o.rol == OndertekenaarRol.DIRECTEUR]
    return [
        Onderdeel("soort", gettext_lazy("Soort TLV gekozen (A, B of C)"), bool(verwijzing.soort)),
        Onderdeel("bestemming", gettext_lazy("Beoogde school of onderwijssoort"), bool(verwijzing.bestemming)),
        Onderdeel(
            "opp",
            gettext_lazy("Bijgewerkt OPP gedeeld met de ouders, met hun antwoord"),
            antwoord,
            _("Versie %(nummer)s") % {"nummer": opp.nummer} if opp else "",
        ),
        Onderdeel(
            "advies_1",
            gettext_lazy("Eerste deskundigenadvies"),
            bool(verwijzing.deskundige_1 and verwijzing.advies_1),
            verwijzing.deskundige_1,
        ),
        Onderdeel(
            "advies_2",
            gettext_lazy("Tweede deskundigenadvies"),
            bool(verwijzing.deskundige_2 and verwijzing.advies_2),
            verwijzing.deskundige_2,
        ),
        Onderdeel("zienswijze", gettext_lazy("Zienswijze van de ouders"), bool(verwijzing.zienswijze_ouders.strip())),
        Onderdeel(
            "handtekening_ouder",
            gettext_lazy("Ondertekend door een ouder met gezag"),
            bool(ouder_getekend),
            ", ".join(o.ondertekenaar.get_full_name() for o in ouder_getekend),
        ),
        Onderdeel(
            "handtekening_directeur",
            gettext_lazy("Ondertekend door de directeur"),
            bool(directeur_getekend),
            ", ".join(o.ondertekenaar.get_full_name() for o in directeur_getekend),
        ),
    ]


def _aanvraag_in_voorbereiding(vraag: Ondersteuningsvraag) -> Verwijzing:
    verwijzing = Verwijzing.objects.select_for_update().filter(vraag=vraag).first()
    if verwijzing is None:
        raise Geweigerd(_("Er is nog geen TLV-aanvraag voor deze vraag."))
    if verwijzing.is_verstuurd:
        raise Geweigerd(_("De TLV-aanvraag is al verstuurd en kan niet meer veranderen."))
    return verwijzing


def _opslaan_met_versie(verwijzing: Verwijzing, oude_hash: str) -> Verwijzing:
    verwijzing.full_clean(exclude=["vraag"])
    gewijzigd = verwijzing.inhoud_hash() != oude_hash
    if gewijzigd and verwijzing.ondertekeningen.filter(versie=verwijzing.versie).exists():
        verwijzing.versie += 1
    verwijzing.save()
    return verwijzing


@transaction.atomic
def tlv_aanvraag_opslaan(*, vraag: Ondersteuningsvraag, door: User, gegevens: dict) -> Verwijzing:
    """Start or change the TLV request; a change after a signature makes a new version that is signed again."""
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur stelt de TLV-aanvraag op."))
    vraag = _vergrendeld(vraag)
    if vraag.status != Status.TRAJECTBEGELEIDING:
        raise Geweigerd(_("Een TLV wordt aangevraagd terwijl de trajectbegeleider bij de vraag betrokken is."))
    if not actieve_toestemming(vraag, ToestemmingSoort.DELEN_SWV):
        raise Geweigerd(_("Een TLV-aanvraag gaat naar het samenwerkingsverband en vraagt toestemming van de ouders."))
    verwijzing = Verwijzing.objects.select_for_update().filter(vraag=vraag).first()
    if verwijzing is not None and verwijzing.is_verstuurd:
        raise Geweigerd(_("De TLV-aanvraag is al verstuurd en kan niet meer veranderen."))
    nieuw = verwijzing is None
    if nieuw:
        verwijzing = Verwijzing(vraag=vraag)
    oude_hash = None if nieuw else verwijzing.inhoud_hash()
    for veld in AANVRAAGVELDEN:
        if veld in gegevens:
            waarde = gegevens[veld]
            if waarde is None and veld != "gekozen_einde":
                waarde = ""
            # A text the school types over is the school's record, no longer the expert's or the parents' own.
            if veld in ("advies_1", "advies_2", "zienswijze_ouders") and waarde != getattr(verwijzing, veld):
                eigenaar = {"advies_1": "advies_1", "advies_2": "advies_2", "zienswijze_ouders": "zienswijze"}[veld]
                setattr(verwijzing, f"{eigenaar}_door", None)
                setattr(verwijzing, f"{eigenaar}_op", None)
            setattr(verwijzing, veld, waarde)
    if nieuw:
        verwijzing.full_clean(exclude=["vraag"])
        verwijzing.save()
        return verwijzing
    return _opslaan_met_versie(verwijzing, oude_hash)


def _rol_van_ondertekenaar(vraag: Ondersteuningsvraag, ondertekenaar: User) -> str:
    if ondertekenaar.rol == Rol.DIRECTEUR:
        return OndertekenaarRol.DIRECTEUR
    _moet_ouder_met_gezag(
        vraag,
        ondertekenaar,
        _("Alleen een ouder of verzorger met gezag en de directeur ondertekenen de TLV-aanvraag."),
    )
    return OndertekenaarRol.OUDER


def _ondertekening(verwijzing, *, ondertekenaar, vastgelegd_door, wijze, bijlage=None, nu) -> TlvOndertekening:
    rol = _rol_van_ondertekenaar(verwijzing.vraag, ondertekenaar)
    if verwijzing.ondertekeningen.filter(versie=verwijzing.versie, ondertekenaar=ondertekenaar).exists():
        raise Geweigerd(_("Deze versie van de aanvraag is al door deze persoon ondertekend."))
    if not verwijzing.soort:
        raise Geweigerd(_("Kies eerst de soort TLV."))
    inhoud = verwijzing.inhoud()
    return TlvOndertekening.objects.create(
        verwijzing=verwijzing,
        versie=verwijzing.versie,
        inhoud=inhoud,
        inhoud_hash=verwijzing.inhoud_hash(),
        ondertekenaar=ondertekenaar,
        rol=rol,
        wijze=wijze,
        moment=nu,
        vastgelegd_door=vastgelegd_door,
        bijlage=bijlage,
    )


@transaction.atomic
def tlv_ondertekenen(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    wachtwoord: str,
    inhoud_hash: str,
    bevestigd_met_2fa: bool = False,
    nu=None,
) -> TlvOndertekening:
    """Sign the current version in the portal: the signer confirms with their password in a signed-in session."""
    nu = nu or timezone.now()
    vraag = _vergrendeld(vraag)
    verwijzing = _aanvraag_in_voorbereiding(vraag)
    _rol_van_ondertekenaar(vraag, door)
    if not wachtwoord or not door.check_password(wachtwoord):
        raise Geweigerd(_("Het wachtwoord klopt niet. Ondertekenen bevestigt u met uw wachtwoord."))
    if inhoud_hash != verwijzing.inhoud_hash():
        raise Geweigerd(
            _("De aanvraag is veranderd sinds u haar opende. Lees de nieuwe versie en onderteken opnieuw.")
        )
    wijze = OndertekeningWijze.TWEE_FACTOR if bevestigd_met_2fa else OndertekeningWijze.WACHTWOORD
    return _ondertekening(verwijzing, ondertekenaar=door, vastgelegd_door=door, wijze=wijze, nu=nu)


@transaction.atomic
def tlv_papier_ondertekening(
    *, vraag: Ondersteuningsvraag, door: User, ondertekenaar: User, bestand, nu=None
) -> TlvOndertekening:
    """The school records a signature given on paper; the scanned form becomes a document of the case."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur legt een handtekening vast."))
    vraag = _vergrendeld(vraag)
    verwijzing = _aanvraag_in_voorbereiding(vraag)
    _rol_van_ondertekenaar(vraag, ondertekenaar)
    bijlage = bijlage_toevoegen(
        vraag=vraag,
        door=door,
        bestand=bestand,
        omschrijving=_("Ondertekend TLV-aanvraagformulier (versie %(versie)s)") % {"versie": verwijzing.versie},
        nu=nu,
    )
    return _ondertekening(
        verwijzing,
        ondertekenaar=ondertekenaar,
        vastgelegd_door=door,
        wijze=OndertekeningWijze.PAPIER,
        bijlage=bijlage,
        nu=nu,
    )


@transaction.atomic
def tlv_versturen(*, vraag: Ondersteuningsvraag, door: User, reden_zonder_ouder: str = "", nu=None) -> Stap:
    """Send the complete request to the samenwerkingsverband; without a parent's signature only with the reason."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur verstuurt de TLV-aanvraag."))
    vraag = _vergrendeld(vraag)
    if not actieve_toestemming(vraag, ToestemmingSoort.DELEN_SWV):
        raise Geweigerd(_("Een TLV-aanvraag gaat naar het samenwerkingsverband en vraagt toestemming van de ouders."))
    verwijzing = _aanvraag_in_voorbereiding(vraag)
    lijst = volledigheid(verwijzing)
    ontbreekt = [o for o in lijst if not o.aanwezig]
    reden = reden_zonder_ouder.strip()
    if [o.sleutel for o in ontbreekt] == ["handtekening_ouder"] and reden:
        ontbreekt = []
    if ontbreekt:
        raise Geweigerd(
            _("De aanvraag is nog niet compleet. Ontbreekt: %(lijst)s.")
            % {"lijst": "; ".join(str(o.label) for o in ontbreekt)}
        )
    ouder_getekend = any(o.rol == OndertekenaarRol.OUDER for o in verwijzing.geldige_ondertekeningen())
    verwijzing.reden_zonder_ouder = "" if ouder_getekend else reden
    verwijzing.verstuurd_op = nu
    verwijzing.aangevraagd_op = timezone.localdate(nu)
    verwijzing.besluit = TlvBesluit.AANGEVRAAGD
    verwijzing.save(update_fields=["reden_zonder_ouder", "verstuurd_op", "aangevraagd_op", "besluit"])
    vraag.volgende_datum = timezone.localdate(nu) + datetime.timedelta(weeks=6)
    vraag.volgende_actie = gettext_noop("Besluit samenwerkingsverband over de TLV")
    with _schooltaal():
        toelichting = _(
            "TLV %(soort)s aangevraagd voor %(bestemming)s (versie %(versie)s, sha256 %(hash)s).\n\n"
            "Zienswijze ouders:\n%(zienswijze)s"
        ) % {
            "soort": verwijzing.get_soort_display(),
            "bestemming": verwijzing.bestemming,
            "versie": verwijzing.versie,
            "hash": verwijzing.inhoud_hash(),
            "zienswijze": verwijzing.zienswijze_ouders,
        }
        if not ouder_getekend:
            toelichting += "\n\n" + _("Niet ondertekend door een ouder. Reden: %(reden)s") % {"reden": reden}
    return _overgang(
        vraag,
        Status.VERWIJZING,
        door=door,
        soort=StapSoort.VERWIJZING,
        ouderbetrokkenheid=Ouderbetrokkenheid.INSTEMMING if ouder_getekend else Ouderbetrokkenheid.NIET_BETROKKEN,
        reden="" if ouder_getekend else reden,
        toelichting=toelichting,
        nu=nu,
        velden=["volgende_datum", "volgende_actie"],
    )


@transaction.atomic
def tlv_besluit_vastleggen(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    besluit: str,
    besluit_op: datetime.date,
    toelichting: str,
    geldig_tot: datetime.date | None = None,
    nu=None,
) -> Stap:
    """Record the samenwerkingsverband's decision; `geldig tot` follows from the kind; the objection window starts."""
    nu = nu or timezone.now()
    _moet_rol(
        door,
        (*SCHOOLLEIDING, Rol.TRAJECTBEGELEIDER),
        _("Alleen de school of de trajectbegeleider legt het besluit vast."),
    )
    vraag = _vergrendeld(vraag)
    verwijzing = Verwijzing.objects.select_for_update().filter(vraag=vraag).first()
    if vraag.status != Status.VERWIJZING or verwijzing is None:
        raise Geweigerd(_("Er loopt geen TLV-aanvraag voor deze vraag."))
    if verwijzing.besluit != TlvBesluit.AANGEVRAAGD:
        raise Geweigerd(_("Het besluit is al vastgelegd. Een correctie kan als nieuwe stap."))
    if besluit not in (TlvBesluit.TOEGEKEND, TlvBesluit.AFGEWEZEN):
        raise Geweigerd(_("Kies of de TLV is toegekend of afgewezen."))
    if besluit == TlvBesluit.TOEGEKEND:
        # A: the end the school chose (or the SWV's, at most two years); B: three years; C: none.
        if verwijzing.soort == "A" and geldig_tot:
            if (geldig_tot - besluit_op).days > 2 * 365 + 1:
                raise Geweigerd(_("Een TLV A geldt ten hoogste twee jaar."))
        else:
            geldig_tot = verwijzing.geldig_tot_voor(besluit_op)
    else:
        geldig_tot = None
    verwijzing.besluit = besluit
    verwijzing.besluit_op = besluit_op
    verwijzing.besluit_toelichting = toelichting
    verwijzing.geldig_tot = geldig_tot
    verwijzing.save(update_fields=["besluit", "besluit_op", "besluit_toelichting", "geldig_tot"])
    vraag.volgende_datum = verwijzing.bezwaar_mogelijk_tot
    vraag.volgende_actie = gettext_noop("Einde bezwaartermijn")
    vraag.save(update_fields=["volgende_datum", "volgende_actie"])
    with _schooltaal():
        uitleg = _("%(besluit)s op %(datum)s. Bezwaar is mogelijk tot en met %(tot)s.\n\n%(toelichting)s") % {
            "besluit": verwijzing.get_besluit_display(),
            "datum": besluit_op.strftime("%d-%m-%Y"),
            "tot": verwijzing.bezwaar_mogelijk_tot.strftime("%d-%m-%Y"),
            "toelichting": toelichting,
        }
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.TLV_BESLUIT,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=uitleg,
        nu=nu,
    )


def mag_advies_schrijven(vraag: Ondersteuningsvraag, user: User) -> bool:
    """The case's trajectbegeleider or an OT member who may (still) see the case writes an expert advice."""
    if user.rol == Rol.TRAJECTBEGELEIDER:
        return user.pk == vraag.trajectbegeleider_id
    return user.rol == Rol.OT_LID


@transaction.atomic
def tlv_advies_schrijven(
    *, vraag: Ondersteuningsvraag, door: User, nummer: int, functie: str, tekst: str, wachtwoord: str, nu=None
) -> Verwijzing:
    """An expert writes and signs their own advice in the request, while the parents' consent gives them access."""
    nu = nu or timezone.now()
    if not mag_advies_schrijven(vraag, door):
        raise Geweigerd(_("Alleen de trajectbegeleider of een lid van het ondersteuningsteam schrijft een advies."))
    if not Ondersteuningsvraag.objects.zichtbaar_voor(door).filter(pk=vraag.pk).exists():
        raise Geweigerd(_("U bent niet (meer) bij deze vraag betrokken."))
    if nummer not in (1, 2):
        raise Geweigerd(_("Kies het eerste of het tweede advies."))
    if not tekst.strip():
        raise Geweigerd(_("Schrijf uw advies."))
    if not wachtwoord or not door.check_password(wachtwoord):
        raise Geweigerd(_("Het wachtwoord klopt niet. Ondertekenen bevestigt u met uw wachtwoord."))
    vraag = _vergrendeld(vraag)
    verwijzing = _aanvraag_in_voorbereiding(vraag)
    ander = verwijzing.advies_2_door_id if nummer == 1 else verwijzing.advies_1_door_id
    if ander == door.pk:
        raise Geweigerd(_("Een TLV vraagt het advies van twee verschillende deskundigen."))
    oude_hash = verwijzing.inhoud_hash()
    naam = ", ".join(d for d in (door.get_full_name(), functie.strip() or door.functie, door.organisatie) if d)
    setattr(verwijzing, f"deskundige_{nummer}", naam[:200])
    setattr(verwijzing, f"advies_{nummer}", tekst.strip())
    setattr(verwijzing, f"advies_{nummer}_door", door)
    setattr(verwijzing, f"advies_{nummer}_op", nu)
    return _opslaan_met_versie(verwijzing, oude_hash)


@transaction.atomic
def tlv_zienswijze_opslaan(
    *, vraag: Ondersteuningsvraag, door: User, tekst: str, indienen: bool = False, nu=None
) -> Verwijzing:
    """A parent writes the parents' view: a draft only they see, until they submit it into the request."""
    nu = nu or timezone.now()
    _moet_ouder_met_gezag(vraag, door, _("Alleen een ouder of verzorger met gezag schrijft de zienswijze."))
    vraag = _vergrendeld(vraag)
    verwijzing = _aanvraag_in_voorbereiding(vraag)
    if indienen and not tekst.strip():
        raise Geweigerd(_("Schrijf uw zienswijze voordat u haar indient."))
    oude_hash = verwijzing.inhoud_hash()
    verwijzing.zienswijze_concept = tekst
    if indienen:
        verwijzing.zienswijze_ouders = tekst.strip()
        verwijzing.zienswijze_door = door
        verwijzing.zienswijze_op = nu
        verwijzing.zienswijze_concept = ""
    return _opslaan_met_versie(verwijzing, oude_hash)
