"""axe-core on the main pages of every role, in real Chromium (WCAG 2.2 AA tags); zero violations."""

import pytest

from ondersteuning import services
from ondersteuning.models import ToestemmingSoort
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bezoek(page, paden):
    for pad in paden:
        page.goto(pad)
        assert_accessible(page)


def test_public_pages_have_no_accessibility_violations(page):
    bezoek(page, ["/", "/passend-onderwijs/", "/ondersteuningsprofiel/", "/samenwerkingsverband/", "/accounts/login/"])


def test_login_errors_have_no_accessibility_violations(page):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Inloggen").click()
    assert_accessible(page)


def test_teacher_pages_have_no_accessibility_violations(page, leerkracht, leerling, vraag):
    sign_in(page, leerkracht.email, "geheim-wachtwoord")
    bezoek(page, ["/portaal/", "/leerlingen/", f"/leerlingen/{leerling.pk}/", "/ondersteuning/", "/portaal/hulp/"])
    bezoek(page, [f"/ondersteuning/{vraag.pk}/", f"/ondersteuning/{vraag.pk}/observatie/", "/ondersteuning/nieuw/"])
    page.get_by_role("button", name="Indienen bij de intern begeleider").click()
    assert_accessible(page)


def test_ib_pages_have_no_accessibility_violations(page, ib, ouder, vraag):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    sign_in(page, ib.email, "geheim-wachtwoord")
    bezoek(page, ["/portaal/", "/ondersteuning/", f"/ondersteuning/{vraag.pk}/"])
    for actie in ("ondersteuningsteam", "basisondersteuning", "toestemming", "toestemming_intrekken", "afsluiten"):
        bezoek(page, [f"/ondersteuning/{vraag.pk}/{actie}/"])
    page.goto(f"/ondersteuning/{vraag.pk}/basisondersteuning/")
    page.get_by_role("button", name="Vastleggen").click()
    assert_accessible(page)


def test_parent_pages_have_no_accessibility_violations(page, ouder, leerling, vraag):
    sign_in(page, ouder.email, "geheim-wachtwoord")
    bezoek(page, ["/portaal/", "/ouders/", f"/ouders/kinderen/{leerling.pk}/", f"/ondersteuning/{vraag.pk}/"])


def test_the_check_itself_catches_a_violation(page):
    page.set_content('<html lang="nl"><body><main><img src="x.png"><input type="text"></main></body></html>')
    with pytest.raises(AssertionError, match="image-alt|label"):
        assert_accessible(page)
