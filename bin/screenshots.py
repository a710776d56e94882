"""`make screenshots`: the main page of every role, on a desktop and on a phone, into docs/screenshots/.

Starts the demo portal on its own SQLite file and a free port (DEBUG=1, so demo staff skip the second factor),
signs in as each demo account from the README and photographs its pages with Debian's Chromium via Playwright.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "klimop-demo"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "telefoon": {"width": 390, "height": 844}}

# (file name, account or None for a visitor, how to reach the page from the start page)
SHOTS = [
    ("bezoeker-home", None, lambda page: page.goto("/")),
    ("leerkracht-start", "leerkracht@klimop.test", None),
    ("ib-start", "ib@klimop.test", None),
    ("ib-wachtrij", "ib@klimop.test", lambda page: page.goto("/ondersteuning/")),
    ("ib-ondersteuningsvraag", "ib@klimop.test", lambda page: _first_case(page)),
    ("directeur-start", "directeur@klimop.test", None),
    ("trajectbegeleider-start", "trajectbegeleider@klimop.test", None),
    ("ot-start", "ot@klimop.test", None),
    ("ouder-start", "ouder@klimop.test", None),
    ("ouder-ondersteuning", "ouder@klimop.test", lambda page: _parent_case(page)),
]


def _first_case(page) -> None:
    page.goto("/ondersteuning/")
    page.locator("#resultaten tbody a").first.click()
    page.wait_for_load_state()


def _parent_case(page) -> None:
    page.goto("/ouders/")
    page.locator("main h3 a").first.click()
    page.locator('main a[href*="/ouders/vragen/"]').first.click()
    page.wait_for_load_state()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The demo portal did not answer at {url}.")


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/portaal/**")


def main() -> None:
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="klimop-screenshots-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "MEDIA_ROOT": f"{tmp}/uploads",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/")
            photograph(base)
        finally:
            server.terminate()
            server.wait(timeout=10)


def photograph(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        for naam, email, go in SHOTS:
            for formaat, viewport in VIEWPORTS.items():
                context = browser.new_context(base_url=base, viewport=viewport, locale="nl-NL")
                page = context.new_page()
                page.set_default_timeout(15_000)
                if email:
                    sign_in(page, email)
                if go:
                    go(page)
                path = OUT / f"{naam}-{formaat}.png"
                page.screenshot(path=str(path), full_page=False)
                print(path.relative_to(ROOT))
                if naam == "ouder-start" and formaat == "telefoon":
                    page.get_by_role("button", name="Menu").click()
                    menu = OUT / "ouder-menu-telefoon.png"
                    page.screenshot(path=str(menu), full_page=False)
                    print(menu.relative_to(ROOT))
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
