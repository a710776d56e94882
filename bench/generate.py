"""A large generated school for the benchmark, shaped like a real one that has been running for years.

Fast: rows are written with bulk inserts, and the two biggest tables (steps and the access log) with COPY on
PostgreSQL. No services run: the rows are what the services would have written, including status transitions,
milestones, parent steps, plans with goals, comments, agreements, consents and access-log entries.

Shape (see docs/PERFORMANCE.md): each school year has 80 groups (10 per leerjaar) of 25 pupils; a larger size
means more school years of history, so the current year stays the size of a (large) school while the
tables that keep history (cases, steps, access log) grow with the size.
"""

import csv
import datetime
import io
import json
import os
import random
import sys

PER_JAAR = 2000
GROEPEN_PER_JAAR = 80
BATCH = 5000
WACHTWOORD = "bench-wachtwoord"
VOORNAMEN = ["Daan", "Sanne", "Lotte", "Sem", "Noah", "Emma", "Julia", "Lucas", "Mila", "Finn", "Tess", "Levi"]
ACHTERNAMEN = ["de Jong", "Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos"]


def _copy(model, rows: list[dict]) -> None:
    """Insert rows with COPY on PostgreSQL (bulk_create elsewhere); rows hold column values by attname."""
    from django.db import connection

    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    columns = list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if row[c] is None else row[c] for c in columns])
    buffer.seek(0)
    names = ", ".join(f'"{model._meta.get_field(c).column}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY \"{model._meta.db_table}\" ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
        )


def _schooljaren(huidig: str, aantal: int) -> list[str]:
    begin = int(huidig[:4])
    return [f"{begin - i}-{begin - i + 1}" for i in range(aantal)]


def build(*, leerlingen: int, per_jaar: int = PER_JAAR, seed: int = 8) -> dict:
    """Create the school; returns the ids and paths the benchmark needs."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from klimop.accounts.models import Rol, User
    from klimop.profiel.demo import build_profiel
    from leerlingen.models import Groep, Inzage, InzageOnderwerp, Leerling, Ouder, huidig_schooljaar
    from ondersteuning.models import (
        Doel,
        Instemming,
        Ondersteuningsvraag,
        Ouderbetrokkenheid,
        Overleg,
        Plan,
        PlanVersie,
        Reactie,
        Stap,
        StapSoort,
        Status,
        Toestemming,
        ToestemmingSoort,
        Urgentie,
    )

    rng = random.Random(seed)
    nu = timezone.now()
    vandaag = timezone.localdate()
    wachtwoord = make_password(WACHTWOORD)

    def staf(email, rol, voornaam, achternaam, **extra):
        return User.objects.create(
            email=email, rol=rol, first_name=voornaam, last_name=achternaam, password=wachtwoord, **extra
        )

    ibs = [staf(f"ib{i}@bench.test", Rol.IB, "Ida", f"Bench {i}") for i in range(3)]
    directeur = staf("directeur@bench.test", Rol.DIRECTEUR, "Dirk", "Bench")
    tbs = [
        staf(f"tb{i}@bench.test", Rol.TRAJECTBEGELEIDER, "Tara", f"Bench {i}", organisatie="De Westfriese Knoop")
        for i in range(2)
    ]
    ot = staf("ot@bench.test", Rol.OT_LID, "Otto", "Bench", functie="schoolmaatschappelijk werk")
    build_profiel()

    jaren = _schooljaren(huidig_schooljaar(), max(1, leerlingen // per_jaar))
    per_jaar = min(per_jaar, leerlingen)
    groepen_per_jaar = max(8, min(GROEPEN_PER_JAAR, per_jaar // 25))
    leerkrachten = User.objects.bulk_create(
        [
            User(email=f"leerkracht{i}@bench.test", rol=Rol.LEERKRACHT, first_name="Lea", last_name=f"Kracht {i}",
                 password=wachtwoord if i == 0 else "!")
            for i in range(groepen_per_jaar)
        ]
    )  # fmt: skip
    groepen = Groep.objects.bulk_create(
        [
            Groep(naam=f"Groep {g % 8 + 1}{chr(97 + g // 8)}", leerjaar=g % 8 + 1, schooljaar=jaar)
            for jaar in jaren
            for g in range(groepen_per_jaar)
        ]
    )
    Groep.leerkrachten.through.objects.bulk_create(
        [
            Groep.leerkrachten.through(groep_id=groep.pk, user_id=leerkrachten[i % groepen_per_jaar].pk)
            for i, groep in enumerate(groepen)
        ]
    )

    geboren = datetime.date(2016, 1, 1)
    kinderen_rijen = []
    for j, jaar in enumerate(jaren):
        begin = int(jaar[:4])
        for i in range(per_jaar):
            n = j * per_jaar + i
            kinderen_rijen.append(
                Leerling(
                    leerlingnummer=f"B{n:07d}",
                    voornaam=rng.choice(VOORNAMEN),
                    achternaam=f"{rng.choice(ACHTERNAMEN)} {n}",
                    geboortedatum=geboren - datetime.timedelta(days=365 * j + i % 2000),
                    groep=groepen[j * groepen_per_jaar + i % groepen_per_jaar],
                    ingeschreven_op=datetime.date(begin, 8, 20),
                    # Pupils of earlier years have left; the current year's are enrolled.
                    uitgeschreven_op=None if j == 0 else datetime.date(begin + 1, 7, 10),
                )
            )
    kinderen = Leerling.objects.bulk_create(kinderen_rijen, batch_size=BATCH)
    ouders = User.objects.bulk_create(
        [
            User(email=f"ouder{i}@bench.test", rol=Rol.OUDER, first_name="Olga", last_name=f"Ouder {i}",
                 password=wachtwoord if i == 0 else "!")
            for i in range(len(kinderen))
        ],
        batch_size=BATCH,
    )  # fmt: skip
    Ouder.objects.bulk_create(
        [Ouder(user=o, leerling=k, relatie="moeder", gezag=True) for o, k in zip(ouders, kinderen, strict=True)],
        batch_size=BATCH,
    )
    ouder_van = {k.pk: o.pk for o, k in zip(ouders, kinderen, strict=True)}
    leerkracht_van = {groep.pk: leerkrachten[i % groepen_per_jaar].pk for i, groep in enumerate(groepen)}

    # Two cases per pupil: history is closed, the current year is in every state.
    open_staten = [s for s in Status.values if s not in (Status.CONCEPT, Status.AFGESLOTEN)]
    vragen_rijen = []
    for index, kind in enumerate(kinderen):
        huidig = kind.uitgeschreven_op is None
        for k in range(2):
            ingediend = nu - datetime.timedelta(
                days=rng.randint(5, 300) + (0 if huidig else 365 * (index // per_jaar))
            )
            status = rng.choice(open_staten) if huidig and (index + k) % 4 else Status.AFGESLOTEN
            ib = ibs[index % len(ibs)]
            vragen_rijen.append(
                Ondersteuningsvraag(
                    leerling=kind,
                    ingediend_door_id=leerkracht_van[kind.groep_id],
                    hulpvraag="Leest spellend en raakt gefrustreerd bij lange teksten.",
                    sterke_kanten="Vertelt goed, rekent sterk.",
                    geprobeerd_toelichting="Leesmaatje, vier weken.",
                    ouders_geinformeerd_op=ingediend.date() - datetime.timedelta(days=3),
                    ouders_geinformeerd_hoe="gesprek",
                    urgentie=rng.choices(Urgentie.values, weights=(7, 2, 1))[0],
                    status=status,
                    status_sinds=ingediend + datetime.timedelta(days=rng.randint(0, 4)),
                    aangemaakt_op=ingediend - datetime.timedelta(days=1),
                    ingediend_op=ingediend,
                    afgesloten_op=ingediend + datetime.timedelta(days=120) if status == Status.AFGESLOTEN else None,
                    behandelaar=None if status == Status.INGEDIEND else ib,
                    trajectbegeleider=tbs[index % 2] if status in (Status.TRAJECTBEGELEIDING, Status.VERWIJZING)
                    or (not huidig and index % 9 == 0) else None,
                    volgende_datum=vandaag + datetime.timedelta(days=rng.randint(-20, 60))
                    if status != Status.AFGESLOTEN else None,
                    volgende_actie="Evaluatie arrangement" if status != Status.AFGESLOTEN else "",
                    conclusie="Afgerond binnen de basisondersteuning." if status == Status.AFGESLOTEN else "",
                )
            )  # fmt: skip
    vragen = Ondersteuningsvraag.objects.bulk_create(vragen_rijen, batch_size=BATCH)

    # The case benchmarked on the case pages: the first pupil's, open with 200 steps, plan, meetings, consents.
    groot = next(v for v in vragen if v.leerling_id == kinderen[0].pk)
    if groot.status == Status.AFGESLOTEN or groot.status == Status.INGEDIEND:
        groot.status = Status.ARRANGEMENT
        groot.behandelaar = ibs[0]
        groot.afgesloten_op = None
        groot.save(update_fields=["status", "behandelaar", "afgesloten_op"])

    _stappen(vragen, groot, ibs, ouder_van, rng, nu, Stap, StapSoort, Status, Ouderbetrokkenheid)

    met_plan = [v for v in vragen if v.status in (Status.ARRANGEMENT, Status.EVALUATIE) or v.pk == groot.pk]
    met_plan += [v for v in vragen if v.status == Status.AFGESLOTEN][: len(met_plan)]
    plannen = Plan.objects.bulk_create(
        [Plan(vraag=v, aangemaakt_op=v.status_sinds, termijn=vandaag + datetime.timedelta(days=rng.randint(-30, 300)),
              termijn_soort="evalueren") for v in met_plan],
        batch_size=BATCH,
    )  # fmt: skip
    versies = PlanVersie.objects.bulk_create(
        [
            PlanVersie(
                plan=plan,
                nummer=1,
                uitstroombestemming="vmbo kader",
                onderwijsbehoeften="Korte teksten en voorlezen van instructies.",
                handelingsdeel_aanbod="RT lezen in een kleine groep.",
                handelingsdeel_uitvoering="De onderwijsassistent, twee keer per week 30 minuten.",
                kind_aan_het_woord="Ik vind lezen moeilijk maar voorlezen leuk.",
                kind_eigen_doelen="Ik wil zelf een strip lezen.",
                vastgesteld_op=plan.aangemaakt_op.date(),
                aangemaakt_door=ibs[0],
            )
            for plan in plannen
        ],
        batch_size=BATCH,
    )
    Doel.objects.bulk_create(
        [
            Doel(versie=versie, omschrijving=f"Doel {n + 1}: leest AVI E{4 + n} vlot.", volgorde=n,
                 evaluatiedatum=vandaag + datetime.timedelta(days=rng.randint(-10, 120)))
            for versie in versies
            for n in range(3)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    # Shared with the parents (and so frozen) after their goals exist, as the service does.
    PlanVersie.objects.filter(pk__in=[v.pk for v in versies]).update(gedeeld_met_ouders_op=nu, gedeeld_door=ibs[0])
    Plan.objects.bulk_update(
        [
            setattr(plan, "gedeelde_versie_id", versie.pk) or plan
            for plan, versie in zip(plannen, versies, strict=True)
        ],
        ["gedeelde_versie"],
        batch_size=BATCH,
    )
    Instemming.objects.bulk_create(
        [
            Instemming(versie=versie, ouder_id=ouder_van[plan.vraag.leerling_id], akkoord=True, moment=nu)
            for plan, versie in zip(plannen, versies, strict=True)
            if plan.vraag.pk != groot.pk and rng.random() < 0.7
        ],
        batch_size=BATCH,
    )
    Reactie.objects.bulk_create(
        [
            Reactie(vraag=v, auteur_id=ouder_van[v.leerling_id] if n % 2 else ibs[0].pk, moment=nu,
                    tekst="Fijn dat er extra hulp komt; thuis lezen we elke avond samen.")
            for v in vragen[:: 2]
            for n in range(2)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    Toestemming.objects.bulk_create(
        [
            Toestemming(leerling_id=v.leerling_id, vraag=v, soort=soort, gegeven_door_id=ouder_van[v.leerling_id],
                        wijze="digitaal", vastgelegd_door_id=ouder_van[v.leerling_id], gegeven_op=v.status_sinds)
            for v in vragen
            if v.status not in (Status.INGEDIEND, Status.IN_BEHANDELING, Status.BASISONDERSTEUNING)
            for soort in (ToestemmingSoort.AANMELDEN_OT, ToestemmingSoort.DELEN_OT, ToestemmingSoort.DELEN_SWV)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    overleggen = Overleg.objects.bulk_create(
        [
            Overleg(vraag=v, datum=nu + datetime.timedelta(days=rng.randint(-60, 14)), agenda="Voortgang en plan.",
                    gehouden=n == 0, ouders_aanwezig=True if n == 0 else None)
            for v in vragen
            if v.status in (Status.ONDERSTEUNINGSTEAM, Status.TRAJECTBEGELEIDING, Status.EVALUATIE) or v.pk == groot.pk
            for n in range(2)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    Overleg.deelnemers.through.objects.bulk_create(
        [Overleg.deelnemers.through(overleg_id=o.pk, user_id=ot.pk) for o in overleggen], batch_size=BATCH
    )

    # The access log: every case opened by its IB and teacher a few times.
    rijen = []
    for v in vragen:
        for n in range(10):
            gebruiker = ibs[0] if n % 2 else directeur
            rijen.append(
                {"leerling_id": v.leerling_id, "gebruiker_id": gebruiker.pk, "naam": str(gebruiker),
                 "rol": gebruiker.rol, "organisatie": "", "onderwerp": InzageOnderwerp.ONDERSTEUNINGSVRAAG,
                 "object_id": v.pk, "moment": (nu - datetime.timedelta(hours=n * 7)).isoformat()}
            )  # fmt: skip
        if len(rijen) >= 50_000:
            _copy(Inzage, rijen)
            rijen = []
    _copy(Inzage, rijen)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "ib": ibs[0].pk,
        "directeur": directeur.pk,
        "leerkracht": leerkrachten[0].pk,
        "trajectbegeleider": tbs[0].pk,
        "ot_lid": ot.pk,
        "ouder": ouder_van[kinderen[0].pk],
        "kind": kinderen[0].pk,
        "vraag": groot.pk,
        "leerlingen": len(kinderen),
        "vragen": len(vragen),
        "stappen": Stap.objects.count(),
        "inzagen": Inzage.objects.count(),
        "groepen": len(groepen),
        "schooljaren": len(jaren),
    }


def _stappen(vragen, groot, ibs, ouder_van, rng, nu, Stap, StapSoort, Status, Ouderbetrokkenheid):
    """About ten steps per case: transitions with from/to status, milestones, observations and parent steps."""
    route = [
        (StapSoort.INDIENEN, Status.CONCEPT, Status.INGEDIEND),
        (StapSoort.OPPAKKEN, Status.INGEDIEND, Status.IN_BEHANDELING),
        (StapSoort.OBSERVATIE, "", ""),
        (StapSoort.TOESTEMMING_GEGEVEN, "", ""),
        (StapSoort.ONDERSTEUNINGSTEAM, Status.IN_BEHANDELING, Status.ONDERSTEUNINGSTEAM),
        (StapSoort.OVERLEG_GEPLAND, "", ""),
        (StapSoort.REACTIE, "", ""),
        (StapSoort.ADVIES, "", ""),
        (StapSoort.ARRANGEMENT, Status.ONDERSTEUNINGSTEAM, Status.ARRANGEMENT),
        (StapSoort.PLAN_GEDEELD, "", ""),
    ]
    rijen = []
    for vraag in vragen:
        aantal = 200 if vraag.pk == groot.pk else len(route)
        begin = vraag.ingediend_op
        for n in range(aantal):
            soort, van, naar = route[n % len(route)]
            ouder = soort in (StapSoort.TOESTEMMING_GEGEVEN, StapSoort.REACTIE)
            rijen.append(
                {"vraag_id": vraag.pk, "actor_id": ouder_van[vraag.leerling_id] if ouder else ibs[0].pk,
                 "moment": (begin + datetime.timedelta(hours=n * 5)).isoformat(), "soort": soort,
                 "van_status": van, "naar_status": naar,
                 "toelichting": "Besproken met ouders en leerkracht; afspraken vastgelegd.",
                 "ouderbetrokkenheid": Ouderbetrokkenheid.TOESTEMMING if ouder else Ouderbetrokkenheid.GEINFORMEERD,
                 "reden_niet_betrokken": "", "zichtbaar_voor_ouders": n % 7 != 3}
            )  # fmt: skip
        if len(rijen) >= 50_000:
            _copy(Stap, rijen)
            rijen = []
    _copy(Stap, rijen)


def sessions(ids: dict) -> dict[str, str]:
    """A signed-in session per role (staff past the second factor), as the browser's cookie value."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    cookies = {}
    for rol in ("ib", "directeur", "leerkracht", "trajectbegeleider", "ot_lid", "ouder"):
        user = get_user_model().objects.get(pk=ids[rol])
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        if rol != "ouder":
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        cookies[rol] = session.session_key
    return cookies


def main() -> None:
    """`python -m bench.generate N OUT.json`: migrate the database in DATABASE_URL, build, write the ids."""
    import django

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    ids = build(leerlingen=int(sys.argv[1]))
    ids["cookies"] = sessions(ids)
    with open(sys.argv[2], "w") as out:
        json.dump(ids, out)


if __name__ == "__main__":
    main()
