import pytest
from django.core import mail
from playwright.sync_api import expect

from klimop.accounts.tests.helpers import link_in, run_worker
from leerlingen.tests.factories import OuderFactory
from tests.browser.axe import assert_accessible

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invited_guardian_sets_a_password_and_lands_on_the_parent_pages(
    browser, page, live_server, screenshot, ib, leerling
):
    # A guardian as the pupil import leaves them: an account without a password.
    guardian = OuderFactory(leerling=leerling, user__email="nieuw@ouders.test", user__first_name="Petra").user
    guardian.set_unusable_password()
    guardian.save(update_fields=["password"])

    sign_in(page, ib.email, "geheim-wachtwoord")
    page.goto(f"/leerlingen/{leerling.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Uitnodiging sturen").click()
    expect(page.get_by_text("Er gaat een uitnodiging naar nieuw@ouders.test")).to_be_visible()

    run_worker()
    (message,) = mail.outbox
    assert message.to == ["nieuw@ouders.test"]
    assert leerling.voornaam not in message.body

    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    guardian_page = context.new_page()
    errors, requests = [], []
    guardian_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    guardian_page.on("request", lambda request: requests.append(request.url))
    guardian_page.goto(link_in(message))
    assert_accessible(guardian_page)
    expect(guardian_page.get_by_role("heading", name="Welkom bij het KlimOp portaal")).to_be_visible()
    guardian_page.get_by_label("Kies een wachtwoord").fill("kort")
    guardian_page.get_by_label("Herhaal het wachtwoord").fill("kort")
    guardian_page.get_by_role("button", name="Wachtwoord opslaan en inloggen").click()
    expect(guardian_page.get_by_text("Dit wachtwoord is te kort")).to_be_visible()
    screenshot("uitnodiging-wachtwoord-te-kort", guardian_page)

    guardian_page.get_by_label("Kies een wachtwoord").fill("Zomer-in-Hoorn-2026")
    guardian_page.get_by_label("Herhaal het wachtwoord").fill("Zomer-in-Hoorn-2026")
    guardian_page.get_by_role("button", name="Wachtwoord opslaan en inloggen").click()
    guardian_page.wait_for_url("**/ouders/")
    expect(guardian_page.get_by_text("Uw wachtwoord is opgeslagen")).to_be_visible()
    expect(guardian_page.get_by_text(leerling.volledige_naam).first).to_be_visible()
    screenshot("uitnodiging-aangenomen", guardian_page)

    # The link is used up.
    guardian_page.goto(link_in(message))
    assert_accessible(guardian_page)
    expect(guardian_page.get_by_role("heading", name="Deze link werkt niet (meer)")).to_be_visible()
    assert not [text for text in errors if "Content Security Policy" in text], errors
    assert all(url.startswith(live_server.url) for url in requests), requests
    context.close()
