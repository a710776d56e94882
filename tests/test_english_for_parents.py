"""Issue 5 point 6: every page a parent sees is also in English; Dutch stays the default for everyone."""

import datetime
import re

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from klimop.accounts.models import Melding, MeldingSoort
from ondersteuning import services
from ondersteuning.models import Stap, ToestemmingSoort

from .test_catalogue import PO

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def _ui_teksten() -> dict[str, str]:
    """Dutch interface texts of the catalogue with their English, long enough not to be content by accident."""
    teksten = {}
    for entry in polib.pofile(str(PO)):
        if entry.msgid_plural or "%" in entry.msgid or "<" in entry.msgid or len(entry.msgid) < 12:
            continue
        if entry.msgid != entry.msgstr:
            teksten[entry.msgid] = entry.msgstr
    return teksten


UI_TEKSTEN = _ui_teksten()


def zichtbare_tekst(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def nederlandse_resten(tekst: str) -> list[str]:
    """Dutch catalogue texts that still show on a page that should be English."""
    return [nl for nl in UI_TEKSTEN if nl in tekst]


def zonder_vastgelegde_tekst(tekst: str, vraag) -> str:
    """The page without the steps' explanations: written into the record in Dutch ("Ouders geïnformeerd op ...")."""
    for toelichting in Stap.objects.filter(vraag=vraag).values_list("toelichting", flat=True):
        tekst = tekst.replace(" ".join(toelichting.split()), "")
    return tekst


@pytest.fixture
def engelse_ouder(ouder):
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    return ouder


@pytest.fixture
def melding(ouder, vraag):
    return Melding.objects.create(
        user=ouder, soort=MeldingSoort.STAP_VOOR_OUDERS, link=reverse("ouders:kind", args=[vraag.leerling_id])
    )


def test_the_portal_is_dutch_by_default_even_when_the_browser_asks_for_english(client_for, ouder, vraag):
    anoniem = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    for url in (reverse("profiel:home"), reverse("accounts:login")):
        response = anoniem.get(url)
        assert '<html lang="nl">' in response.content.decode()
        assert response["Content-Language"] == "nl"
    ingelogd = client_for(ouder)
    response = ingelogd.get(reverse("ouders:start"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="nl">' in response.content.decode()
    assert "Mijn kinderen" in zichtbare_tekst(response)
    assert "My children" not in zichtbare_tekst(response)


def test_a_parent_who_switches_to_english_has_the_choice_stored_on_the_account_and_in_a_cookie(client_for, ouder):
    client = client_for(ouder)
    response = client.post(reverse("accounts:taal"), {"taal": "en", "next": reverse("ouders:start")})
    assert response.status_code == 302
    assert response.url == reverse("ouders:start")
    ouder.refresh_from_db()
    assert ouder.taal == "en"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "en"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.LANGUAGE_COOKIE_AGE
    pagina = client.get(reverse("ouders:start"))
    assert '<html lang="en">' in pagina.content.decode()
    assert "My children" in zichtbare_tekst(pagina)


@pytest.mark.parametrize(
    ("naam", "engels"),
    [
        ("start", ["My children", "Here you see, per child, the support", "Sign out", "Notifications"]),
        ("portaal", ["Welcome,", "My children"]),
        ("kind", ["Who is involved", "Support request of", "Date of birth"]),
        ("vraag", ["Support request for", "Timeline", "Consent of the parents", "Parents: informed"]),
        ("meldingen", ["Notifications", "A new step has been taken in the support for your child.", "View"]),
        ("beveiliging", ["Security", "Two-step verification", "Change password"]),
        ("wachtwoord", ["Change password", "Old password", "Save password"]),
        ("tweestaps", ["Set up two-step verification", "Scan this QR code with the app:"]),
        ("hulp", ["Help and contact", "How does the portal work?"]),
    ],
)
def test_a_parent_who_chose_english_reads_every_portal_page_in_english(
    client_for, engelse_ouder, vraag, melding, naam, engels
):
    url = {
        "start": reverse("ouders:start"),
        "portaal": reverse("portaal"),
        "kind": reverse("ouders:kind", args=[vraag.leerling_id]),
        "vraag": reverse("ondersteuning:detail", args=[vraag.pk]),
        "meldingen": reverse("meldingen:lijst"),
        "beveiliging": reverse("accounts:security"),
        "wachtwoord": reverse("accounts:password_change"),
        "tweestaps": reverse("accounts:two_factor_enrol"),
        "hulp": reverse("hulp"),
    }[naam]
    response = client_for(engelse_ouder).get(url)
    assert response.status_code == 200
    tekst = zichtbare_tekst(response)
    assert '<html lang="en">' in response.content.decode()
    for zin in engels:
        assert zin in tekst
    assert nederlandse_resten(zonder_vastgelegde_tekst(tekst, vraag)) == []
    for woord in ("Uitloggen", "Meldingen", "Beveiliging", "Mijn kinderen"):
        assert woord not in tekst


def test_the_same_parent_pages_are_dutch_for_a_parent_who_did_not_switch(client_for, ouder, vraag, melding):
    client = client_for(ouder)
    kind = zichtbare_tekst(client.get(reverse("ouders:kind", args=[vraag.leerling_id])))
    assert "Wie zijn betrokken" in kind
    assert "Who is involved" not in kind
    detail = zichtbare_tekst(client.get(reverse("ondersteuning:detail", args=[vraag.pk])))
    assert "Tijdlijn" in detail
    assert "Timeline" not in detail


def test_what_goes_into_the_record_is_dutch_whatever_language_the_person_acting_reads(
    client_for, engelse_ouder, vraag, ib
):
    with translation.override("en"):
        services.oppakken(vraag=vraag, door=ib)
        services.binnen_basisondersteuning(
            vraag=vraag,
            door=ib,
            afspraken="Extra leestijd",
            evaluatiedatum=datetime.date.today() + datetime.timedelta(weeks=6),
            ouders_aanwezig=True,
        )
        services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=engelse_ouder)
    vraag.refresh_from_db()
    assert vraag.volgende_actie == "Evaluatie basisondersteuning"
    stappen = {stap.soort: stap for stap in Stap.objects.filter(vraag=vraag)}
    assert stappen["oppakken"].reden_niet_betrokken.startswith("Interne verdeling van het werk")
    assert "gaf toestemming: aanmelden bij het ondersteuningsteam (digitaal, door de ouder)" in (
        stappen["toestemming_gegeven"].toelichting
    )


def test_fixed_texts_in_the_record_are_shown_in_the_readers_language(client_for, engelse_ouder, vraag, ib):
    services.oppakken(vraag=vraag, door=ib)
    services.binnen_basisondersteuning(
        vraag=vraag,
        door=ib,
        afspraken="Extra leestijd",
        evaluatiedatum=datetime.date.today() + datetime.timedelta(weeks=6),
        ouders_aanwezig=True,
    )
    tekst = zichtbare_tekst(client_for(engelse_ouder).get(reverse("ondersteuning:detail", args=[vraag.pk])))
    assert "Evaluation of basic support" in tekst
    assert "Internal division of work" in tekst
    assert "Extra leestijd" in tekst  # what people wrote stays as they wrote it
    assert nederlandse_resten(zonder_vastgelegde_tekst(tekst, vraag)) == []
