"""The test OpenID Connect provider (oidc_provider/), started once per test run on 127.0.0.1, and helpers for it.

Import the fixtures into a test module: `from klimop.accounts.tests.aanbieder import aanbieder_fixture, ...`.
"""

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

CLIENT_ID = "klimop-portaal"
CLIENT_SECRET = "geheim-van-het-portaal-in-de-test"  # noqa: S105
WACHTWOORD = "wachtwoord-bij-de-aanbieder"  # noqa: S105
ROOT = Path(__file__).resolve().parents[3]


class Aanbieder:
    def __init__(self, map_: Path, port: int) -> None:
        self.map = map_
        self.url = f"http://127.0.0.1:{port}"
        self.issuer = f"{self.url}/o"
        self.leeg()

    def leeg(self) -> None:
        self._gebruikers: dict = {}
        self._schrijf()

    def gebruiker(self, username: str, claims: dict, id_token: dict | None = None) -> None:
        """A user at the provider with the claims it states about them; `id_token` bends the ID token (aud, exp)."""
        self._gebruikers[username] = {"wachtwoord": WACHTWOORD, "claims": claims, "id_token": id_token or {}}
        self._schrijf()

    def _schrijf(self) -> None:
        (self.map / "gebruikers.json").write_text(json.dumps(self._gebruikers))


@pytest.fixture(scope="session", name="aanbieder_proces")
def aanbieder_proces_fixture(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("oidc-aanbieder")
    (map_ / "gebruikers.json").write_text("{}")
    log = (map_ / "aanbieder.log").open("w")
    proces = subprocess.Popen(
        [sys.executable, "-m", "klimop.accounts.tests.oidc_provider.serve", str(map_), CLIENT_ID, CLIENT_SECRET],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        regel = proces.stdout.readline()
        if not regel.strip().isdigit():
            proces.wait(timeout=10)
            pytest.fail(f"The test OIDC provider did not start: {(map_ / 'aanbieder.log').read_text()}")
        yield Aanbieder(map_, int(regel))
    finally:
        proces.terminate()
        proces.wait(timeout=10)
        log.close()


@pytest.fixture(name="aanbieder")
def aanbieder_fixture(aanbieder_proces, settings):
    """The running provider, with no users yet, and the portal configured to use it."""
    aanbieder_proces.leeg()
    settings.OIDC_ISSUER = aanbieder_proces.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_EMAIL_DOMEINEN = ["klimop.test"]
    settings.OIDC_ACR_MFA = ""
    return aanbieder_proces


def bij_aanbieder_inloggen(url: str, username: str) -> tuple[requests.Session, str]:
    """Follow the portal's redirect to the provider as a browser would, sign in there, and return the URL the
    provider sends the browser back to (the portal's callback), with the provider session for later."""
    sessie = requests.Session()
    antwoord = sessie.get(url, timeout=10)
    assert antwoord.url.startswith(url.split("/o/")[0] + "/login/"), antwoord.url
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', antwoord.text).group(1)
    antwoord = sessie.post(
        antwoord.url,
        data={"csrfmiddlewaretoken": csrf, "username": username, "password": WACHTWOORD},
        allow_redirects=False,
        timeout=10,
    )
    while antwoord.is_redirect and antwoord.headers["Location"].startswith("/"):
        antwoord = sessie.get(urljoin(antwoord.url, antwoord.headers["Location"]), allow_redirects=False, timeout=10)
    assert antwoord.is_redirect, antwoord.text[:500]
    return sessie, antwoord.headers["Location"]
