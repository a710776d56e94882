"""Case transitions (docs/ontwerp.md §4). Each checks its rule and writes exactly one timeline step."""

import datetime
import re
import zipfile
from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klimop.accounts.meldingen import stap_gezet
from klimop.accounts.models import Rol, User

from .models import (
    PLAN_EVALUEREN_BINNEN,
    PLAN_VASTSTELLEN_BINNEN,
    Bijlage,
    BijlageSoort,
    Doel,
    Gegevensdeling,
    Grondslag,
    Instemming,
    Ondersteuningsvraag,
    Ouderbetrokkenheid,
    Overleg,
    Plan,
    PlanTermijn,
    PlanVersie,
    Reactie,
    Stap,
    StapSoort,
    Status,
    TlvBesluit,
    Toestemming,
    ToestemmingSoort,
    ToestemmingWijze,
    Verwijzing,
)


class Geweigerd(Exception):
    """A transition that the rules do not allow; the message is Dutch and meant for the user."""


OVERGANGEN: dict[str, set[str]] = {
    Status.CONCEPT: {Status.INGEDIEND},
    Status.INGEDIEND: {Status.IN_BEHANDELING},
    Status.IN_BEHANDELING: {Status.BASISONDERSTEUNING, Status.ONDERSTEUNINGSTEAM},
    Status.BASISONDERSTEUNING: {Status.ONDERSTEUNINGSTEAM},
    Status.ONDERSTEUNINGSTEAM: {Status.ARRANGEMENT, Status.TRAJECTBEGELEIDING, Status.BASISONDERSTEUNING},
    Status.TRAJECTBEGELEIDING: {Status.ARRANGEMENT, Status.VERWIJZING},
    Status.ARRANGEMENT: {Status.EVALUATIE},
    Status.EVALUATIE: {Status.ARRANGEMENT},
    Status.VERWIJZING: set(),
    Status.AFGESLOTEN: set(),
}
# Any open case can be closed with a conclusion.
for _status in Status.values:
    if _status not in (Status.CONCEPT, Status.AFGESLOTEN):
        OVERGANGEN[_status].add(Status.AFGESLOTEN)

SCHOOLLEIDING = (Rol.IB, Rol.DIRECTEUR)
SCHOOLTEAM = (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR)

# What goes into the record (a step's explanation, the next action) is written in Dutch, the school's language,
# whichever language the person acting reads: gettext_noop for fixed text (pages translate it when they show it),
# _schooltaal() where labels are filled in. Refusals (Geweigerd) stay in the reader's language.
_schooltaal = partial(translation.override, settings.LANGUAGE_CODE)


def _vergrendeld(vraag: Ondersteuningsvraag) -> Ondersteuningsvraag:
    """Re-read the case under a row lock so two people cannot move it at once."""
    return Ondersteuningsvraag.objects.select_for_update().get(pk=vraag.pk)


def _moet_rol(user: User, rollen, melding: str) -> None:
    if user.rol not in rollen:
        raise Geweigerd(melding)


def _stap(vraag, *, door, soort, ouderbetrokkenheid, toelichting="", reden="", van="", naar="", zichtbaar=True, nu):
    stap = Stap.objects.create(
        vraag=vraag,
        actor=door,
        moment=nu,
        soort=soort,
        van_status=van,
        naar_status=naar,
        toelichting=toelichting,
        ouderbetrokkenheid=ouderbetrokkenheid,
        reden_niet_betrokken=reden,
        zichtbaar_voor_ouders=zichtbaar,
    )
    # Notifications and their e-mails only for steps that were really written.
    transaction.on_commit(partial(stap_gezet, stap.pk))
    return stap


def _overgang(vraag, naar: str, *, door, soort, ouderbetrokkenheid, toelichting="", reden="", nu, velden=()):
    if naar not in OVERGANGEN[vraag.status]:
        raise Geweigerd(
            _("Een vraag met status “%(van)s” kan niet naar “%(naar)s”.")
            % {"van": vraag.get_status_display(), "naar": Status(naar).label}
        )
    van = vraag.status
    vraag.status = naar
    vraag.status_sinds = nu
    vraag.save(update_fields=["status", "status_sinds", *velden])
    return _stap(
        vraag,
        door=door,
        soort=soort,
        ouderbetrokkenheid=ouderbetrokkenheid,
        toelichting=toelichting,
        reden=reden,
        van=van,
        naar=naar,
        nu=nu,
    )


def _betrokkenheid(ouders_aanwezig: bool | None, reden: str) -> tuple[str, str]:
    if ouders_aanwezig:
        return Ouderbetrokkenheid.AANWEZIG, ""
    if not reden.strip():
        raise Geweigerd(_("Geef aan waarom de ouders er niet bij waren."))
    return Ouderbetrokkenheid.NIET_BETROKKEN, reden


def actieve_toestemming(vraag: Ondersteuningsvraag, soort: str) -> Toestemming | None:
    return vraag.toestemmingen.actief().filter(soort=soort).first()


def ontbrekende_indienvelden(vraag: Ondersteuningsvraag) -> list[str]:
    """The fields a request needs before it can be submitted, in form order."""
    ontbreekt = []
    if not vraag.hulpvraag.strip():
        ontbreekt.append("hulpvraag")
    if not vraag.sterke_kanten.strip():
        ontbreekt.append("sterke_kanten")
    if not vraag.geprobeerd_toelichting.strip() and not (vraag.pk and vraag.geprobeerd.exists()):
        ontbreekt.append("geprobeerd")
    if not vraag.ouders_geinformeerd_op:
        ontbreekt.append("ouders_geinformeerd_op")
    if not vraag.ouders_geinformeerd_hoe:
        ontbreekt.append("ouders_geinformeerd_hoe")
    return ontbreekt


@transaction.atomic
def indienen(*, vraag: Ondersteuningsvraag, door: User, nu: datetime.datetime | None = None) -> Stap:
    """Submit a concept to the IB: it needs the request, strengths, what was tried and informed parents."""
    nu = nu or timezone.now()
    vraag = _vergrendeld(vraag)
    if vraag.ingediend_door_id != door.pk:
        raise Geweigerd(_("Alleen wie de vraag heeft opgesteld kan hem indienen."))
    if ontbrekende_indienvelden(vraag):
        raise Geweigerd(
            _("Vul eerst de hulpvraag, de sterke kanten, wat er al geprobeerd is en het informeren van de ouders in.")
        )
    vraag.ingediend_op = nu
    with _schooltaal():
        toelichting = _("Ouders geïnformeerd op %(datum)s (%(hoe)s).") % {
            "datum": vraag.ouders_geinformeerd_op.strftime("%d-%m-%Y"),
            "hoe": vraag.get_ouders_geinformeerd_hoe_display().lower(),
        }
    return _overgang(
        vraag,
        Status.INGEDIEND,
        door=door,
        soort=StapSoort.INDIENEN,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=toelichting,
        nu=nu,
        velden=["ingediend_op"],
    )


@transaction.atomic
def oppakken(*, vraag: Ondersteuningsvraag, door: User, nu=None) -> Stap:
    """The IB takes up a submitted request and becomes its behandelaar."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur pakt vragen op."))
    vraag = _vergrendeld(vraag)
    vraag.behandelaar = door
    return _overgang(
        vraag,
        Status.IN_BEHANDELING,
        door=door,
        soort=StapSoort.OPPAKKEN,
        ouderbetrokkenheid=Ouderbetrokkenheid.NIET_BETROKKEN,
        reden=gettext_noop("Interne verdeling van het werk; de ouders zien dat de vraag is opgepakt."),
        nu=nu,
        velden=["behandelaar"],
    )


@transaction.atomic
def binnen_basisondersteuning(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    afspraken: str,
    evaluatiedatum: datetime.date,
    ouders_aanwezig: bool,
    reden_afwezig: str = "",
    nu=None,
) -> Stap:
    """Continue within basisondersteuning with short agreements and an evaluation date."""
    return _met_afspraken(
        vraag=vraag,
        door=door,
        naar=Status.BASISONDERSTEUNING,
        soort=StapSoort.BASISONDERSTEUNING,
        afspraken=afspraken,
        evaluatiedatum=evaluatiedatum,
        actie=gettext_noop("Evaluatie basisondersteuning"),
        weigering=_("Alleen de intern begeleider of de directeur bepaalt de route."),
        ouders_aanwezig=ouders_aanwezig,
        reden_afwezig=reden_afwezig,
        nu=nu,
    )


def _met_afspraken(
    *, vraag, door, naar, soort, afspraken, evaluatiedatum, actie, weigering, ouders_aanwezig, reden_afwezig, nu
) -> Stap:
    """A route with agreements and an evaluation date (basisondersteuning or an arrangement), set with the parents."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, weigering)
    if evaluatiedatum <= timezone.localdate(nu):
        raise Geweigerd(_("De evaluatiedatum moet in de toekomst liggen."))
    betrokkenheid, reden = _betrokkenheid(ouders_aanwezig, reden_afwezig)
    vraag = _vergrendeld(vraag)
    vraag.afspraken = afspraken
    vraag.volgende_datum = evaluatiedatum
    vraag.volgende_actie = actie
    if naar == Status.ARRANGEMENT:
        _plantermijn_bij_arrangement(vraag, nu)
    return _overgang(
        vraag,
        naar,
        door=door,
        soort=soort,
        ouderbetrokkenheid=betrokkenheid,
        reden=reden,
        toelichting=afspraken,
        nu=nu,
        velden=["afspraken", "volgende_datum", "volgende_actie"],
    )


@transaction.atomic
def naar_ondersteuningsteam(*, vraag: Ondersteuningsvraag, door: User, toelichting: str, nu=None) -> Stap:
    """Route beyond basisondersteuning; needs the parents' consent to register with the OT."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur meldt aan bij het OT."))
    vraag = _vergrendeld(vraag)
    if not actieve_toestemming(vraag, ToestemmingSoort.AANMELDEN_OT):
        raise Geweigerd(
            _(
                "Aanmelden bij het ondersteuningsteam kan pas als de ouders daar toestemming voor hebben gegeven. "
                "Heeft u de toestemming op papier? Leg die dan eerst vast."
            )
        )
    vraag.volgende_datum = None
    vraag.volgende_actie = gettext_noop("Overleg ondersteuningsteam plannen")
    return _overgang(
        vraag,
        Status.ONDERSTEUNINGSTEAM,
        door=door,
        soort=StapSoort.ONDERSTEUNINGSTEAM,
        ouderbetrokkenheid=Ouderbetrokkenheid.TOESTEMMING,
        toelichting=toelichting,
        nu=nu,
        velden=["volgende_datum", "volgende_actie"],
    )


def _deel_met(vraag, ontvanger: User, *, door: User, toestemming: Toestemming, doel: str, nu) -> Gegevensdeling:
    with _schooltaal():
        rol = ontvanger.get_rol_display()
    return Gegevensdeling.objects.create(
        vraag=vraag,
        ontvanger=ontvanger,
        rol=rol,
        organisatie=ontvanger.organisatie,
        grondslag=Grondslag.TOESTEMMING,
        toestemming=toestemming,
        doel=doel,
        gedeeld_door=door,
        moment=nu,
    )


@transaction.atomic
def overleg_plannen(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    datum: datetime.datetime,
    agenda: str,
    deelnemers=(),
    nu=None,
) -> Overleg:
    """Plan an OT meeting. The parents are always invited; external members need the OT sharing consent."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur plant een overleg."))
    vraag = _vergrendeld(vraag)
    if vraag.status not in (Status.ONDERSTEUNINGSTEAM, Status.TRAJECTBEGELEIDING, Status.EVALUATIE):
        raise Geweigerd(_("Een overleg van het ondersteuningsteam past pas als de vraag bij het OT is aangemeld."))
    extern = [u for u in deelnemers if u.rol == Rol.OT_LID]
    delen = actieve_toestemming(vraag, ToestemmingSoort.DELEN_OT)
    if extern and not delen:
        raise Geweigerd(
            _(
                "Leden van het ondersteuningsteam van buiten de school kunnen pas meelezen als de ouders "
                "toestemming geven om gegevens binnen het OT te delen."
            )
        )
    overleg = Overleg.objects.create(vraag=vraag, datum=datum, agenda=agenda, ouders_uitgenodigd=True)
    overleg.deelnemers.set(deelnemers)
    for lid in extern:
        _deel_met(
            vraag,
            lid,
            door=door,
            toestemming=delen,
            doel=gettext_noop("Deelname aan het overleg van het ondersteuningsteam"),
            nu=nu,
        )
    vraag.volgende_datum = timezone.localdate(datum)
    vraag.volgende_actie = gettext_noop("Overleg ondersteuningsteam")
    vraag.save(update_fields=["volgende_datum", "volgende_actie"])
    namen = ", ".join(str(u) for u in deelnemers)
    with _schooltaal():
        toelichting = _("Overleg op %(datum)s. De ouders zijn uitgenodigd.%(wie)s\n\nAgenda:\n%(agenda)s") % {
            "datum": timezone.localtime(datum).strftime("%d-%m-%Y %H:%M"),
            "wie": _(" Verder uitgenodigd: %(namen)s.") % {"namen": namen} if namen else "",
            "agenda": agenda,
        }
    _stap(
        vraag,
        door=door,
        soort=StapSoort.OVERLEG_GEPLAND,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=toelichting,
        nu=nu,
    )
    return overleg


@transaction.atomic
def overleg_vastleggen(
    *,
    overleg: Overleg,
    door: User,
    ouders_aanwezig: bool,
    reden_afwezig: str = "",
    verslag: str,
    verslag_delen: bool = True,
    nu=None,
) -> Stap:
    """Record that a meeting took place, whether the parents were there, and its minutes."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur legt een overleg vast."))
    vraag = _vergrendeld(overleg.vraag)
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    if overleg.gehouden:
        raise Geweigerd(_("Dit overleg is al vastgelegd. Een aanvulling kan als nieuwe stap."))
    betrokkenheid, reden = _betrokkenheid(ouders_aanwezig, reden_afwezig)
    overleg.gehouden = True
    overleg.ouders_aanwezig = ouders_aanwezig
    overleg.verslag = verslag
    overleg.verslag_gedeeld = verslag_delen
    overleg.save(update_fields=["gehouden", "ouders_aanwezig", "verslag", "verslag_gedeeld"])
    vraag.volgende_datum = None
    vraag.volgende_actie = ""
    vraag.save(update_fields=["volgende_datum", "volgende_actie"])
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.OVERLEG_GEHOUDEN,
        ouderbetrokkenheid=betrokkenheid,
        reden=reden,
        toelichting=verslag if verslag_delen else gettext_noop("Het verslag is (nog) niet met de ouders gedeeld."),
        nu=nu,
    )


@transaction.atomic
def openen_voor_trajectbegeleider(
    *, vraag: Ondersteuningsvraag, door: User, trajectbegeleider: User, toelichting: str, nu=None
) -> Stap:
    """Open the case to the SWV's trajectbegeleider; needs consent to share with the samenwerkingsverband."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur betrekt de trajectbegeleider."))
    if trajectbegeleider.rol != Rol.TRAJECTBEGELEIDER or not trajectbegeleider.is_active:
        raise Geweigerd(_("Kies een actieve trajectbegeleider van het samenwerkingsverband."))
    vraag = _vergrendeld(vraag)
    delen = actieve_toestemming(vraag, ToestemmingSoort.DELEN_SWV)
    if not delen:
        raise Geweigerd(
            _(
                "De trajectbegeleider kan pas meekijken als de ouders toestemming geven om gegevens te delen met het "
                "samenwerkingsverband. Heeft u de toestemming op papier? Leg die dan eerst vast."
            )
        )
    vraag.trajectbegeleider = trajectbegeleider
    vraag.volgende_datum = None
    vraag.volgende_actie = gettext_noop("Advies trajectbegeleider")
    stap = _overgang(
        vraag,
        Status.TRAJECTBEGELEIDING,
        door=door,
        soort=StapSoort.TRAJECTBEGELEIDING,
        ouderbetrokkenheid=Ouderbetrokkenheid.TOESTEMMING,
        toelichting=toelichting,
        nu=nu,
        velden=["trajectbegeleider", "volgende_datum", "volgende_actie"],
    )
    _deel_met(
        vraag,
        trajectbegeleider,
        door=door,
        toestemming=delen,
        doel=gettext_noop("Advies en begeleiding door het samenwerkingsverband"),
        nu=nu,
    )
    return stap


@transaction.atomic
def advies_geven(*, vraag: Ondersteuningsvraag, door: User, advies: str, nu=None) -> Stap:
    """Advice by the trajectbegeleider or an OT member who was brought into the case."""
    nu = nu or timezone.now()
    _moet_rol(door, (Rol.TRAJECTBEGELEIDER, Rol.OT_LID, Rol.IB), _("Alleen betrokken deskundigen geven advies."))
    if not Ondersteuningsvraag.objects.zichtbaar_voor(door).filter(pk=vraag.pk).exists():
        raise Geweigerd(_("U bent niet (meer) bij deze vraag betrokken."))
    vraag = _vergrendeld(vraag)
    if not vraag.is_open:
        raise Geweigerd(_("Deze vraag is afgesloten."))
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.ADVIES,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=advies,
        nu=nu,
    )


@transaction.atomic
def observatie_toevoegen(*, vraag: Ondersteuningsvraag, door: User, observatie: str, delen_met_ouders: bool, nu=None):
    """A teacher's observation in the classroom."""
    nu = nu or timezone.now()
    _moet_rol(door, (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR), _("Alleen het schoolteam voegt observaties toe."))
    vraag = _vergrendeld(vraag)
    if not vraag.is_open:
        raise Geweigerd(_("Deze vraag is afgesloten."))
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.OBSERVATIE,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD if delen_met_ouders else Ouderbetrokkenheid.NIET_BETROKKEN,
        reden=""
        if delen_met_ouders
        else gettext_noop("Werkaantekening van de leerkracht, niet gedeeld met de ouders."),
        zichtbaar=delen_met_ouders,
        toelichting=observatie,
        nu=nu,
    )


@transaction.atomic
def arrangement_starten(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    omschrijving: str,
    evaluatiedatum: datetime.date,
    ouders_aanwezig: bool,
    reden_afwezig: str = "",
    nu=None,
) -> Stap:
    """Start (or renew after evaluation) an arrangement of extra support with an evaluation date."""
    return _met_afspraken(
        vraag=vraag,
        door=door,
        naar=Status.ARRANGEMENT,
        soort=StapSoort.ARRANGEMENT,
        afspraken=omschrijving,
        evaluatiedatum=evaluatiedatum,
        actie=gettext_noop("Evaluatie arrangement"),
        weigering=_("Alleen de intern begeleider of de directeur start een arrangement."),
        ouders_aanwezig=ouders_aanwezig,
        reden_afwezig=reden_afwezig,
        nu=nu,
    )


@transaction.atomic
def evalueren(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    bevindingen: str,
    ouders_aanwezig: bool,
    reden_afwezig: str = "",
    nu=None,
) -> Stap:
    """Evaluate a running arrangement together with the parents."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur legt een evaluatie vast."))
    betrokkenheid, reden = _betrokkenheid(ouders_aanwezig, reden_afwezig)
    vraag = _vergrendeld(vraag)
    vraag.volgende_datum = timezone.localdate(nu) + datetime.timedelta(weeks=2)
    vraag.volgende_actie = gettext_noop("Besluit na evaluatie")
    return _overgang(
        vraag,
        Status.EVALUATIE,
        door=door,
        soort=StapSoort.EVALUATIE,
        ouderbetrokkenheid=betrokkenheid,
        reden=reden,
        toelichting=bevindingen,
        nu=nu,
        velden=["volgende_datum", "volgende_actie"],
    )


@transaction.atomic
def verwijzen(*, vraag: Ondersteuningsvraag, door: User, verwijzing: Verwijzing, nu=None) -> Stap:
    """Request a TLV for S(B)O: two expert advices and the parents' view are required."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur vraagt een TLV aan."))
    vraag = _vergrendeld(vraag)
    if not actieve_toestemming(vraag, ToestemmingSoort.DELEN_SWV):
        raise Geweigerd(_("Een TLV-aanvraag gaat naar het samenwerkingsverband en vraagt toestemming van de ouders."))
    verwijzing.full_clean(exclude=["vraag"])
    verwijzing.vraag = vraag
    verwijzing.besluit = TlvBesluit.AANGEVRAAGD
    vraag.volgende_datum = timezone.localdate(nu) + datetime.timedelta(weeks=6)
    vraag.volgende_actie = gettext_noop("Besluit samenwerkingsverband over de TLV")
    with _schooltaal():
        toelichting = _("TLV %(soort)s aangevraagd voor %(bestemming)s.\n\nZienswijze ouders:\n%(zienswijze)s") % {
            "soort": verwijzing.get_soort_display(),
            "bestemming": verwijzing.bestemming,
            "zienswijze": verwijzing.zienswijze_ouders,
        }
    stap = _overgang(
        vraag,
        Status.VERWIJZING,
        door=door,
        soort=StapSoort.VERWIJZING,
        ouderbetrokkenheid=Ouderbetrokkenheid.INSTEMMING,
        toelichting=toelichting,
        nu=nu,
        velden=["volgende_datum", "volgende_actie"],
    )
    verwijzing.save()
    return stap


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
    """Record the samenwerkingsverband's decision; the parents' six-week objection window starts."""
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


@transaction.atomic
def afsluiten(*, vraag: Ondersteuningsvraag, door: User, conclusie: str, nu=None) -> Stap:
    """Close any open case with a conclusion that the parents can read."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur sluit een vraag af."))
    if not conclusie.strip():
        raise Geweigerd(_("Schrijf een conclusie bij het afsluiten."))
    vraag = _vergrendeld(vraag)
    vraag.conclusie = conclusie
    vraag.afgesloten_op = nu
    vraag.volgende_datum = None
    vraag.volgende_actie = ""
    return _overgang(
        vraag,
        Status.AFGESLOTEN,
        door=door,
        soort=StapSoort.AFSLUITEN,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=conclusie,
        nu=nu,
        velden=["conclusie", "afgesloten_op", "volgende_datum", "volgende_actie"],
    )


def _ouder_met_gezag(vraag: Ondersteuningsvraag, ouder: User) -> None:
    if not vraag.leerling.ouders.filter(user=ouder, gezag=True).exists():
        raise Geweigerd(_("Alleen een ouder of verzorger met gezag kan toestemming geven."))


@transaction.atomic
def toestemming_geven(
    *,
    vraag: Ondersteuningsvraag,
    soort: str,
    ouder: User,
    vastgelegd_door: User | None = None,
    gegeven_op: datetime.datetime | None = None,
    nu=None,
) -> Toestemming:
    """Record a guardian's consent: digitally by the parent, or on paper by the IB/directeur."""
    nu = nu or timezone.now()
    vastgelegd_door = vastgelegd_door or ouder
    papier = vastgelegd_door != ouder
    if papier:
        _moet_rol(
            vastgelegd_door,
            SCHOOLLEIDING,
            _("Alleen de intern begeleider of de directeur legt toestemming op papier vast."),
        )
    vraag = _vergrendeld(vraag)
    _ouder_met_gezag(vraag, ouder)
    if not vraag.is_open:
        raise Geweigerd(_("Deze vraag is niet (meer) open."))
    if actieve_toestemming(vraag, soort):
        raise Geweigerd(_("Deze toestemming is al gegeven."))
    toestemming = Toestemming.objects.create(
        leerling=vraag.leerling,
        vraag=vraag,
        soort=soort,
        gegeven_door=ouder,
        wijze=ToestemmingWijze.PAPIER if papier else ToestemmingWijze.DIGITAAL,
        vastgelegd_door=vastgelegd_door,
        gegeven_op=gegeven_op or nu,
    )
    with _schooltaal():
        toelichting = _("%(ouder)s gaf toestemming: %(soort)s (%(wijze)s).") % {
            "ouder": ouder,
            "soort": toestemming.get_soort_display().lower(),
            "wijze": toestemming.get_wijze_display().lower(),
        }
    _stap(
        vraag,
        door=vastgelegd_door,
        soort=StapSoort.TOESTEMMING_GEGEVEN,
        ouderbetrokkenheid=Ouderbetrokkenheid.TOESTEMMING,
        toelichting=toelichting,
        nu=nu,
    )
    return toestemming


@transaction.atomic
def toestemming_intrekken(*, toestemming: Toestemming, door: User, nu=None) -> Stap:
    """Withdraw a consent; the access it gave ends at once because every access check reads it."""
    nu = nu or timezone.now()
    vraag = _vergrendeld(toestemming.vraag)
    if door.rol == Rol.OUDER:
        _ouder_met_gezag(vraag, door)
    else:
        _moet_rol(
            door, SCHOOLLEIDING, _("Alleen een ouder, de intern begeleider of de directeur trekt toestemming in.")
        )
    toestemming = Toestemming.objects.select_for_update().get(pk=toestemming.pk)
    if not toestemming.actief:
        raise Geweigerd(_("Deze toestemming was al ingetrokken."))
    toestemming.ingetrokken_op = nu
    toestemming.ingetrokken_door = door
    toestemming.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    with _schooltaal():
        toelichting = _("Toestemming ingetrokken: %(soort)s.") % {"soort": toestemming.get_soort_display().lower()}
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.TOESTEMMING_INGETROKKEN,
        ouderbetrokkenheid=Ouderbetrokkenheid.TOESTEMMING,
        toelichting=toelichting,
        nu=nu,
    )


def beschikbare_acties(vraag: Ondersteuningsvraag, user: User) -> list[str]:
    """The actions `user` may take on `vraag` now; views refuse (403) anything else."""
    acties = []
    leiding = user.rol in SCHOOLLEIDING
    status = vraag.status
    if status == Status.CONCEPT:
        return ["bewerken", "indienen"] if vraag.ingediend_door_id == user.pk else []
    if not vraag.is_open:
        # Parents can still withdraw a consent after the case was closed.
        return ["toestemming_ouder"] if user.rol == Rol.OUDER else []
    if leiding:
        if status == Status.INGEDIEND:
            acties.append("oppakken")
        if Status.BASISONDERSTEUNING in OVERGANGEN[status]:
            acties.append("basisondersteuning")
        if Status.ONDERSTEUNINGSTEAM in OVERGANGEN[status]:
            acties.append("ondersteuningsteam")
        if status in (Status.ONDERSTEUNINGSTEAM, Status.TRAJECTBEGELEIDING, Status.EVALUATIE):
            acties.append("overleg_plannen")
        if any(not o.gehouden for o in vraag.overleggen.all()):
            acties.append("overleg_vastleggen")
        if Status.TRAJECTBEGELEIDING in OVERGANGEN[status]:
            acties.append("trajectbegeleiding")
        if Status.ARRANGEMENT in OVERGANGEN[status]:
            acties.append("arrangement")
        if Status.EVALUATIE in OVERGANGEN[status]:
            acties.append("evaluatie")
        if Status.VERWIJZING in OVERGANGEN[status]:
            acties.append("verwijzing")
        acties.append("toestemming")
        if any(t.actief for t in vraag.toestemmingen.all()):
            acties.append("toestemming_intrekken")
    if status == Status.VERWIJZING and (leiding or user.pk == vraag.trajectbegeleider_id):
        verwijzing = getattr(vraag, "verwijzing", None)
        if verwijzing and verwijzing.besluit == TlvBesluit.AANGEVRAAGD:
            acties.append("tlv_besluit")
    if user.rol in (Rol.TRAJECTBEGELEIDER, Rol.OT_LID):
        acties.append("advies")
    if user.rol in (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR):
        acties.append("observatie")
    if leiding:
        acties.append("afsluiten")
    recht = plan_schrijfrecht(vraag, user)
    if recht == PLAN_VOLLEDIG:
        acties += ["plan_bewerken", "plan_delen"]
    elif recht == PLAN_KIND:
        acties.append("plan_kind")
    if user.rol in (Rol.OUDER, *SCHOOLTEAM):
        acties += ["reageren", "bijlage_toevoegen"]
    if user.rol == Rol.OUDER:
        acties += ["instemmen", "toestemming_ouder"]
    return acties


# --- the plan (docs/ontwerp.md §3) ------------------------------------------------------------------

PLAN_VOLLEDIG = "volledig"
PLAN_KIND = "kind"


def plan_schrijfrecht(vraag: Ondersteuningsvraag, user: User) -> str | None:
    """IB/directeur write the whole plan; the pupil's own teacher writes the child's words and the goals."""
    if user.rol in SCHOOLLEIDING:
        return PLAN_VOLLEDIG
    groep_id = vraag.leerling.groep_id
    if user.rol == Rol.LEERKRACHT and groep_id and user.groepen.filter(pk=groep_id).exists():
        return PLAN_KIND
    return None


def _plantermijn_bij_arrangement(vraag: Ondersteuningsvraag, nu) -> None:
    # The plan is due six weeks after extra support starts; a renewed arrangement keeps the running deadline.
    plan, _nieuw = Plan.objects.get_or_create(vraag=vraag, defaults={"aangemaakt_op": nu})
    if plan.gedeelde_versie_id is None and plan.termijn is None:
        plan.termijn = timezone.localdate(nu) + PLAN_VASTSTELLEN_BINNEN
        plan.termijn_soort = PlanTermijn.VASTSTELLEN
        plan.save(update_fields=["termijn", "termijn_soort"])


def _open_vraag(vraag: Ondersteuningsvraag) -> Ondersteuningsvraag:
    vraag = _vergrendeld(vraag)
    if not vraag.is_open:
        raise Geweigerd(_("Deze vraag is niet (meer) open."))
    return vraag


@transaction.atomic
def plan_starten(
    *, vraag: Ondersteuningsvraag, door: User, inhoud: dict | None = None, doelen: list[dict] | None = None, nu=None
) -> PlanVersie:
    """Start the plan of a case: its first version, a concept until it is shared."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur start een plan."))
    vraag = _open_vraag(vraag)
    plan, _nieuw = Plan.objects.get_or_create(vraag=vraag, defaults={"aangemaakt_op": nu})
    if plan.versies.exists():
        raise Geweigerd(_("Deze vraag heeft al een plan."))
    versie = PlanVersie.objects.create(plan=plan, nummer=1, aangemaakt_door=door, aangemaakt_op=nu, bijgewerkt_op=nu)
    return versie_opslaan(versie=versie, door=door, inhoud=inhoud or {}, doelen=doelen, nu=nu)


@transaction.atomic
def concept_versie(*, vraag: Ondersteuningsvraag, door: User, nu=None) -> PlanVersie:
    """The version being worked on: the open concept, or a new one copied from the last shared version."""
    nu = nu or timezone.now()
    if plan_schrijfrecht(vraag, door) is None:
        raise Geweigerd(_("U kunt dit plan niet bewerken."))
    vraag = _open_vraag(vraag)
    plan = Plan.objects.select_for_update().filter(vraag=vraag).first()
    laatste = plan.versies.order_by("-nummer").first() if plan else None
    if laatste is None:
        raise Geweigerd(_("Er is nog geen plan. De intern begeleider start het plan."))
    if not laatste.is_gedeeld:
        return laatste
    nieuw = PlanVersie(
        plan=plan,
        nummer=laatste.nummer + 1,
        aangemaakt_door=door,
        aangemaakt_op=nu,
        bijgewerkt_op=nu,
        **{veld: getattr(laatste, veld) for veld in PlanVersie.INHOUD},
    )
    # A new version is set again when it is shared.
    nieuw.vastgesteld_op = None
    nieuw.save()
    Doel.objects.bulk_create(
        Doel(
            versie=nieuw,
            omschrijving=doel.omschrijving,
            evaluatiedatum=doel.evaluatiedatum,
            resultaat=doel.resultaat,
            volgorde=doel.volgorde,
        )
        for doel in laatste.doelen.all()
    )
    return nieuw


@transaction.atomic
def versie_opslaan(
    *,
    versie: PlanVersie,
    door: User,
    inhoud: dict,
    doelen: list[dict] | None = None,
    verwijderd: list[int] = (),
    nu=None,
) -> PlanVersie:
    """Save a concept version. The pupil's teacher may change only the child's own words and the goals.

    `doelen` are goals to update (with their `id`) or add (without); a goal of the version is removed only when
    its id is in `verwijderd`, so a goal the form did not carry is never lost.
    """
    nu = nu or timezone.now()
    recht = plan_schrijfrecht(versie.plan.vraag, door)
    if recht is None:
        raise Geweigerd(_("U kunt dit plan niet bewerken."))
    _open_vraag(versie.plan.vraag)
    versie = PlanVersie.objects.select_for_update().get(pk=versie.pk)
    if versie.is_gedeeld:
        raise Geweigerd(
            _("Deze versie is met de ouders gedeeld en ligt vast. Wijzigingen komen in een nieuwe versie.")
        )
    toegestaan = PlanVersie.INHOUD if recht == PLAN_VOLLEDIG else PlanVersie.KIND
    if set(inhoud) - set(toegestaan):
        raise Geweigerd(
            _("Als leerkracht schrijft u “Kind aan het woord” en de doelen; de rest doet de intern begeleider.")
        )
    for veld, waarde in inhoud.items():
        setattr(versie, veld, waarde)
    versie.bijgewerkt_op = nu
    versie.save()
    _doelen_bijwerken(versie, doelen or [], verwijderd)
    return versie


def _doelen_bijwerken(versie: PlanVersie, doelen: list[dict], verwijderd) -> None:
    bestaand = {doel.pk: doel for doel in versie.doelen.all()}
    if verwijderd:
        versie.doelen.filter(pk__in=verwijderd).delete()
    # Goals the form did not carry (added meanwhile in another tab) keep their place after the listed ones.
    genoemd = {gegevens.get("id") for gegevens in doelen}
    volgorde = 0
    gewijzigd, nieuw = [], []
    for gegevens in doelen:
        velden = {veld: gegevens.get(veld) or "" for veld in ("omschrijving", "resultaat")}
        velden["evaluatiedatum"] = gegevens["evaluatiedatum"]
        doel = bestaand.get(gegevens.get("id"))
        if doel is None or doel.pk in verwijderd:
            nieuw.append(Doel(versie=versie, volgorde=volgorde, **velden))
        else:
            for veld, waarde in velden.items():
                setattr(doel, veld, waarde)
            doel.volgorde = volgorde
            gewijzigd.append(doel)
        volgorde += 1
    for doel in bestaand.values():
        if doel.pk not in genoemd and doel.pk not in verwijderd:
            doel.volgorde = volgorde
            gewijzigd.append(doel)
            volgorde += 1
    if gewijzigd:
        Doel.objects.bulk_update(gewijzigd, ["omschrijving", "evaluatiedatum", "resultaat", "volgorde"])
    if nieuw:
        Doel.objects.bulk_create(nieuw)


def ontbreekt_voor_delen(versie: PlanVersie) -> list[str]:
    """What a version needs before the parents can agree to it, as Dutch sentences."""
    ontbreekt = []
    if not versie.handelingsdeel_aanbod.strip() or not versie.handelingsdeel_uitvoering.strip():
        ontbreekt.append(_("Beschrijf in het handelingsdeel welke ondersteuning er komt, wie die geeft en wanneer."))
    if not versie.doelen.exists():
        ontbreekt.append(_("Neem minstens één doel met een evaluatiedatum op."))
    return ontbreekt


@transaction.atomic
def versie_delen(*, versie: PlanVersie, door: User, nu=None) -> Stap:
    """Share a version with the parents: it is set, frozen and put to the guardians for agreement."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur deelt het plan met de ouders."))
    vraag = _open_vraag(versie.plan.vraag)
    plan = Plan.objects.select_for_update().get(pk=versie.plan_id)
    versie = PlanVersie.objects.select_for_update().get(pk=versie.pk)
    if versie.is_gedeeld:
        raise Geweigerd(_("Deze versie is al met de ouders gedeeld."))
    if plan.versies.filter(nummer__gt=versie.nummer).exists():
        raise Geweigerd(_("Er is een nieuwere versie; deel die."))
    ontbreekt = ontbreekt_voor_delen(versie)
    if ontbreekt:
        raise Geweigerd(" ".join(ontbreekt))
    versie.vastgesteld_op = versie.vastgesteld_op or timezone.localdate(nu)
    versie.gedeeld_met_ouders_op = nu
    versie.gedeeld_door = door
    versie.save(update_fields=["vastgesteld_op", "gedeeld_met_ouders_op", "gedeeld_door"])
    plan.gedeelde_versie = versie
    plan.termijn = versie.vastgesteld_op + PLAN_EVALUEREN_BINNEN
    plan.termijn_soort = PlanTermijn.EVALUEREN
    plan.save(update_fields=["gedeelde_versie", "termijn", "termijn_soort"])
    with _schooltaal():
        toelichting = _(
            "Versie %(nummer)s van het plan, vastgesteld op %(datum)s, is met de ouders gedeeld. "
            "Elke ouder met gezag kan aangeven of hij of zij akkoord is met het handelingsdeel."
        ) % {"nummer": versie.nummer, "datum": versie.vastgesteld_op.strftime("%d-%m-%Y")}
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.PLAN_GEDEELD,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=toelichting,
        nu=nu,
    )


# --- the parents' responses -----------------------------------------------------------------------------


def _moet_ouder_met_gezag(vraag: Ondersteuningsvraag, ouder: User, melding: str) -> None:
    if ouder.rol != Rol.OUDER or not vraag.leerling.ouders.filter(user=ouder, gezag=True).exists():
        raise Geweigerd(melding)


def _moet_betrokken_zijn(vraag: Ondersteuningsvraag, user: User) -> None:
    if user.rol == Rol.OUDER:
        _moet_ouder_met_gezag(vraag, user, _("Alleen een ouder of verzorger met gezag kan hier reageren."))
    else:
        _moet_rol(user, SCHOOLTEAM, _("Alleen de ouders en het schoolteam reageren hier."))
    if not Ondersteuningsvraag.objects.zichtbaar_voor(user).filter(pk=vraag.pk).exists():
        raise Geweigerd(_("U bent niet (meer) bij deze vraag betrokken."))


@transaction.atomic
def reageren(
    *, vraag: Ondersteuningsvraag, door: User, tekst: str, versie: PlanVersie | None = None, nu=None
) -> Reactie:
    """A comment by a guardian or the school team on the case, or on one plan version."""
    nu = nu or timezone.now()
    _moet_betrokken_zijn(vraag, door)
    if not tekst.strip():
        raise Geweigerd(_("Schrijf uw reactie."))
    vraag = _open_vraag(vraag)
    if versie is not None:
        versies = PlanVersie.objects.filter(plan__vraag=vraag)
        if not (versies.gedeeld() if door.is_ouder else versies).filter(pk=versie.pk).exists():
            raise Geweigerd(_("Kies een versie van het plan van deze vraag."))
    reactie = Reactie.objects.create(vraag=vraag, versie=versie, auteur=door, tekst=tekst.strip(), moment=nu)
    with _schooltaal():
        over = _("Over versie %(nummer)s van het plan: ") % {"nummer": versie.nummer} if versie else ""
    _stap(
        vraag,
        door=door,
        soort=StapSoort.REACTIE,
        ouderbetrokkenheid=Ouderbetrokkenheid.REACTIE if door.is_ouder else Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=over + reactie.tekst,
        nu=nu,
    )
    return reactie


MAX_BIJLAGE_GROOTTE = 10 * 1024 * 1024


def bestandssoort(bestand) -> str | None:
    """The file type read from the content (magic bytes), never from the name: pdf, jpg, png or docx."""
    bestand.seek(0)
    kop = bestand.read(8)
    bestand.seek(0)
    if kop.startswith(b"%PDF-"):
        return BijlageSoort.PDF
    if kop.startswith(b"\x89PNG\r\n\x1a\n"):
        return BijlageSoort.PNG
    if kop.startswith(b"\xff\xd8\xff"):
        return BijlageSoort.JPG
    if kop.startswith(b"PK\x03\x04"):
        # A docx is a zip with a Word document inside; any other zip (or a broken one) is refused.
        try:
            with zipfile.ZipFile(bestand) as archief:
                namen = set(archief.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            bestand.seek(0)
        if {"[Content_Types].xml", "word/document.xml"} <= namen:
            return BijlageSoort.DOCX
    return None


def controleer_bestand(bestand) -> str:
    """The file's type, or Geweigerd with the reason in Dutch."""
    if bestand.size > MAX_BIJLAGE_GROOTTE:
        raise Geweigerd(_("Dit bestand is groter dan 10 MB. Kies een kleiner bestand."))
    if bestand.size == 0:
        raise Geweigerd(_("Dit bestand is leeg."))
    soort = bestandssoort(bestand)
    if soort is None:
        raise Geweigerd(
            _("Dit soort bestand kan niet. Kies een pdf, een foto (jpg of png) of een Word-document (docx).")
        )
    return soort


def _veilige_naam(naam: str, soort: str) -> str:
    # The extension follows the content, so a png called "verslag.pdf" is offered as "verslag.png".
    stam = re.sub(r"[^\w\-. ()]+", "_", PurePath(naam).stem).strip(" ._")[:150] or "document"
    return f"{stam}.{soort}"


@transaction.atomic
def bijlage_toevoegen(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    bestand,
    omschrijving: str = "",
    zichtbaar_voor_ouders: bool = True,
    nu=None,
) -> Bijlage:
    """Add a document to the case. A parent's document is always visible to the parents."""
    nu = nu or timezone.now()
    _moet_betrokken_zijn(vraag, door)
    soort = controleer_bestand(bestand)
    vraag = _open_vraag(vraag)
    zichtbaar = True if door.is_ouder else zichtbaar_voor_ouders
    bijlage = Bijlage(
        vraag=vraag,
        naam=_veilige_naam(bestand.name, soort),
        soort=soort,
        grootte=bestand.size,
        omschrijving=omschrijving,
        geupload_door=door,
        moment=nu,
        zichtbaar_voor_ouders=zichtbaar,
    )
    bijlage.bestand.save("bijlage", bestand, save=False)
    if door.is_ouder:
        betrokkenheid, reden = Ouderbetrokkenheid.REACTIE, ""
    elif zichtbaar:
        betrokkenheid, reden = Ouderbetrokkenheid.GEINFORMEERD, ""
    else:
        betrokkenheid, reden = Ouderbetrokkenheid.NIET_BETROKKEN, gettext_noop("Intern document van het schoolteam.")
    with _schooltaal():
        toelichting = _("Document toegevoegd: %(naam)s%(omschrijving)s") % {
            "naam": bijlage.naam,
            "omschrijving": f" — {omschrijving}" if omschrijving else "",
        }
    try:
        bijlage.save()
        _stap(
            vraag,
            door=door,
            soort=StapSoort.BIJLAGE,
            ouderbetrokkenheid=betrokkenheid,
            reden=reden,
            zichtbaar=zichtbaar,
            toelichting=toelichting,
            nu=nu,
        )
    except Exception:
        # No file without its row: the database write failed, so the stored file goes too.
        bijlage.bestand.delete(save=False)
        raise
    return bijlage


@transaction.atomic
def instemmen(*, versie: PlanVersie, ouder: User, akkoord: bool, toelichting: str = "", nu=None) -> Instemming:
    """A guardian's answer on the handelingsdeel of the version the parents now see; the latest answer counts."""
    nu = nu or timezone.now()
    vraag = versie.plan.vraag
    _moet_ouder_met_gezag(
        vraag, ouder, _("Alleen een ouder of verzorger met gezag geeft aan of hij of zij akkoord is.")
    )
    vraag = _open_vraag(vraag)
    plan = Plan.objects.select_for_update().get(pk=versie.plan_id)
    if plan.gedeelde_versie_id != versie.pk:
        raise Geweigerd(_("Er is intussen een nieuwere versie van het plan gedeeld. Bekijk die eerst."))
    if not akkoord and not toelichting.strip():
        raise Geweigerd(_("Schrijf waarom u niet akkoord bent. Dan kan de school met u in gesprek."))
    instemming = Instemming.objects.create(
        versie=versie, ouder=ouder, akkoord=akkoord, toelichting=toelichting.strip(), moment=nu
    )
    woorden = {"ouder": ouder, "nummer": versie.nummer, "reden": instemming.toelichting}
    with _schooltaal():
        if akkoord:
            tekst = _("%(ouder)s is akkoord met het handelingsdeel van versie %(nummer)s van het plan.") % woorden
            if instemming.toelichting:
                tekst += "\n\n" + instemming.toelichting
        else:
            tekst = (
                _("%(ouder)s is niet akkoord met het handelingsdeel van versie %(nummer)s van het plan.\n\n%(reden)s")
                % woorden
            )
    _stap(
        vraag,
        door=ouder,
        soort=StapSoort.INSTEMMING,
        ouderbetrokkenheid=Ouderbetrokkenheid.INSTEMMING,
        toelichting=tekst,
        nu=nu,
    )
    return instemming
