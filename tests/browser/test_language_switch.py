import pytest
from playwright.sync_api import expect

from klimop.accounts.models import User
from ondersteuning.models import Instemming, Stap, StapSoort
from tests.test_english_for_parents import nederlandse_resten

from .conftest import sign_in
from .test_parent_partnership import _gedeeld_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_switches_to_english_and_still_reads_english_after_a_reload(page, screenshot, ouder, vraag):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, ouder.email, "geheim-wachtwoord")
    page.goto("/ouders/")
    expect(page.get_by_role("heading", name="Mijn kinderen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.get_by_role("button", name="Show the portal in English").click()
    page.wait_for_url("**/ouders/")
    expect(page.get_by_role("heading", name="My children")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.reload()
    expect(page.get_by_role("heading", name="My children")).to_be_visible()
    page.get_by_role("link", name=vraag.leerling.volledige_naam).click()
    expect(page.get_by_role("heading", name="Who is involved")).to_be_visible()
    page.get_by_role("link", name="Support request of").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    screenshot("parent-in-english")
    assert User.objects.get(pk=ouder.pk).taal == "en"

    # Signed out, the device remembers the choice on the login page; switching back works the same way.
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_role("button", name="Toon het portaal in het Nederlands").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert errors == []


def test_a_parent_in_english_reads_the_plan_and_agrees_with_the_action_plan_in_english(
    page, screenshot, vraag, ib, ouder
):
    _gedeeld_plan(vraag, ib, ouder)
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, ouder.email, "geheim-wachtwoord")
    page.goto("/ouders/")
    page.get_by_role("link", name=vraag.leerling.volledige_naam).click()
    expect(page.get_by_text("The plan is waiting for your answer.")).to_be_visible()
    page.get_by_role("link", name="Support request of").click()
    zaak = page.url
    expect(page.get_by_role("heading", name="The plan is waiting for your answer")).to_be_visible()

    # Read the plan: every interface text in English, what the school wrote as written.
    page.get_by_role("link", name="Read the whole plan").click()
    expect(page.get_by_role("heading", name="Action plan", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="The child's voice")).to_be_visible()
    expect(page.get_by_text("RT lezen in een kleine groep.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert nederlandse_resten(" ".join(page.locator("body").inner_text().split())) == []
    screenshot("parent-plan-in-english")

    # Agree with the action plan.
    page.goto(zaak)
    page.get_by_role("link", name="Agree or disagree").first.click()
    expect(page.get_by_role("heading", name="Agreement with the action plan (version 1)")).to_be_visible()
    page.get_by_label("Yes, I agree").check()
    page.get_by_role("button", name="Give your answer").click()
    expect(page.get_by_text("Thank you. Your answer is in the timeline.")).to_be_visible()
    tijdlijn = page.locator("#tijdlijn")
    expect(tijdlijn.get_by_role("heading", name="Agreement with the action plan", exact=True)).to_be_visible()
    expect(page.get_by_text("✓ Agrees")).to_be_visible()
    screenshot("parent-agreed-in-english")

    assert Instemming.objects.get(ouder=ouder).akkoord
    # The record itself stays in the school's language.
    stap = Stap.objects.get(vraag=vraag, soort=StapSoort.INSTEMMING)
    assert stap.toelichting == f"{ouder} is akkoord met het handelingsdeel van versie 1 van het plan."
    assert errors == []
