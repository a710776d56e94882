"""The demo school of docs/ontwerp.md §7: groups, ~200 pupils with Dutch names, guardians and the demo accounts."""

import datetime
import random

from faker import Faker

from klimop.accounts.demo import DEMO_ACCOUNTS, DEMO_WACHTWOORD
from klimop.accounts.models import User

from .models import Groep, Leerling, Ouder, Relatie, huidig_schooljaar

TUSSENVOEGSELS = ("van der", "van den", "van de", "van", "de", "den", "der", "ter", "te", "in 't", "op de")

# (naam, leerjaar, leerkracht e-mail or None for a generated colleague, aantal leerlingen)
GROEPEN = [
    ("Groep 1/2a", 1, None, 26),
    ("Groep 1/2b", 1, None, 25),
    ("Groep 3", 3, None, 24),
    ("Groep 4", 4, None, 25),
    ("Groep 5", 5, "leerkracht@klimop.test", 25),
    ("Groep 6", 6, None, 26),
    ("Groep 7", 7, "leerkracht2@klimop.test", 24),
    ("Groep 8", 8, None, 25),
]


def _splits_achternaam(naam: str) -> tuple[str, str]:
    for tussen in sorted(TUSSENVOEGSELS, key=len, reverse=True):
        if naam.startswith(tussen + " "):
            return tussen, naam[len(tussen) + 1 :]
    return "", naam


def _account(email, voornaam, achternaam, rol, organisatie="", functie="", wachtwoord=None) -> User:
    user, created = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": voornaam,
            "last_name": achternaam,
            "rol": rol,
            "organisatie": organisatie,
            "functie": functie,
            "is_active": True,
        },
    )
    if wachtwoord and (created or not user.check_password(wachtwoord)):
        user.set_password(wachtwoord)
        user.save(update_fields=["password"])
    elif not wachtwoord and created:
        # Guardians and colleagues without a demo login get an invitation in real life.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _geboortedatum(rng: random.Random, schooljaar_start: int, leerjaar: int) -> datetime.date:
    # A pupil in groep L turned L+3 before 1 October of the school year's start (groep 1/2: mixed 4-6).
    if leerjaar == 1:
        leerjaar = rng.choice((1, 2))
    begin = datetime.date(schooljaar_start - leerjaar - 4, 10, 1)
    return begin + datetime.timedelta(days=rng.randrange(365))


def build_school(*, seed: int = 2026) -> dict:
    """Create or update the demo school; running it twice leaves the same data."""
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    schooljaar = huidig_schooljaar()
    start = int(schooljaar[:4])

    accounts = {
        email: _account(email, voornaam, achternaam, rol, organisatie, functie, DEMO_WACHTWOORD)
        for email, voornaam, achternaam, rol, organisatie, functie in DEMO_ACCOUNTS
    }

    groepen = {}
    nummer = 0
    for index, (naam, leerjaar, leerkracht_email, aantal) in enumerate(GROEPEN):
        groep, _ = Groep.objects.update_or_create(schooljaar=schooljaar, naam=naam, defaults={"leerjaar": leerjaar})
        if leerkracht_email:
            leerkracht = accounts[leerkracht_email]
        else:
            tussen, achternaam = _splits_achternaam(fake.last_name())
            voornaam = fake.first_name_female() if index % 3 else fake.first_name_male()
            leerkracht = _account(
                f"leerkracht.{naam.lower().replace(' ', '').replace('/', '')}@klimop.test",
                voornaam,
                f"{tussen} {achternaam}".strip(),
                User.Rol.LEERKRACHT,
                functie=f"leerkracht {naam.lower()}",
            )
        groep.leerkrachten.set([leerkracht])
        groepen[naam] = groep

        for _ in range(aantal):
            nummer += 1
            tussen, achternaam = _splits_achternaam(fake.last_name())
            meisje = rng.random() < 0.5
            voornaam = fake.first_name_female() if meisje else fake.first_name_male()
            geboren = _geboortedatum(rng, start, leerjaar)
            leerling, _ = Leerling.objects.update_or_create(
                leerlingnummer=f"KO{nummer:04d}",
                defaults={
                    "voornaam": voornaam,
                    "tussenvoegsel": tussen,
                    "achternaam": achternaam,
                    "geboortedatum": geboren,
                    "groep": groep,
                    "ingeschreven_op": geboren.replace(year=geboren.year + 4) + datetime.timedelta(days=1)
                    if not (geboren.month == 2 and geboren.day == 29)
                    else datetime.date(geboren.year + 4, 3, 1),
                    "uitgeschreven_op": None,
                },
            )
            _ouders_voor(leerling, rng, fake, nummer)

    _gezin_van_demo_ouders(accounts, groepen)
    return {"accounts": accounts, "groepen": groepen}


def _ouders_voor(leerling: Leerling, rng: random.Random, fake: Faker, nummer: int) -> None:
    aantal = 1 if rng.random() < 0.2 else 2
    for i in range(aantal):
        relatie = (Relatie.MOEDER, Relatie.VADER)[i] if rng.random() < 0.95 else Relatie.VERZORGER
        voornaam = fake.first_name_female() if relatie == Relatie.MOEDER else fake.first_name_male()
        user = _account(
            f"ouder.ko{nummer:04d}.{i + 1}@ouders.klimop.test",
            voornaam,
            leerling.achternaam if not leerling.tussenvoegsel else f"{leerling.tussenvoegsel} {leerling.achternaam}",
            User.Rol.OUDER,
        )
        Ouder.objects.update_or_create(user=user, leerling=leerling, defaults={"relatie": relatie, "gezag": True})


def _gezin_van_demo_ouders(accounts: dict, groepen: dict) -> None:
    """ouder@ has a child in groep 5 and one in groep 3; ouder2@ one child in groep 7 (docs/ontwerp.md §7)."""
    gezinnen = [
        (
            "ouder@klimop.test",
            Relatie.MOEDER,
            [("KO9001", "Daan", "Groep 5", 2016), ("KO9002", "Lotte", "Groep 3", 2019)],
        ),
        ("ouder2@klimop.test", Relatie.VADER, [("KO9003", "Yusuf", "Groep 7", 2014)]),
    ]
    for email, relatie, kinderen in gezinnen:
        ouder = accounts[email]
        for leerlingnummer, voornaam, groepnaam, geboortejaar in kinderen:
            leerling, _ = Leerling.objects.update_or_create(
                leerlingnummer=leerlingnummer,
                defaults={
                    "voornaam": voornaam,
                    "tussenvoegsel": "",
                    "achternaam": ouder.last_name,
                    "geboortedatum": datetime.date(geboortejaar, 11, 14),
                    "groep": groepen[groepnaam],
                    "ingeschreven_op": datetime.date(geboortejaar + 4, 11, 15),
                    "uitgeschreven_op": None,
                },
            )
            Ouder.objects.update_or_create(user=ouder, leerling=leerling, defaults={"relatie": relatie, "gezag": True})
