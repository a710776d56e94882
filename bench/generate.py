"""A large generated school for the benchmark: fast bulk inserts, no services (steps are written as rows)."""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from klimop.accounts.models import Rol, User
from klimop.profiel.demo import build_profiel
from leerlingen.models import Groep, Leerling, Ouder, huidig_schooljaar
from ondersteuning.models import (
    Ondersteuningsvraag,
    Ouderbetrokkenheid,
    Stap,
    StapSoort,
    Status,
    Toestemming,
    ToestemmingSoort,
    Urgentie,
)

BATCH = 5000
WACHTWOORD = "bench-wachtwoord"
VOORNAMEN = ["Daan", "Sanne", "Lotte", "Sem", "Noah", "Emma", "Julia", "Lucas", "Mila", "Finn", "Tess", "Levi"]
ACHTERNAMEN = ["de Jong", "Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos"]
OPEN = [s for s in Status.values if s not in (Status.CONCEPT, Status.AFGESLOTEN)]


def build(*, leerlingen: int, vragen_per_leerling: int = 2, stappen_per_vraag: int = 10, seed: int = 8) -> dict:
    """Create the school; returns the ids the benchmark needs (users, the 200-step case, the parent's child)."""
    rng = random.Random(seed)
    nu = timezone.now()
    schooljaar = huidig_schooljaar()
    wachtwoord = make_password(WACHTWOORD)

    ib = User.objects.create(
        email="ib@bench.test", rol=Rol.IB, first_name="Ida", last_name="Bench", password=wachtwoord
    )
    directeur = User.objects.create(email="directeur@bench.test", rol=Rol.DIRECTEUR, password=wachtwoord)
    tb = User.objects.create(email="tb@bench.test", rol=Rol.TRAJECTBEGELEIDER, password=wachtwoord)
    build_profiel()

    aantal_groepen = max(leerlingen // 25, 8)
    groepen = Groep.objects.bulk_create(
        [
            Groep(naam=f"Groep {i % 8 + 1}-{i:04d}", leerjaar=i % 8 + 1, schooljaar=schooljaar)
            for i in range(aantal_groepen)
        ]
    )
    leerkrachten = User.objects.bulk_create(
        [User(email=f"leerkracht{i}@bench.test", rol=Rol.LEERKRACHT, password="!") for i in range(aantal_groepen)],
        batch_size=BATCH,
    )
    Groep.leerkrachten.through.objects.bulk_create(
        [Groep.leerkrachten.through(groep_id=g.pk, user_id=u.pk) for g, u in zip(groepen, leerkrachten, strict=True)]
    )

    geboren = datetime.date(2016, 1, 1)
    kinderen = Leerling.objects.bulk_create(
        [
            Leerling(
                leerlingnummer=f"B{i:06d}",
                voornaam=rng.choice(VOORNAMEN),
                achternaam=rng.choice(ACHTERNAMEN) + f" {i}",
                geboortedatum=geboren + datetime.timedelta(days=i % 2000),
                groep=groepen[i % aantal_groepen],
                ingeschreven_op=datetime.date(2021, 8, 20),
            )
            for i in range(leerlingen)
        ],
        batch_size=BATCH,
    )
    ouders = User.objects.bulk_create(
        [User(email=f"ouder{i}@bench.test", rol=Rol.OUDER, password="!") for i in range(leerlingen)], batch_size=BATCH
    )
    Ouder.objects.bulk_create(
        [Ouder(user=o, leerling=k, relatie="moeder", gezag=True) for o, k in zip(ouders, kinderen, strict=True)],
        batch_size=BATCH,
    )
    ouder = ouders[0]
    ouder.password = wachtwoord
    ouder.save(update_fields=["password"])

    vragen = Ondersteuningsvraag.objects.bulk_create(
        [
            Ondersteuningsvraag(
                leerling=kinderen[i % leerlingen],
                ingediend_door=leerkrachten[(i % leerlingen) % aantal_groepen],
                hulpvraag="Leest spellend en raakt gefrustreerd bij lange teksten.",
                sterke_kanten="Vertelt goed, rekent sterk.",
                geprobeerd_toelichting="Leesmaatje.",
                ouders_geinformeerd_op=nu.date() - datetime.timedelta(days=30),
                ouders_geinformeerd_hoe="gesprek",
                urgentie=rng.choices(Urgentie.values, weights=(7, 2, 1))[0],
                status=rng.choice(OPEN) if i % 5 else Status.AFGESLOTEN,
                status_sinds=nu - datetime.timedelta(days=rng.randint(1, 200)),
                ingediend_op=nu - datetime.timedelta(days=rng.randint(200, 400)),
                afgesloten_op=None if i % 5 else nu,
                behandelaar=ib,
                trajectbegeleider=tb if i % 7 == 0 else None,
                volgende_datum=nu.date() + datetime.timedelta(days=rng.randint(-60, 90)) if i % 3 else None,
                volgende_actie="Evaluatie arrangement",
            )
            for i in range(leerlingen * vragen_per_leerling)
        ],
        batch_size=BATCH,
    )
    groot = vragen[0]  # the parent's child's case: 200 steps, for the case page
    _stappen(vragen, groot, ib, stappen_per_vraag, rng, nu)
    Toestemming.objects.bulk_create(
        [
            Toestemming(
                leerling_id=v.leerling_id,
                vraag=v,
                soort=ToestemmingSoort.DELEN_SWV,
                gegeven_door_id=ouders[(v.leerling_id - kinderen[0].pk) % leerlingen].pk,
                wijze="digitaal",
                vastgelegd_door_id=ouders[(v.leerling_id - kinderen[0].pk) % leerlingen].pk,
            )
            for v in vragen
            if v.trajectbegeleider_id
        ],
        batch_size=BATCH,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"ib": ib.pk, "ouder": ouder.pk, "kind": kinderen[0].pk, "vraag": groot.pk, "directeur": directeur.pk}


def _stappen(vragen, groot, actor, per_vraag, rng, nu):
    soorten = [
        StapSoort.INDIENEN,
        StapSoort.OPPAKKEN,
        StapSoort.OBSERVATIE,
        StapSoort.ADVIES,
        StapSoort.OVERLEG_GEPLAND,
    ]
    rijen = []
    totaal = len(vragen) * per_vraag
    extra = 200 - per_vraag  # the big case gets 200, others fewer, so the total stays len(vragen) * per_vraag
    for index, vraag in enumerate(vragen):
        aantal = 200 if vraag.pk == groot.pk else per_vraag - (1 if index <= extra else 0)
        for n in range(aantal):
            rijen.append(
                Stap(
                    vraag_id=vraag.pk,
                    actor_id=actor.pk,
                    moment=nu - datetime.timedelta(days=aantal - n),
                    soort=soorten[n % len(soorten)],
                    toelichting="Besproken met ouders en leerkracht; afspraken vastgelegd.",
                    ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
                    zichtbaar_voor_ouders=True,
                )
            )
        if len(rijen) >= BATCH:
            Stap.objects.bulk_create(rijen)
            rijen = []
    Stap.objects.bulk_create(rijen)
    return totaal
