"""Case transitions (DESIGN.md §4). Each checks its rule and writes exactly one timeline step."""

import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klimop.accounts.meldingen import stap_gezet
from klimop.accounts.models import Rol, User

from .models import (
    Gegevensdeling,
    Grondslag,
    Ondersteuningsvraag,
    Ouderbetrokkenheid,
    Overleg,
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
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur bepaalt de route."))
    if evaluatiedatum <= timezone.localdate(nu):
        raise Geweigerd(_("De evaluatiedatum moet in de toekomst liggen."))
    betrokkenheid, reden = _betrokkenheid(ouders_aanwezig, reden_afwezig)
    vraag = _vergrendeld(vraag)
    vraag.afspraken = afspraken
    vraag.volgende_datum = evaluatiedatum
    vraag.volgende_actie = gettext_noop("Evaluatie basisondersteuning")
    return _overgang(
        vraag,
        Status.BASISONDERSTEUNING,
        door=door,
        soort=StapSoort.BASISONDERSTEUNING,
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
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur start een arrangement."))
    if evaluatiedatum <= timezone.localdate(nu):
        raise Geweigerd(_("De evaluatiedatum moet in de toekomst liggen."))
    betrokkenheid, reden = _betrokkenheid(ouders_aanwezig, reden_afwezig)
    vraag = _vergrendeld(vraag)
    vraag.afspraken = omschrijving
    vraag.volgende_datum = evaluatiedatum
    vraag.volgende_actie = gettext_noop("Evaluatie arrangement")
    return _overgang(
        vraag,
        Status.ARRANGEMENT,
        door=door,
        soort=StapSoort.ARRANGEMENT,
        ouderbetrokkenheid=betrokkenheid,
        reden=reden,
        toelichting=omschrijving,
        nu=nu,
        velden=["afspraken", "volgende_datum", "volgende_actie"],
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
        return []
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
    return acties
