"""Demo cases in every state with believable timelines (docs/ontwerp.md §7), written through the real services."""

import datetime
import random

from django.utils import timezone

from klimop.accounts.models import User
from klimop.profiel.models import Basisondersteuningsonderdeel
from leerlingen.models import Leerling

from . import services
from .models import (
    InformeerWijze,
    Ondersteuningsvraag,
    PlanVersie,
    Stap,
    StapSoort,
    Status,
    TlvBesluit,
    Toestemming,
    ToestemmingSoort,
    Urgentie,
    Verwijzing,
)

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
    services.overleg_vastleggen(
        overleg=overleg,
        door=ib,
        ouders_aanwezig=rng.random() < 0.85,
        reden_afwezig="Moeder was ziek; verslag telefonisch besproken.",
        verslag="Ouders herkennen het beeld. Afgesproken: advies van de trajectbegeleider vragen en thuis "
        "samen lezen. Schoolmaatschappelijk werk neemt contact op met het gezin.",
        nu=klok.nu + datetime.timedelta(hours=2),
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
        verwijzing = Verwijzing(
            soort=rng.choice(["A", "B"]),
            bestemming="SBO De Spinaker, Hoorn",
            deskundige_1="Drs. M. de Boer, orthopedagoog",
            advies_1="De ondersteuningsbehoefte overstijgt wat de school kan bieden; SBO is passend.",
            deskundige_2="S. de Wit, trajectbegeleider De Westfriese Knoop",
            advies_2="Eens met plaatsing in het SBO, met een evaluatie na één jaar.",
            zienswijze_ouders="Ouders hebben het SBO bezocht en steunen de overstap.",
        )
        services.verwijzen(vraag=vraag, door=ib, verwijzing=verwijzing, nu=klok.verder())
        if rng.random() < 0.5:
            services.tlv_besluit_vastleggen(
                vraag=vraag,
                door=tb,
                besluit=TlvBesluit.TOEGEKEND,
                besluit_op=timezone.localdate(klok.verder(10, 20)),
                toelichting="Toegekend door de commissie toelaatbaarheid.",
                geldig_tot=datetime.date(2028, 7, 31),
                nu=klok.nu,
            )
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


def build_cases(*, accounts: dict, seed: int = 2026) -> int:
    """Create the demo cases once; pupils who already have a case are left alone. Returns how many were made."""
    rng = random.Random(seed)
    per_groep = _leerlingen_per_groep()
    gemaakt = 0
    nu = timezone.now()
    groepnamen = sorted(per_groep)
    index = 0
    for doel, aantal in VERDELING:
        for _ in range(aantal):
            groep = groepnamen[index % len(groepnamen)]
            leerling = per_groep[groep][(index // len(groepnamen)) * 3 % len(per_groep[groep])]
            index += 1
            if leerling.ondersteuningsvragen.exists():
                continue
            door = accounts["leerkracht@klimop.test"] if groep == "Groep 5" else _leerkracht(leerling)
            if doel == Status.CONCEPT:
                door = accounts["leerkracht@klimop.test"]
                leerling = per_groep["Groep 5"][-1 - index % 5]
                if leerling.ondersteuningsvragen.exists():
                    continue
            start = nu - datetime.timedelta(
                days=rng.randint(60, 110) if doel != Status.INGEDIEND else rng.randint(1, 14)
            )
            klok = _Klok(start, rng)
            vraag = _nieuwe_vraag(leerling, door, rng, start, VRAGEN[index % len(VRAGEN)])
            if doel != Status.CONCEPT:
                _doorloop(vraag, doel, accounts=accounts, klok=klok, rng=rng)
            gemaakt += 1
    gemaakt += _gezinnen(accounts, rng)
    _toestemmingen_ingetrokken(accounts)
    _plannen(accounts)
    return gemaakt


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


# --- plans, comments, agreement and consents (issue 5) --------------------------------------------------

PLAN_INHOUD = {
    "uitstroombestemming": "vmbo kader/theoretisch",
    "uitstroom_onderbouwing": "{naam} ontwikkelt zich op de meeste vakken volgens de lijn van de groep; met de "
    "extra ondersteuning verwachten we dat de achterstand kleiner wordt.",
    "bevorderende_factoren": "{naam} is gemotiveerd, werkt graag samen en heeft steun van thuis.",
    "belemmerende_factoren": "Het tempo ligt laag en {naam} raakt snel ontmoedigd bij tegenslag.",
    "onderwijsbehoeften": "{naam} heeft korte, duidelijke opdrachten nodig, verlengde instructie aan de "
    "instructietafel en complimenten voor inzet.",
    "handelingsdeel_aanbod": "Twee keer per week begeleiding in een kleine groep (30 minuten), gericht op de doelen "
    "hieronder; in de klas een vaste plek dicht bij de instructie.",
    "handelingsdeel_uitvoering": "De onderwijsassistent op dinsdag en donderdag; de leerkracht bespreekt elke "
    "vrijdag kort de week met {naam}. De intern begeleider volgt het plan.",
    "handelingsdeel_afwijkingen": "Bij begrijpend lezen werkt {naam} met teksten op een lager niveau.",
    "kind_aan_het_woord": "“Ik vind het fijn als de juf het nog een keer uitlegt. In het kleine groepje durf ik "
    "meer te vragen.”",
    "kind_eigen_doelen": "Ik wil zelf een boek uitlezen. Ik wil minder boos worden als iets niet lukt.",
    "evaluatiemomenten": "Na acht weken en aan het eind van het schooljaar.",
}
DOELEN = [
    "{naam} leest een tekst op AVI-niveau E{leerjaar} vlot en met begrip.",
    "{naam} vraagt zelf om hulp als een opdracht niet lukt.",
]


def _tijden(vraag: Ondersteuningsvraag, aantal: int) -> list[datetime.datetime]:
    """`aantal` moments after the case's last step and before now, in school hours."""
    vanaf = Stap.objects.filter(vraag=vraag).order_by("-moment").values_list("moment", flat=True).first()
    tot = timezone.now() - datetime.timedelta(hours=2)
    stap = (tot - vanaf) / (aantal + 1)
    return [vanaf + stap * (i + 1) for i in range(aantal)]


def _plan_schrijven(vraag: Ondersteuningsvraag, ib: User, nu, **vervang) -> PlanVersie:
    woorden = {"naam": vraag.leerling.voornaam, "leerjaar": vraag.leerling.groep.leerjaar}
    inhoud = {veld: tekst.format(**woorden) for veld, tekst in PLAN_INHOUD.items()} | vervang
    evaluatie = timezone.localdate(nu) + datetime.timedelta(weeks=8)
    doelen = [{"omschrijving": doel.format(**woorden), "evaluatiedatum": evaluatie} for doel in DOELEN]
    return services.plan_starten(vraag=vraag, door=ib, inhoud=inhoud, doelen=doelen, nu=nu)


def _plannen(accounts: dict) -> None:
    """Every case with extra support gets a plan once; ouder@'s child in groep 5 the full story."""
    ib = accounts["ib@klimop.test"]
    vragen = (
        Ondersteuningsvraag.objects.filter(stappen__soort=StapSoort.ARRANGEMENT)
        .exclude(plan__versies__isnull=False)
        .select_related("leerling__groep")
        .distinct()
        .order_by("pk")
    )
    for vraag in vragen:
        if vraag.leerling.leerlingnummer == "KO9001":
            _plan_van_het_demogezin(vraag, accounts)
            continue
        if not vraag.is_open:
            continue
        rng = random.Random(vraag.pk)
        eerste, tweede = _tijden(vraag, 2)
        versie = _plan_schrijven(vraag, ib, eerste)
        if rng.random() < 0.35:
            continue  # still a concept: its six-week deadline shows as due or overdue
        services.versie_delen(versie=versie, door=ib, nu=eerste + datetime.timedelta(hours=1))
        if rng.random() < 0.6:
            services.instemmen(versie=versie, ouder=_ouder(vraag.leerling), akkoord=True, nu=tweede)


def _plan_van_het_demogezin(vraag: Ondersteuningsvraag, accounts: dict) -> None:
    """Version 1 shared and discussed, version 2 shared and waiting for agreement; consents in every state."""
    ib = accounts["ib@klimop.test"]
    juf = accounts["leerkracht@klimop.test"]
    ouder = accounts["ouder@klimop.test"]
    t = _tijden(vraag, 10)
    versie = _plan_schrijven(vraag, ib, t[0])
    services.versie_opslaan(
        versie=versie,
        door=juf,
        inhoud={"kind_aan_het_woord": "“Lezen is moeilijk, maar voorlezen aan mijn zusje vind ik leuk.”"},
        nu=t[0] + datetime.timedelta(hours=3),
    )
    services.versie_delen(versie=versie, door=ib, nu=t[1])
    services.reageren(
        vraag=vraag,
        door=ouder,
        versie=versie,
        tekst="Fijn dat Daan extra hulp krijgt. Kan hij thuis ook oefenen met dezelfde teksten?",
        nu=t[2],
    )
    services.reageren(
        vraag=vraag,
        door=ib,
        versie=versie,
        tekst="Goed idee. We geven Daan elke vrijdag de teksten van de week mee en nemen dat op in het plan.",
        nu=t[3],
    )
    services.instemmen(
        versie=versie,
        ouder=ouder,
        akkoord=False,
        toelichting="Graag eerst afspreken hoe we thuis kunnen meehelpen.",
        nu=t[4],
    )
    nieuw = services.concept_versie(vraag=vraag, door=ib, nu=t[5])
    services.versie_opslaan(
        versie=nieuw,
        door=ib,
        inhoud={
            "handelingsdeel_uitvoering": nieuw.handelingsdeel_uitvoering
            + " Daan neemt elke vrijdag de teksten van de week mee naar huis om samen te lezen."
        },
        nu=t[5],
    )
    services.versie_delen(versie=nieuw, door=ib, nu=t[6])
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.ONDERZOEK, ouder=ouder, nu=t[7])
    onderzoek = Toestemming.objects.get(vraag=vraag, soort=ToestemmingSoort.ONDERZOEK, ingetrokken_op__isnull=True)
    services.toestemming_intrekken(toestemming=onderzoek, door=ouder, nu=t[8])
    services.toestemming_geven(
        vraag=vraag,
        soort=ToestemmingSoort.GEANONIMISEERD,
        ouder=ouder,
        vastgelegd_door=ib,
        gegeven_op=t[8] - datetime.timedelta(days=1),
        nu=t[8] + datetime.timedelta(minutes=30),
    )
    services.reageren(
        vraag=vraag,
        door=ouder,
        tekst="We hebben de nieuwe versie gelezen en komen er deze week op terug.",
        nu=t[9],
    )
