"""The demo cases themselves: a request per pupil, walked through the lifecycle to a target state."""

import datetime
import random

from django.utils import timezone

from klimop.accounts.models import User
from klimop.profiel.models import Basisondersteuningsonderdeel
from leerlingen.models import Leerling

from .. import services
from ..models import (
    InformeerWijze,
    Ondersteuningsvraag,
    Status,
    Toestemming,
    ToestemmingSoort,
    Urgentie,
)
from .tlv import tlv_dossier

VRAGEN = [
    (
        "{naam} leest nog spellend en haalt bij de DMT het niveau van eind groep {lager} niet. Bij lange teksten "
        "haakt {hij} af en wordt {hij} stil.",
        "{naam} vertelt levendig, heeft een grote woordenschat en is sterk in begrijpend luisteren.",
        "Extra leesbeurten met een maatje, RALFI-lezen drie keer per week, teksten vergroot.",
    ),
    (
        "{naam} blijft bij rekenen steken bij de tafels en het automatiseren; de methodetoetsen liggen "
        "structureel onder het groepsgemiddelde.",
        "{naam} zet door, is handig met meten en meetkunde en vraagt zelf om hulp.",
        "Verlengde instructie aan de instructietafel, rekenrekje en dagelijks oefenen met de tafelkaarten.",
    ),
    (
        "{naam} is na de pauze vaak boos en loopt weg uit de klas. Twee keer was er een conflict op het "
        "plein waarbij een klasgenoot geraakt werd.",
        "{naam} is zorgzaam voor jongere kinderen, sportief en heeft een goede band met de juf.",
        "Vaste plek en time-out-kaart, pauzeplan met een rustige taak, dagelijkse check-in.",
    ),
    (
        "{naam} trekt zich terug, praat nauwelijks in de groep en zegt thuis buikpijn te hebben voor schooltijd.",
        "{naam} werkt nauwkeurig, tekent heel goed en heeft één vriendin in de klas.",
        "Kleine kringgesprekken, vooraf oefenen van beurten, KiVa-gesprekjes met de leerkracht.",
    ),
    (
        "{naam} is snel klaar, verveelt zich en gaat dan anderen storen. Toetsen zijn ruim boven niveau, "
        "maar het werk wordt slordig.",
        "{naam} is nieuwsgierig, creatief en denkt graag in oplossingen.",
        "Compacten en verrijken met de plusmap, deelname aan de plusklas op vrijdag.",
    ),
    (
        "{naam} spreekt sinds een jaar Nederlands en begrijpt de instructie vaak niet; de woordenschat blijft achter.",
        "{naam} is sociaal sterk, rekent goed met getallen en leert snel woorden die zichtbaar zijn.",
        "Woordenschatlessen met plaatjes, maatje dat de instructie herhaalt, NT2-materiaal.",
    ),
    (
        "{naam} kan de aandacht moeilijk vasthouden, vergeet opdrachten en raakt spullen kwijt.",
        "{naam} is enthousiast, behulpzaam en goed in bewegingsonderwijs.",
        "Dagplanning op tafel, koptelefoon bij zelfstandig werken, korte opdrachten met een timer.",
    ),
]

TOESTEMMING_WIJZEN = ("digitaal", "papier")


def _leerlingen_per_groep() -> dict[str, list[Leerling]]:
    per_groep: dict[str, list[Leerling]] = {}
    for leerling in Leerling.objects.select_related("groep").filter(leerlingnummer__startswith="KO0").order_by("pk"):
        per_groep.setdefault(leerling.groep.naam, []).append(leerling)
    return per_groep


def _ouder(leerling: Leerling) -> User:
    return leerling.ouders.filter(gezag=True).select_related("user").first().user


def _leerkracht(leerling: Leerling) -> User:
    return leerling.groep.leerkrachten.first()


class _Klok:
    """Walks a case forward in time, a few days per step."""

    def __init__(self, start: datetime.datetime, rng: random.Random):
        self.nu = start
        self.rng = rng

    def verder(self, dagen_min=2, dagen_max=9) -> datetime.datetime:
        self.nu += datetime.timedelta(days=self.rng.randint(dagen_min, dagen_max))
        # Steps happen in school hours, not at night.
        self.nu = self.nu.replace(hour=self.rng.randint(8, 16), minute=self.rng.choice((0, 15, 30, 45)))
        return self.nu


def _toestemming(vraag, soort, ouder, ib, klok, rng):
    papier = rng.random() < 0.4
    services.toestemming_geven(
        vraag=vraag, soort=soort, ouder=ouder, vastgelegd_door=ib if papier else None, nu=klok.verder(1, 4)
    )


def _doorloop(vraag: Ondersteuningsvraag, doel: str, *, accounts, klok: _Klok, rng: random.Random) -> None:
    ib = accounts["ib@klimop.test"]
    tb = accounts["trajectbegeleider@klimop.test"]
    ot = accounts["ot@klimop.test"]
    ouder = _ouder(vraag.leerling)
    services.indienen(vraag=vraag, door=vraag.ingediend_door, nu=klok.nu)
    if doel == Status.INGEDIEND:
        return
    services.oppakken(vraag=vraag, door=ib, nu=klok.verder(1, 6))
    if doel == Status.IN_BEHANDELING:
        return
    if doel == Status.BASISONDERSTEUNING or (doel == Status.AFGESLOTEN and rng.random() < 0.5):
        services.binnen_basisondersteuning(
            vraag=vraag,
            door=ib,
            afspraken="Extra instructie in de kleine groep, thuis dagelijks tien minuten oefenen; "
            "leerkracht houdt een observatielijst bij.",
            evaluatiedatum=timezone.localdate(klok.verder()) + datetime.timedelta(weeks=rng.choice((3, 6, 8))),
            ouders_aanwezig=True,
            nu=klok.nu,
        )
        if doel == Status.AFGESLOTEN:
            services.afsluiten(
                vraag=vraag,
                door=ib,
                conclusie="De afspraken werken; verder binnen de basisondersteuning.",
                nu=klok.verder(30, 60),
            )
        return
    _toestemming(vraag, ToestemmingSoort.AANMELDEN_OT, ouder, ib, klok, rng)
    services.naar_ondersteuningsteam(
        vraag=vraag,
        door=ib,
        toelichting="De aanpak in de groep is niet genoeg; we willen breder kijken.",
        nu=klok.verder(),
    )
    _toestemming(vraag, ToestemmingSoort.DELEN_OT, ouder, ib, klok, rng)
    overleg_datum = klok.verder(5, 12).replace(hour=14, minute=30, second=0, microsecond=0)
    overleg = services.overleg_plannen(
        vraag=vraag,
        door=ib,
        datum=overleg_datum
        if doel != Status.ONDERSTEUNINGSTEAM
        else timezone.now() + datetime.timedelta(days=rng.randint(3, 20)),
        agenda="1. Kennismaking en beeld van de ouders\n2. Wat gaat goed, wat is lastig\n3. Afspraken en wie doet wat",
        deelnemers=[ot, _leerkracht(vraag.leerling)],
        nu=klok.nu - datetime.timedelta(days=4),
    )
    if doel == Status.ONDERSTEUNINGSTEAM:
        return
    # A meeting is recorded after it was held, never before its date.
    klok.nu = max(klok.nu, overleg_datum) + datetime.timedelta(hours=2)
    services.overleg_vastleggen(
        overleg=overleg,
        door=ib,
        ouders_aanwezig=rng.random() < 0.85,
        reden_afwezig="Moeder was ziek; verslag telefonisch besproken.",
        verslag="Ouders herkennen het beeld. Afgesproken: advies van de trajectbegeleider vragen en thuis "
        "samen lezen. Schoolmaatschappelijk werk neemt contact op met het gezin.",
        nu=klok.nu,
    )
    if doel in (Status.TRAJECTBEGELEIDING, Status.VERWIJZING) or rng.random() < 0.6:
        _toestemming(vraag, ToestemmingSoort.DELEN_SWV, ouder, ib, klok, rng)
        services.openen_voor_trajectbegeleider(
            vraag=vraag,
            door=ib,
            trajectbegeleider=tb,
            toelichting="Graag uw advies over een passend arrangement.",
            nu=klok.verder(),
        )
        if doel == Status.TRAJECTBEGELEIDING and rng.random() < 0.5:
            return
        services.advies_geven(
            vraag=vraag,
            door=tb,
            advies="Advies: arrangement van twaalf weken met begeleiding in een kleine groep, twee keer per week, "
            "en een observatie in de klas door de orthopedagoog.",
            nu=klok.verder(),
        )
        if doel == Status.TRAJECTBEGELEIDING:
            return
    if doel == Status.VERWIJZING:
        tlv_dossier(vraag, accounts=accounts, ouder=ouder, klok=klok, rng=rng)
        return
    services.arrangement_starten(
        vraag=vraag,
        door=ib,
        omschrijving="Twee keer per week begeleiding in een kleine groep door de onderwijsassistent (30 minuten), "
        "wekelijks kort contact met de ouders, doelen in het handelingsplan.",
        evaluatiedatum=timezone.localdate(klok.verder()) + datetime.timedelta(weeks=rng.choice((4, 8, 12))),
        ouders_aanwezig=True,
        nu=klok.nu,
    )
    if doel == Status.ARRANGEMENT:
        return
    services.evalueren(
        vraag=vraag,
        door=ib,
        bevindingen="Vooruitgang op beide doelen; het kind geeft zelf aan dat het beter gaat.",
        ouders_aanwezig=True,
        nu=klok.verder(25, 40),
    )
    if doel == Status.EVALUATIE:
        return
    services.afsluiten(
        vraag=vraag,
        door=ib,
        conclusie="De doelen zijn bereikt; we gaan verder binnen de basisondersteuning.",
        nu=klok.verder(),
    )


# (target state, how many) — a primary school in November: most cases open, a few closed.
VERDELING = [
    (Status.CONCEPT, 2),
    (Status.INGEDIEND, 5),
    (Status.IN_BEHANDELING, 4),
    (Status.BASISONDERSTEUNING, 5),
    (Status.ONDERSTEUNINGSTEAM, 4),
    (Status.TRAJECTBEGELEIDING, 3),
    (Status.ARRANGEMENT, 5),
    (Status.EVALUATIE, 2),
    (Status.VERWIJZING, 2),
    (Status.AFGESLOTEN, 5),
]


def _nieuwe_vraag(leerling, door, rng, nu, sjabloon) -> Ondersteuningsvraag:
    meisje = leerling.voornaam[-1:] in "aeiy" and rng.random() < 0.8
    woorden = {
        "naam": leerling.voornaam,
        "hij": "zij" if meisje else "hij",
        "lager": max(leerling.groep.leerjaar - 1, 1),
    }
    hulpvraag, sterk, geprobeerd = (tekst.format(**woorden) for tekst in sjabloon)
    vraag = Ondersteuningsvraag.objects.create(
        leerling=leerling,
        ingediend_door=door,
        hulpvraag=hulpvraag,
        sterke_kanten=sterk,
        geprobeerd_toelichting=geprobeerd,
        ouders_geinformeerd_op=timezone.localdate(nu) - datetime.timedelta(days=rng.randint(1, 10)),
        ouders_geinformeerd_hoe=rng.choice([InformeerWijze.GESPREK, InformeerWijze.GESPREK, InformeerWijze.TELEFOON]),
        urgentie=rng.choices(Urgentie.values, weights=(7, 2, 1))[0],
        aangemaakt_op=nu,
        status_sinds=nu,
    )
    onderdelen = list(Basisondersteuningsonderdeel.objects.gepubliceerd())
    if onderdelen:
        vraag.geprobeerd.set(rng.sample(onderdelen, k=min(len(onderdelen), rng.randint(1, 3))))
    return vraag


def _gezinnen(accounts: dict, rng: random.Random) -> int:
    """ouder@'s child in groep 5 has an arrangement running; ouder2@'s child in groep 7 is with the OT."""
    gemaakt = 0
    for leerlingnummer, doel, sjabloon in (
        ("KO9001", Status.ARRANGEMENT, VRAGEN[0]),
        ("KO9003", Status.ONDERSTEUNINGSTEAM, VRAGEN[2]),
    ):
        leerling = Leerling.objects.select_related("groep").get(leerlingnummer=leerlingnummer)
        if leerling.ondersteuningsvragen.exists():
            continue
        start = timezone.now() - datetime.timedelta(days=75)
        vraag = _nieuwe_vraag(leerling, _leerkracht(leerling), rng, start, sjabloon)
        _doorloop(
            vraag,
            doel,
            accounts=accounts,
            klok=_Klok(start, random.Random(leerlingnummer)),
            rng=random.Random(leerlingnummer),
        )
        gemaakt += 1
    return gemaakt


def _toestemmingen_ingetrokken(accounts: dict) -> None:
    """A few parents give consent for research and later withdraw it, so the overview has withdrawals to show.

    Only the research consent is used: withdrawing it takes no access away that other demo journeys rely on.
    """
    if Toestemming.objects.filter(soort=ToestemmingSoort.ONDERZOEK).exists():
        return
    vragen = (
        Ondersteuningsvraag.objects.filter(
            status__in=[Status.ARRANGEMENT, Status.EVALUATIE, Status.BASISONDERSTEUNING]
        )
        .exclude(leerling__leerlingnummer__in=["KO9001", "KO9003"])
        .order_by("pk")[:3]
    )
    nu = timezone.now()
    for index, vraag in enumerate(vragen):
        laatste = vraag.stappen.order_by("-moment").values_list("moment", flat=True).first()
        gegeven = min(max(laatste, nu - datetime.timedelta(days=20)) + datetime.timedelta(hours=1), nu)
        ouder = _ouder(vraag.leerling)
        toestemming = services.toestemming_geven(
            vraag=vraag, soort=ToestemmingSoort.ONDERZOEK, ouder=ouder, nu=gegeven
        )
        if index < 2:
            services.toestemming_intrekken(
                toestemming=toestemming, door=ouder, nu=min(gegeven + datetime.timedelta(days=6), nu)
            )
