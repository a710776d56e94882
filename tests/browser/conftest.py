"""Real headless Chromium (Debian's package) driven by Playwright, against pytest-django's live_server."""

import os
import shutil
from pathlib import Path

import pytest

from klimop.accounts.models import User
from klimop.accounts.second_factor import second_factor_required
from klimop.accounts.tests.factories import totp_code, totp_device_for

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    def take(name: str, target=None) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, email: str, password: str) -> None:
    """Sign in with the password and, where required, a code from the user's (test) authenticator app."""
    user = User.objects.get(email=email)
    device = totp_device_for(user) if second_factor_required(user) else None
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if device is not None:
        page.wait_for_url("**/tweestapsverificatie/**")
        page.get_by_label("Code uit de app").fill(totp_code(device))
        page.get_by_role("button", name="Controleren").click()
    page.wait_for_url("**/portaal/")
