"""`make fouten`: the fault test of issue 17, against gunicorn, the mail worker, PostgreSQL and a real SMTP server.

It starts a throwaway PostgreSQL cluster of its own (initdb in a temporary directory, a free port; as the
`postgres` user when run as root), so it never touches the machine's shared cluster. Parents post comments from
several threads (a bounded number, for a bounded time, only to 127.0.0.1) while the script

  (a) stops the SMTP server for FOUTEN_SMTP_WEG seconds and starts it again,
  (b) restarts PostgreSQL once (immediate shutdown: as a crash),
  (c) kills the worker with SIGKILL mid-backlog, three times, and starts it again as systemd would,
  (d) asks for a password reset while SMTP is down.

Then it waits for the backlog to drain and prints and checks: acknowledged writes lost = 0, mails lost = 0,
duplicate mails = 0 (the same Message-ID received twice), and that gunicorn and the worker recovered without a
hand restart (the worker is only started again after a SIGKILL). Exit status 1 when any check fails.
"""

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DRADEN = int(os.environ.get("FOUTEN_DRADEN", "4"))
# Bounded, but enough that the writers are still busy when PostgreSQL restarts, however fast the machine is.
MAX_SCHRIJVEN_PER_DRAAD = int(os.environ.get("FOUTEN_MAX_SCHRIJVEN", "400"))
SMTP_WEG = float(os.environ.get("FOUTEN_SMTP_WEG", "20"))
LEEGLOPEN_BINNEN = 150.0


from bench.fouten_onderdelen import (  # noqa: E402 (after the sys.path line)
    SMTP,
    Postbus,
    Postgres,
    Proces,
    csrf_uit,
    http_verzoek,
    pg_bin,
    vrije_poort,
    wacht_tot,
)


class Belasting:
    """Parents posting comments, each on their child's case; only acknowledged (302) comments count."""

    def __init__(self, poort: int, ouders: list[tuple[str, int]]) -> None:
        self.poort, self.ouders = poort, ouders
        self.stoppen = threading.Event()
        self.lock = threading.Lock()
        self.bevestigd: list[tuple[str, float]] = []
        self.statussen: Counter = Counter()
        self.draden = [threading.Thread(target=self.draad, args=(i,), daemon=True) for i in range(len(ouders))]

    def draad(self, index: int) -> None:
        sessie, vraag = self.ouders[index]
        cookies = {"sessionid": sessie}
        pad = f"/ondersteuning/{vraag}/reacties/"
        token = None
        for n in range(MAX_SCHRIJVEN_PER_DRAAD):
            if self.stoppen.is_set():
                return
            tekst = f"fouttest {index}-{n} {uuid.uuid4().hex[:8]}"
            try:
                if token is None:
                    status, _, body = http_verzoek(self.poort, "GET", pad, cookies=cookies)
                    if status != 200:
                        raise OSError(f"GET {status}")
                    token = csrf_uit(body)
                status, koppen, _ = http_verzoek(
                    self.poort, "POST", pad, cookies=cookies, velden={"csrfmiddlewaretoken": token, "tekst": tekst}
                )
                bevestigd = status == 302 and "/accounts/" not in koppen.get("Location", "")
            except Exception as fout:  # a refused connection, a reset, an error page without a form
                status, bevestigd = type(fout).__name__, False
                token = None
            with self.lock:
                self.statussen[status] += 1
                if bevestigd:
                    self.bevestigd.append((tekst, time.monotonic()))
            # A person whose page failed waits a moment before trying again.
            time.sleep(0.15 if bevestigd else 1.0)

    def start(self) -> None:
        for draad in self.draden:
            draad.start()

    def stop(self) -> None:
        self.stoppen.set()
        for draad in self.draden:
            draad.join(timeout=30)


def opzetten(env: dict) -> dict:
    """Migrate, collect static files, and make a school: an IB, parents each with a case the IB has taken up."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from klimop.accounts.models import Rol
    from klimop.accounts.tests.factories import UserFactory
    from leerlingen.tests.factories import GroepFactory, LeerlingFactory, OuderFactory
    from ondersteuning import services
    from ondersteuning.tests.factories import VraagFactory

    begin = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.monotonic() - begin:.0f} s")
    if _statisch_verouderd():
        begin = time.monotonic()
        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"static files collected in {time.monotonic() - begin:.0f} s")
    ib = UserFactory(rol=Rol.IB, email="ib@klimop.test")
    leerkracht = UserFactory(rol=Rol.LEERKRACHT, email="leerkracht@klimop.test")
    groep = GroepFactory(leerkrachten=[leerkracht])
    ouders = []
    for i in range(DRADEN):
        leerling = LeerlingFactory(groep=groep)
        ouder = OuderFactory(leerling=leerling, user__email=f"ouder{i}@ouders.test").user
        vraag = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
        services.indienen(vraag=vraag, door=leerkracht)
        services.oppakken(vraag=vraag, door=ib)
        sessie = SessionStore()
        sessie["_auth_user_id"] = str(ouder.pk)
        sessie["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        sessie["_auth_user_hash"] = ouder.get_session_auth_hash()
        sessie.create()
        ouders.append((sessie.session_key, vraag.pk))
    herstel = UserFactory(rol=Rol.OUDER, email="herstel@ouders.test")
    OuderFactory(user=herstel)
    return {"ouders": ouders, "herstel": herstel.email}


def _statisch_verouderd() -> bool:
    """Whether collectstatic must run: compressing every file takes a minute, so an up-to-date result is reused."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    nieuwste = max(p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file())
    return nieuwste > manifest.stat().st_mtime


def database(functie):
    """Run an ORM read in this process, with a fresh connection (the old one may predate a restart)."""
    from django.db import connections

    connections.close_all()
    try:
        return functie()
    finally:
        connections.close_all()


def bezig_met_versturen() -> bool:
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    try:
        return DBTaskResult.objects.filter(status="RUNNING").exists()
    except Exception:
        connections.close_all()
        return False


def achterstand() -> int:
    from django_tasks_db.models import DBTaskResult

    return database(lambda: DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count())


def kill_tijdens_versturen(worker: Proces, log: list[str]) -> None:
    """SIGKILL the worker at a random moment while mails wait (mid-backlog), then start it again after a second,
    as systemd would."""
    wacht_tot(lambda: achterstand() > 0, binnen=10, elke=0.05)
    time.sleep(random.uniform(0, 0.5))  # noqa: S311 - a moment, not a secret
    bezig = bezig_met_versturen()
    worker.kill()
    moment = "task RUNNING" if bezig else "between tasks"
    log.append(f"worker SIGKILL #{len(log) + 1}: {moment}, backlog {achterstand()}")
    time.sleep(1)
    worker.start()


def main() -> int:
    # Stopped from outside (CI's timeout, Ctrl+C): still stop the servers and the cluster in `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    gestart = time.monotonic()
    werkmap = Path(tempfile.mkdtemp(prefix="klimop-fouten-"))
    pg = Postgres(werkmap)
    postbus = Postbus()
    smtp = SMTP(postbus)
    webpoort = vrije_poort()
    env = {
        **os.environ,
        "DATABASE_URL": pg.url,
        "DJANGO_SETTINGS_MODULE": "klimop.settings",
        "DEBUG": "0",
        "SECRET_KEY": "fouten-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.poort),
        "EMAIL_USE_TLS": "0",
        "EMAIL_TIMEOUT": "5",
        "MAIL_RETRY_SECONDS": "2",
        "TASK_STALE_SECONDS": "10",
        "PORTAAL_URL": f"http://127.0.0.1:{webpoort}",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    python = sys.executable
    gunicorn = Proces(
        "gunicorn",
        [str(Path(python).parent / "gunicorn"), "klimop.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{webpoort}"]
        + ["--timeout", "30", "--log-level", "warning"],
        env,
        werkmap / "gunicorn.log",
    )
    worker = Proces(
        "worker",
        [python, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "-v", "1"],
        env,
        werkmap / "worker.log",
    )
    resultaten: list[tuple[str, object, bool]] = []
    try:
        pg.initdb()
        pg.start()
        subprocess.run(
            [str(pg_bin() / "createdb"), "-h", "127.0.0.1", "-p", str(pg.poort), "-U", "fouten", "klimop"], check=True
        )
        school = opzetten(env)
        smtp.start()
        gunicorn.start()
        if not wacht_tot(lambda: _bereikbaar(webpoort), binnen=30):
            raise RuntimeError("gunicorn did not start")
        worker.start()
        print(f"Set up in {time.monotonic() - gestart:.0f} s: {DRADEN} parents writing, files in {werkmap}")

        belasting = Belasting(webpoort, school["ouders"])
        t0 = time.monotonic()
        belasting.start()
        kills: list[str] = []

        def op(seconden: float) -> None:
            time.sleep(max(0.0, t0 + seconden - time.monotonic()))

        op(4)
        kill_tijdens_versturen(worker, kills)
        op(8)
        smtp.stop()
        smtp_weg = time.monotonic()
        print(f"t={time.monotonic() - t0:4.0f}s SMTP stopped")
        op(11)
        herstel_status = wachtwoord_vergeten(webpoort, school["herstel"])
        print(f"t={time.monotonic() - t0:4.0f}s password reset requested while SMTP is down: HTTP {herstel_status}")
        op(14)
        kill_tijdens_versturen(worker, kills)
        op(8 + SMTP_WEG)
        smtp.start()
        print(f"t={time.monotonic() - t0:4.0f}s SMTP started again after {time.monotonic() - smtp_weg:.0f} s")
        op(12 + SMTP_WEG)
        worker_pid = worker.popen.pid
        pg_begin = time.monotonic()
        pg.herstart()
        pg_terug = time.monotonic()
        print(f"t={pg_terug - t0:4.0f}s PostgreSQL restarted (immediate) in {pg_terug - pg_begin:.1f} s")

        # The worker must carry on by itself: wait for its first mail after the restart, then the third SIGKILL.
        def na_herstart() -> int:
            return sum(1 for _id, _aan, moment, _tekst in postbus.ontvangen if moment > pg_terug)

        wacht_tot(lambda: na_herstart() >= 5, binnen=40)
        worker_overleefde = worker.leeft() and worker.popen.pid == worker_pid
        mails_na_herstart = na_herstart()
        print(f"t={time.monotonic() - t0:4.0f}s the worker sent {mails_na_herstart} mails after the restart")
        kill_tijdens_versturen(worker, kills)
        time.sleep(6)
        belasting.stop()
        for regel in kills:
            print("  " + regel)
        geschreven = sum(belasting.statussen.values())
        print(f"t={time.monotonic() - t0:4.0f}s load stopped: {geschreven} posts, {dict(belasting.statussen)}")
        bevestigd_na_herstart = sum(1 for _, moment in belasting.bevestigd if moment > pg_terug)

        leeg = wacht_tot(lambda: _leeg(postbus, school["herstel"]), binnen=LEEGLOPEN_BINNEN, elke=1)
        print(f"backlog {'drained' if leeg else 'NOT drained'} {time.monotonic() - t0:.0f} s after the load began")

        verloren_schrijven, verloren_mails, dubbel, herstelmail = _tellen(belasting, postbus, school["herstel"])
        eind_status, *_ = http_verzoek(webpoort, "GET", "/", cookies={})
        log_worker = (werkmap / "worker.log").read_text(errors="replace")
        herverbonden = log_worker.count("Database unavailable")
        teruggezet = len(re.findall(r"Put \d+ task\(s\) left RUNNING", log_worker))
        resultaten += [
            ("acknowledged writes", len(belasting.bevestigd), len(belasting.bevestigd) > 0),
            ("acknowledged writes lost", verloren_schrijven, verloren_schrijven == 0),
            ("mails received (distinct)", len(set(postbus.ids())), len(postbus.ids()) > 0),
            ("mails lost after the backlog drained", verloren_mails, verloren_mails == 0 and leeg),
            ("duplicate mails", dubbel, dubbel == 0),
            ("password reset mail (asked while SMTP was down) arrived, link works", herstelmail, herstelmail),
            ("worker SIGKILLs (restarted by the script each time)", len(kills), len(kills) == 3),
            ("worker started (1 + one per SIGKILL)", worker.starts, worker.starts == 4),
            ("worker lived through the PostgreSQL restart by itself", worker_overleefde, worker_overleefde),
            ("mails it sent after the restart, before the next SIGKILL", mails_na_herstart, mails_na_herstart > 0),
            ("worker reconnect waits logged", herverbonden, herverbonden > 0),
            (
                "dead workers' tasks put back in the queue (log lines)",
                teruggezet,
                teruggezet > 0 or all("between" in k for k in kills),
            ),
            ("gunicorn started (never by hand)", gunicorn.starts, gunicorn.starts == 1 and gunicorn.leeft()),
            ("acknowledged writes after the PostgreSQL restart", bevestigd_na_herstart, bevestigd_na_herstart > 0),
            ("GET / at the end", eind_status, eind_status == 200),
        ]
    finally:
        for proces in (worker, gunicorn):
            proces.kill(signal.SIGTERM)
        smtp.stop()
        pg.stop()
    print()
    for naam, waarde, goed in resultaten:
        print(f"{'ok  ' if goed else 'FOUT'} {naam}: {waarde}")
    geslaagd = bool(resultaten) and all(goed for *_, goed in resultaten)
    print(f"\n{'PASSED' if geslaagd else 'FAILED'} in {time.monotonic() - gestart:.0f} s")
    if geslaagd:
        shutil.rmtree(werkmap, ignore_errors=True)
    else:
        print(f"logs kept in {werkmap}")
    return 0 if geslaagd else 1


def _bereikbaar(poort: int) -> bool:
    try:
        status, *_ = http_verzoek(poort, "GET", "/", cookies={})
        return status == 200
    except OSError:
        return False


def wachtwoord_vergeten(poort: int, email: str):
    cookies: dict = {}
    pad = "/accounts/wachtwoord/vergeten/"
    _, _, body = http_verzoek(poort, "GET", pad, cookies=cookies)
    status, koppen, _ = http_verzoek(
        poort, "POST", pad, cookies=cookies, velden={"csrfmiddlewaretoken": csrf_uit(body), "email": email}
    )
    assert status == 302 and koppen["Location"].endswith("/verstuurd/"), (status, koppen)
    return status


def _leeg(postbus: Postbus, herstel: str) -> bool:
    from django_tasks_db.models import DBTaskResult

    from klimop.accounts.models import Melding

    def klaar() -> bool:
        if DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            return False
        return not Melding.objects.filter(mail_verstuurd_op=None).exists()

    try:
        return database(klaar) and any(herstel in aan for _, aan, *_ in postbus.ontvangen)
    except Exception:
        return False


def _tellen(belasting: Belasting, postbus: Postbus, herstel: str) -> tuple[int, int, int, bool]:
    from klimop.accounts.models import Melding
    from ondersteuning.models import Reactie

    teksten = {tekst for tekst, _ in belasting.bevestigd}
    opgeslagen = set(database(lambda: list(Reactie.objects.filter(tekst__in=teksten).values_list("tekst", flat=True))))
    verwacht = {
        f"klimop.melding.{pk}": email
        for pk, email in database(lambda: list(Melding.objects.values_list("pk", "user__email")))
    }
    ontvangen = Counter(m.strip("<>").split("@")[0] for m in postbus.ids())
    verloren = sum(1 for sleutel in verwacht if not ontvangen[sleutel])
    dubbel = sum(aantal - 1 for aantal in ontvangen.values() if aantal > 1)
    herstelmails = [tekst for m, aan, _, tekst in postbus.ontvangen if herstel in aan and "wachtwoord" in m]
    werkt = len(herstelmails) == 1 and _herstellink_werkt(belasting.poort, herstelmails[0])
    return len(teksten - opgeslagen), verloren + (0 if herstelmails else 1), dubbel, werkt


def _herstellink_werkt(poort: int, tekst: str) -> bool:
    """The reset link from the mail opens the form to choose a new password."""
    link = re.search(r"https?://\S+/accounts/wachtwoord/nieuw/\S+", tekst)
    if not link:
        return False
    cookies: dict = {}
    status, koppen, _ = http_verzoek(poort, "GET", urlsplit(link.group(0)).path, cookies=cookies)
    if status != 302:
        return False
    status, _, body = http_verzoek(poort, "GET", koppen["Location"], cookies=cookies)
    return status == 200 and 'name="new_password1"' in body


if __name__ == "__main__":
    sys.exit(main())
