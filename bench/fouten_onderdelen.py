"""The parts the fault test (bench/fouten.py) runs: a throwaway PostgreSQL, a real SMTP server, processes, HTTP."""

import contextlib
import email
import email.policy
import http.client
import os
import pwd
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    versies = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versies:
        sys.exit("PostgreSQL server binaries not found (set PG_BIN)")
    return versies[-1]


class Postgres:
    """A PostgreSQL cluster of our own in a temporary directory, on a free port, with trust for 127.0.0.1 only."""

    def __init__(self, map_: Path) -> None:
        self.map = map_
        self.data = map_ / "data"
        self.poort = vrije_poort()
        self.als = []
        if os.geteuid() == 0:
            eigenaar = pwd.getpwnam("postgres")
            os.chown(map_, eigenaar.pw_uid, eigenaar.pw_gid)
            self.als = ["runuser", "-u", "postgres", "--"]

    def _pg(self, programma: str, *args: str) -> None:
        subprocess.run([*self.als, str(pg_bin() / programma), *args], check=True, stdout=subprocess.DEVNULL)

    def initdb(self) -> None:
        self._pg("initdb", "-D", str(self.data), "-U", "fouten", "--auth=trust", "-E", "UTF8", "--no-locale")

    def _ctl(self, *args: str) -> None:
        opties = f"-p {self.poort} -c listen_addresses=127.0.0.1 -k {self.map}"
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.map / "postgres.log"), "-o", opties, "-w", *args)

    def start(self) -> None:
        self._ctl("start")

    def herstart(self) -> None:
        # Immediate: connections are cut as in a crash, and the restart replays the WAL.
        self._ctl("-m", "immediate", "restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._ctl("-m", "immediate", "stop")

    @property
    def url(self) -> str:
        return f"postgres://fouten@127.0.0.1:{self.poort}/klimop"


class Postbus:
    """What the SMTP server received: (Message-ID, recipients, moment, text)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ontvangen: list[tuple[str, tuple[str, ...], float, str]] = []

    async def handle_DATA(self, server, session, envelope):
        bericht = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        tekst = bericht.get_body(preferencelist=("plain",)).get_content()
        with self.lock:
            self.ontvangen.append((bericht["Message-ID"], tuple(envelope.rcpt_tos), time.monotonic(), tekst))
        return "250 OK"

    def ids(self) -> list[str]:
        with self.lock:
            return [m for m, *_ in self.ontvangen]


class SMTP:
    def __init__(self, postbus: Postbus) -> None:
        self.postbus, self.poort, self.controller = postbus, vrije_poort(), None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        # A stopped controller cannot start again: every start is a new server on the same port.
        self.controller = Controller(self.postbus, hostname="127.0.0.1", port=self.poort)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


class Proces:
    """A child process with its output in a log file."""

    def __init__(self, naam: str, args: list[str], env: dict, log: Path) -> None:
        self.naam, self.args, self.env, self.log = naam, args, env, log
        self.popen: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        with open(self.log, "a") as uit:
            self.popen = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=uit, stderr=subprocess.STDOUT)
        self.starts += 1

    def leeft(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.leeft():
            self.popen.send_signal(sig)
            self.popen.wait(timeout=30)


def http_verzoek(poort: int, methode: str, pad: str, *, cookies: dict, velden: dict | None = None):
    """One request to gunicorn; returns (status, headers, body) and takes Set-Cookie into `cookies`."""
    from urllib.parse import urlencode

    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=15)
    koppen = {"Host": "127.0.0.1"}
    if cookies:
        koppen["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    inhoud = None
    if velden is not None:
        inhoud = urlencode(velden)
        koppen["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        verbinding.request(methode, pad, body=inhoud, headers=koppen)
        antwoord = verbinding.getresponse()
        body = antwoord.read().decode("utf-8", "replace")
        for naam, waarde in antwoord.getheaders():
            if naam.lower() == "set-cookie":
                sleutel, _, rest = waarde.partition("=")
                cookies[sleutel.strip()] = rest.split(";", 1)[0]
        return antwoord.status, dict(antwoord.getheaders()), body
    finally:
        verbinding.close()


def csrf_uit(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def wacht_tot(voorwaarde, *, binnen: float, elke: float = 0.2) -> bool:
    einde = time.monotonic() + binnen
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(elke)
    return False
