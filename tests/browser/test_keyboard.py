"""Filing a support request with the keyboard alone, with a visible focus indicator at every stop."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from klimop.accounts.tests.factories import totp_device_for
from ondersteuning.models import Ondersteuningsvraag, Status
from tests.browser.conftest import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAAM_VAN_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return (label || el.getAttribute("aria-label") || el.innerText || el.value || "").trim();
}"""
FOCUS_ZICHTBAAR = """() => {
  if (document.activeElement === document.body) return true;  // focus left the page (browser chrome)
  const s = getComputedStyle(document.activeElement);
  return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
}"""


FOCUS_HTML = "() => document.activeElement.outerHTML.slice(0, 200)"


def dag_eerst(page) -> bool:
    """Whether this browser's date fields take the day first (Dutch) or the month first (its UI locale)."""
    proef = page.context.new_page()
    proef.set_content('<input type="date" id="d">')
    proef.focus("#d")
    proef.keyboard.type("01022026")
    waarde = proef.eval_on_selector("#d", "e => e.value")
    proef.close()
    return waarde == "2026-02-01"


def _is(page, naam: str) -> bool:
    return page.evaluate(NAAM_VAN_FOCUS).rstrip("*").strip().lower() == naam.lower()


def tab_tot(page, naam: str, maximaal: int = 60) -> None:
    """Press Tab until the focused element is named `naam`; every stop on the way must show its focus."""
    if _is(page, naam):
        return
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_ZICHTBAAR), f"no visible focus on {page.evaluate(FOCUS_HTML)}"
        if _is(page, naam):
            return
    raise AssertionError(f"{naam!r} not reached with Tab; last: {page.evaluate(NAAM_VAN_FOCUS)!r}")


def test_a_teacher_files_a_request_with_the_keyboard_alone(page, screenshot, leerkracht, leerling):
    device = totp_device_for(leerkracht)
    page.goto("/accounts/login/")
    page.keyboard.type(leerkracht.email)  # the e-mail field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type("geheim-wachtwoord")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tweestapsverificatie/**")
    tab_tot(page, "Code uit de app")
    page.keyboard.type(totp_code(device))
    page.keyboard.press("Enter")
    page.wait_for_url("**/portaal/")

    tab_tot(page, "Nieuwe ondersteuningsvraag")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ondersteuning/nieuw/")

    tab_tot(page, "Leerling")
    page.keyboard.type(leerling.achternaam)
    tab_tot(page, "Hulpvraag")
    page.keyboard.type("Daan leest spellend en raakt gefrustreerd.")
    tab_tot(page, "Sterke kanten")
    page.keyboard.type("Daan vertelt goed.")
    tab_tot(page, "Wat is er verder geprobeerd")
    page.keyboard.type("Leesmaatje.")
    tab_tot(page, "Ouders geïnformeerd op")
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    page.keyboard.type(gisteren.strftime("%d%m%Y" if dag_eerst(page) else "%m%d%Y"))
    tab_tot(page, "Hoe zijn de ouders geïnformeerd")
    page.keyboard.type("In een")
    tab_tot(page, "Indienen bij de intern begeleider")
    screenshot("toetsenbord-indienen")
    page.keyboard.press("Enter")

    expect(page.get_by_text("De ondersteuningsvraag is ingediend bij de intern begeleider.")).to_be_visible()
    vraag = Ondersteuningsvraag.objects.get()
    assert vraag.status == Status.INGEDIEND
    assert vraag.leerling == leerling
    assert vraag.ouders_geinformeerd_op == gisteren


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto("/passend-onderwijs/")
    page.keyboard.press("Tab")
    assert page.evaluate(NAAM_VAN_FOCUS) == "Naar de inhoud"
    assert page.evaluate(FOCUS_ZICHTBAAR)
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#inhoud"
