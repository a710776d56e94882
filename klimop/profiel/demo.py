"""The demo schoolondersteuningsprofiel: the version published in 2024 and the archived one from 2020."""

import datetime

from django.utils import timezone

from .models import Basisondersteuningsonderdeel, Ondersteuningsprofiel

TITEL = "Schoolondersteuningsprofiel Kindcentrum KlimOp"

HUIDIG = {
    "vastgesteld_op": datetime.date(2024, 6, 18),
    "mr_advies_op": datetime.date(2024, 5, 28),
    "samenvatting": (
        "In dit schoolondersteuningsprofiel leest u welke ondersteuning Kindcentrum KlimOp aan elk kind biedt, welke "
        "extra ondersteuning wij samen met ouders en partners kunnen organiseren en waar de grenzen liggen van wat "
        "wij kunnen bieden. Het profiel is vastgesteld na advies van de medezeggenschapsraad en geldt vier jaar."
    ),
    "visie": (
        "Op KlimOp leren kinderen in een veilige, voorspelbare omgeving waarin zij gezien worden. Wij kijken eerst "
        "naar wat een kind wél kan en wat het nodig heeft om de volgende stap te zetten, niet naar wat er mis is.\n\n"
        "Wij werken handelingsgericht: de leerkracht stemt de instructie en begeleiding af op de onderwijsbehoeften "
        "van de kinderen in de groep. Ouders zijn ervaringsdeskundig en gelijkwaardig partner; wij betrekken hen "
        "vanaf de eerste zorg. Kinderen praten zelf mee over hun doelen: samen met de leerkracht bedenken zij "
        "waar zij aan willen werken.\n\n"
        "Ons uitgangspunt is dat ieder kind uit de buurt bij ons naar school kan, tenzij de ondersteuning die het "
        "nodig heeft echt niet op KlimOp te organiseren is."
    ),
    "basisondersteuning": (
        "Basisondersteuning is de ondersteuning die elke school in samenwerkingsverband De Westfriese Knoop biedt, "
        "zonder aparte aanvraag en zonder extra geld. Op KlimOp bestaat die uit de onderdelen hieronder. Pas als deze "
        "onderdelen, goed uitgevoerd en op tijd geëvalueerd, niet genoeg zijn, spreken wij van extra ondersteuning."
    ),
    "extra_ondersteuning": (
        "Heeft een kind meer nodig dan de basisondersteuning, dan bespreekt de intern begeleider de "
        "ondersteuningsvraag met de ouders en de leerkracht. Met toestemming van de ouders komt het kind in het "
        "ondersteuningsteam, waarin ouders vaste deelnemer zijn.\n\n"
        "Wat wij met het ondersteuningsteam kunnen organiseren:\n"
        "- een ontwikkelingsperspectief met een eigen leerlijn voor één of meer vakken\n"
        "- begeleiding in een kleine groep of individueel door een onderwijsassistent, enkele dagdelen per week\n"
        "- een arrangement van het samenwerkingsverband, bijvoorbeeld ambulante begeleiding bij gedrag of taal\n"
        "- inzet van schoolmaatschappelijk werk of de jeugdverpleegkundige, in overleg met ouders\n"
        "- onderzoek door de orthopedagoog, als dat nodig is om de juiste ondersteuning te kiezen\n\n"
        "Het plan van aanpak (het handelingsdeel) stellen wij op met de ouders; zij moeten ermee instemmen. Wij "
        "evalueren het plan ten minste eens per jaar, meestal vaker."
    ),
    "deskundigheid": (
        "Binnen het team:\n"
        "- een intern begeleider (master Educational Needs) die vier dagen per week op school is\n"
        "- een rekencoördinator en een taal-/leescoördinator, beiden met een post-hbo-opleiding\n"
        "- een specialist meer- en hoogbegaafdheid die de plusgroep begeleidt\n"
        "- een gedragsspecialist en twee KiVa-coördinatoren\n"
        "- een jonge-kindspecialist in de onderbouw\n"
        "- drie onderwijsassistenten, onder wie één met een training NT2\n\n"
        "Het hele team is geschoold in handelingsgericht werken, het dyslexieprotocol en de Kanjer- en "
        "KiVa-aanpak. Ieder jaar volgt het team samen een scholing die past bij de ambities hieronder."
    ),
    "voorzieningen": (
        "- een rustige werkplek op de gang bij elke groep, en een prikkelarme ruimte voor korte time-outs\n"
        "- een lift en een invalidentoilet; het gebouw is op de begane grond en de eerste verdieping toegankelijk\n"
        "- koptelefoons, wiebelkussens, time-timers en visuele dagroosters in elke groep\n"
        "- Chromebooks met voorleessoftware voor kinderen met dyslexie\n"
        "- een plusklas voor twee ochtenden per week\n"
        "- een spreekkamer voor gesprekken met ouders en partners"
    ),
    "samenwerkingspartners": (
        "- samenwerkingsverband De Westfriese Knoop: de trajectbegeleider van ons knooppunt denkt mee en "
        "begeleidt arrangementen en toelaatbaarheidsverklaringen\n"
        "- schoolmaatschappelijk werk (Stichting Netwerk) en de jeugdverpleegkundige van de GGD Hollands Noorden\n"
        "- het sociaal team van de gemeente voor jeugdhulp thuis\n"
        "- logopedie, fysiotherapie en dyslexiebehandelaars, met toestemming van ouders ook onder schooltijd\n"
        "- de kinderopvang en peuterspeelzaal in ons gebouw, voor een warme overdracht naar groep 1\n"
        "- de scholen voor speciaal (basis)onderwijs in West-Friesland, voor advies en voor plaatsing als dat nodig is"
    ),
    "grenzen": (
        "Wij willen zo veel mogelijk kinderen uit de buurt goed onderwijs bieden. Soms lukt dat niet. Wij kijken dan "
        "altijd naar het individuele kind en zoeken samen met ouders en het samenwerkingsverband naar een passende "
        "plek. Grenzen ontstaan vooral als:\n"
        "- een kind voortdurend één-op-één begeleiding nodig heeft, ook tijdens de pauzes\n"
        "- de veiligheid van het kind zelf, van andere kinderen of van het team herhaaldelijk in gevaar komt\n"
        "- een kind intensieve medische handelingen nodig heeft die ons team niet mag of kan uitvoeren\n"
        "- de groep al zoveel kinderen met extra ondersteuning heeft dat niemand meer de aandacht krijgt die hij of "
        "zij nodig heeft\n\n"
        "Ook dan laten wij een kind niet los: de trajectbegeleider coördineert de overstap en wij houden contact "
        "tot het kind een goede plek heeft."
    ),
    "ambities": (
        "In de periode 2024–2028 werken wij aan:\n"
        "- het versterken van het taalonderwijs voor kinderen met een taalachterstand, samen met de voorschool\n"
        "- het gebruik van het portaal om ouders bij elke stap van de ondersteuning te betrekken\n"
        "- het structureel laten meepraten van kinderen over hun eigen doelen (kind aan het woord), vanaf groep 3\n"
        "- meer kennis in het team over kinderen met autisme en over hechtingsproblematiek"
    ),
}

ONDERDELEN = [
    (
        "Handelingsgericht werken in de groep",
        "De leerkracht brengt de onderwijsbehoeften van alle kinderen in kaart en werkt met een groepsplan in drie "
        "niveaus: verlengde instructie, basisinstructie en verkorte instructie. Twee keer per jaar bespreekt de "
        "leerkracht de groep met de intern begeleider.",
    ),
    (
        "Leerlingvolgsysteem en groepsbespreking",
        "Wij volgen de ontwikkeling met de methodetoetsen en twee keer per jaar de toetsen van het "
        "leerlingvolgsysteem. Opvallende uitslagen bespreekt de leerkracht met de intern begeleider en met de ouders.",
    ),
    (
        "Verlengde instructie en preteaching",
        "Kinderen die het nodig hebben, krijgen de instructie vooraf (preteaching) of een extra instructie aan de "
        "instructietafel, binnen de eigen groep.",
    ),
    (
        "Dyslexieprotocol",
        "Wij werken volgens het Protocol Leesproblemen en Dyslexie. Vanaf groep 1 signaleren wij risico's; kinderen "
        "met een leesachterstand krijgen drie keer per week extra leesbegeleiding. Na een half jaar intensieve "
        "begeleiding bespreken wij met ouders of onderzoek naar dyslexie zinvol is.",
    ),
    (
        "Rekenprotocol ERWD",
        "Wij werken volgens het protocol Ernstige Rekenwiskunde-problemen en Dyscalculie (ERWD). Kinderen met "
        "rekenproblemen krijgen gerichte begeleiding met concreet materiaal en extra oefentijd.",
    ),
    (
        "Sociaal-emotionele ondersteuning (KiVa)",
        "KiVa is ons schoolbrede programma voor een positieve groep en tegen pesten. Wij volgen het welbevinden van "
        "kinderen twee keer per jaar met de KiVa-monitor; bij pesten grijpen de KiVa-coördinatoren in volgens een "
        "vaste aanpak.",
    ),
    (
        "Gedrag: duidelijke afspraken en positieve aanpak",
        "Elke groep werkt met dezelfde schoolregels, een visueel dagprogramma en een beloningssysteem. Bij "
        "gedragsvragen maakt de leerkracht met de gedragsspecialist en de ouders een eenvoudig gedragsplan.",
    ),
    (
        "Meer- en hoogbegaafdheid",
        "Kinderen die meer aankunnen, krijgen compacte instructie en verrijkingswerk in de groep. Wie daarnaast meer "
        "uitdaging nodig heeft, gaat twee ochtenden per week naar de plusklas.",
    ),
    (
        "Taalondersteuning en NT2",
        "Kinderen die Nederlands als tweede taal leren, krijgen extra woordenschatonderwijs, in de groep en in een "
        "klein groepje met de onderwijsassistent.",
    ),
    (
        "Jonge kind en overgang naar groep 3",
        "In groep 1 en 2 volgen wij de ontwikkeling spelenderwijs. Met de voorschool hebben wij een warme overdracht; "
        "over de overgang naar groep 3 beslissen wij samen met de ouders.",
    ),
    (
        "Gesprekken met ouders en kind",
        "Drie keer per jaar voeren wij een gesprek met ouders en kind over de ontwikkeling, vanaf groep 5 met het "
        "kind erbij. Zorgen bespreken wij meteen, niet pas bij het volgende gesprek.",
    ),
    (
        "Medisch handelen en protocollen",
        "Wij werken met het protocol medisch handelen: wij geven medicijnen op schriftelijk verzoek van ouders en "
        "maken afspraken over bijvoorbeeld diabetes of epilepsie, met hulp van de jeugdverpleegkundige.",
    ),
    (
        "Fysieke toegankelijkheid",
        "Het gebouw is rolstoeltoegankelijk, met lift en aangepast toilet. Voor kinderen met een beperking passen wij "
        "waar nodig de werkplek aan.",
    ),
]

ARCHIEF = {
    "vastgesteld_op": datetime.date(2020, 6, 23),
    "mr_advies_op": datetime.date(2020, 6, 2),
    "samenvatting": (
        "Dit profiel beschrijft de ondersteuning van Kindcentrum KlimOp voor de periode 2020–2024: de "
        "basisondersteuning voor alle kinderen, de extra ondersteuning en de grenzen van wat wij kunnen bieden."
    ),
    "visie": (
        "Op KlimOp krijgt ieder kind onderwijs dat past bij zijn mogelijkheden. Wij werken samen met ouders en met "
        "samenwerkingsverband De Westfriese Knoop."
    ),
    "basisondersteuning": "Alle scholen in De Westfriese Knoop bieden dezelfde basisondersteuning. Op KlimOp:",
    "extra_ondersteuning": (
        "Extra ondersteuning organiseren wij met het ondersteuningsteam en, waar nodig, een arrangement van het "
        "samenwerkingsverband."
    ),
    "deskundigheid": "- een intern begeleider\n- een rekencoördinator\n- een gedragsspecialist",
    "voorzieningen": "- een lift en een invalidentoilet\n- rustige werkplekken op de gang",
    "samenwerkingspartners": (
        "- samenwerkingsverband De Westfriese Knoop\n- schoolmaatschappelijk werk\n- de GGD (jeugdverpleegkundige)"
    ),
    "grenzen": (
        "Grenzen ontstaan als de veiligheid van het kind of van anderen in gevaar komt of als een kind voortdurend "
        "één-op-één begeleiding nodig heeft."
    ),
    "ambities": "- invoeren van KiVa in alle groepen\n- een plusklas voor meer- en hoogbegaafde kinderen",
}

ARCHIEF_ONDERDELEN = [
    ("Handelingsgericht werken in de groep", "Groepsplannen in drie niveaus."),
    ("Dyslexieprotocol", "Volgens het Protocol Leesproblemen en Dyslexie."),
    ("Rekenprotocol ERWD", "Volgens het protocol Ernstige Rekenwiskunde-problemen en Dyscalculie."),
    ("Sociaal-emotionele ondersteuning", "Met de Kanjertraining in alle groepen."),
    ("Gesprekken met ouders en kind", "Twee keer per jaar een voortgangsgesprek."),
]


def _versie(status: str, gegevens: dict, onderdelen: list[tuple[str, str]], gepubliceerd_op) -> Ondersteuningsprofiel:
    profiel, _ = Ondersteuningsprofiel.objects.update_or_create(
        titel=TITEL,
        vastgesteld_op=gegevens["vastgesteld_op"],
        defaults={**gegevens, "status": status, "gepubliceerd_op": gepubliceerd_op},
    )
    profiel.onderdelen.exclude(titel__in=[titel for titel, _ in onderdelen]).delete()
    for volgorde, (titel, omschrijving) in enumerate(onderdelen, start=1):
        Basisondersteuningsonderdeel.objects.update_or_create(
            profiel=profiel, titel=titel, defaults={"omschrijving": omschrijving, "volgorde": volgorde}
        )
    return profiel


def build_profiel() -> Ondersteuningsprofiel:
    """Create or refresh the demo profile versions; running it twice leaves the same data."""
    tz = timezone.get_current_timezone()
    # Archive first: the database allows only one published version at any moment.
    _versie(
        Ondersteuningsprofiel.Status.GEARCHIVEERD,
        ARCHIEF,
        ARCHIEF_ONDERDELEN,
        datetime.datetime(2020, 7, 1, 9, 0, tzinfo=tz),
    )
    Ondersteuningsprofiel.objects.gepubliceerd().exclude(vastgesteld_op=HUIDIG["vastgesteld_op"]).update(
        status=Ondersteuningsprofiel.Status.GEARCHIVEERD
    )
    return _versie(
        Ondersteuningsprofiel.Status.GEPUBLICEERD,
        HUIDIG,
        ONDERDELEN,
        datetime.datetime(2024, 7, 1, 9, 0, tzinfo=tz),
    )
