"""The case lifecycle (docs/ontwerp.md §4): from filing to closing, one function per transition."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klimop.accounts.models import Rol, User

from ..models import Ondersteuningsvraag, Ouderbetrokkenheid, Stap, StapSoort, Status, ToestemmingSoort
from ._basis import SCHOOLLEIDING, Geweigerd, _betrokkenheid, _moet_rol, _overgang, _schooltaal, _stap, _vergrendeld
from .plan import _plantermijn_bij_arrangement
from .toestemming import _deel_met, actieve_toestemming


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
