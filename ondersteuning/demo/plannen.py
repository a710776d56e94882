"""Demo plans, comments, agreement and consents (issue 5)."""

import datetime
import random

from django.utils import timezone

from klimop.accounts.models import User

from .. import services
from ..models import Ondersteuningsvraag, PlanVersie, Stap, StapSoort, Toestemming, ToestemmingSoort
from .vragen import _ouder

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
