"""Issue 5 point 6: every page a parent sees is also in English; Dutch stays the default for everyone."""

import datetime
import re

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from klimop.accounts.models import Melding, MeldingSoort
from klimop.accounts.tests.helpers import run_worker
from leerlingen.models import Inzage
from leerlingen.tests.factories import OuderFactory
from ondersteuning import services
from ondersteuning.models import Stap, StapSoort, ToestemmingSoort
from ondersteuning.tests.conftest import DOELEN, INHOUD

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
    assert response.status_code == 200, response.status_code
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


# --- the plan and the parents' responses (issue 5 points 1 and 2) -----------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _pdf(naam="verslag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, PDF, content_type="application/pdf")


def _arrangement(vraag, ib, ouder):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig.")
    services.arrangement_starten(
        vraag=vraag,
        door=ib,
        omschrijving="RT lezen",
        evaluatiedatum=timezone.localdate() + datetime.timedelta(weeks=6),
        ouders_aanwezig=True,
    )
    vraag.refresh_from_db()
    return vraag


@pytest.fixture
def plan_met_reacties(vraag, ib, engelse_ouder):
    """Two shared versions of the plan, with a comment, a document, an answer and a staff visit in the log."""
    _arrangement(vraag, ib, engelse_ouder)
    eerste = services.plan_starten(vraag=vraag, door=ib, inhoud=dict(INHOUD), doelen=list(DOELEN))
    services.versie_delen(versie=eerste, door=ib)
    services.reageren(vraag=vraag, door=engelse_ouder, tekst="Kan Daan thuis oefenen?", versie=eerste)
    services.instemmen(versie=eerste, ouder=engelse_ouder, akkoord=False, toelichting="Liever drie keer per week.")
    tweede = services.concept_versie(vraag=vraag, door=ib)
    services.versie_opslaan(
        versie=tweede, door=ib, inhoud={"handelingsdeel_uitvoering": "De onderwijsassistent, drie keer per week."}
    )
    services.versie_delen(versie=tweede, door=ib)
    services.bijlage_toevoegen(vraag=vraag, door=ib, bestand=_pdf(), omschrijving="Verslag logopedie")
    Inzage.objects.create(
        leerling=vraag.leerling,
        gebruiker=ib,
        naam=ib.get_full_name() or "Intern begeleider",
        rol=ib.rol,
        organisatie="Kindcentrum KlimOp",
        onderwerp=Inzage.Onderwerp.PLAN,
        object_id=vraag.pk,
    )
    tweede.refresh_from_db()
    return tweede


@pytest.mark.parametrize(
    ("naam", "engels"),
    [
        ("ouder_vraag", ["Support for", "The plan", "Action plan", "Agreement of the parents", "Comments"]),
        ("plan", ["Plan for", "Action plan", "The child's voice", "Comments on this version", "Versions"]),
        ("plan_versie", ["Plan for", "Exit destination", "A newer version has been shared."]),
        ("mijn_plan", ["My own goals", "Who helps me?", "Back to the plan"]),
        ("vergelijken", ["Compare versions", "What has changed from version 1 to version 2?", "Old version"]),
        ("instemming", ["Agreement with the action plan (version 2)", "Do you agree with the action plan?"]),
        ("toestemming", ["You decide for yourself what the school may use or share"]),
        ("bijlage", ["Add a document", "A pdf, photo (jpg or png) or Word document (docx) of at most 10 MB."]),
        ("reageren", ["Post a comment", "What is your comment about?"]),
        ("inzage", ["Who has viewed the file of", "Date", "Organisation", "Plan"]),
    ],
)
def test_a_parent_who_chose_english_reads_the_plan_and_every_response_page_in_english(
    client_for, engelse_ouder, vraag, plan_met_reacties, naam, engels
):
    versie = plan_met_reacties
    url = {
        "ouder_vraag": reverse("ouders:vraag", args=[vraag.pk]),
        "plan": reverse("ondersteuning:plan", args=[vraag.pk]),
        "plan_versie": reverse("ondersteuning:plan_versie", args=[vraag.pk, 1]),
        "mijn_plan": reverse("ondersteuning:mijn_plan", args=[vraag.pk, versie.nummer]),
        "vergelijken": reverse("ondersteuning:plan_vergelijken", args=[vraag.pk]),
        "instemming": reverse("ouders:instemming", args=[vraag.pk]),
        "toestemming": reverse("ouders:toestemming", args=[vraag.pk]),
        "bijlage": reverse("ondersteuning:bijlage_toevoegen", args=[vraag.pk]),
        "reageren": reverse("ondersteuning:reageren", args=[vraag.pk]),
        "inzage": reverse("ouders:inzage", args=[vraag.leerling_id]),
    }[naam]
    response = client_for(engelse_ouder).get(url)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    tekst = zichtbare_tekst(response)
    for zin in engels:
        assert zin in tekst
    assert nederlandse_resten(zonder_vastgelegde_tekst(tekst, vraag)) == []


def test_the_plan_pages_stay_dutch_for_a_parent_who_did_not_switch(client_for, ouder, vraag, ib):
    _arrangement(vraag, ib, ouder)
    versie = services.plan_starten(vraag=vraag, door=ib, inhoud=dict(INHOUD), doelen=list(DOELEN))
    services.versie_delen(versie=versie, door=ib)
    client = client_for(ouder)
    plan = zichtbare_tekst(client.get(reverse("ondersteuning:plan", args=[vraag.pk])))
    assert "Handelingsdeel" in plan
    assert "Action plan" not in plan
    instemming = zichtbare_tekst(client.get(reverse("ouders:instemming", args=[vraag.pk])))
    assert "Bent u akkoord met het handelingsdeel?" in instemming


def test_what_the_plan_and_the_parents_responses_write_into_the_record_is_dutch(engelse_ouder, vraag, ib):
    _arrangement(vraag, ib, engelse_ouder)
    ib.taal = "en"
    ib.save(update_fields=["taal"])
    with translation.override("en"):
        versie = services.plan_starten(vraag=vraag, door=ib, inhoud=dict(INHOUD), doelen=list(DOELEN))
        services.versie_delen(versie=versie, door=ib)
        services.reageren(vraag=vraag, door=engelse_ouder, tekst="Can Daan practise at home?", versie=versie)
        services.bijlage_toevoegen(vraag=vraag, door=engelse_ouder, bestand=_pdf("report.pdf"))
        services.bijlage_toevoegen(
            vraag=vraag, door=ib, bestand=_pdf("intern.pdf"), omschrijving="Notes", zichtbaar_voor_ouders=False
        )
        services.instemmen(versie=versie, ouder=engelse_ouder, akkoord=False, toelichting="Three times a week.")
        services.instemmen(versie=versie, ouder=engelse_ouder, akkoord=True)
    stappen = list(Stap.objects.filter(vraag=vraag).order_by("pk"))
    per_soort = {}
    for stap in stappen:
        per_soort.setdefault(stap.soort, []).append(stap)
    (gedeeld,) = per_soort[StapSoort.PLAN_GEDEELD]
    assert gedeeld.toelichting.startswith("Versie 1 van het plan, vastgesteld op ")
    assert "is met de ouders gedeeld" in gedeeld.toelichting
    (reactie,) = per_soort[StapSoort.REACTIE]
    assert reactie.toelichting == "Over versie 1 van het plan: Can Daan practise at home?"
    ouder_doc, intern_doc = per_soort[StapSoort.BIJLAGE]
    assert ouder_doc.toelichting == "Document toegevoegd: report.pdf"
    assert intern_doc.toelichting == "Document toegevoegd: intern.pdf — Notes"
    assert intern_doc.reden_niet_betrokken == "Intern document van het schoolteam."
    niet, wel = per_soort[StapSoort.INSTEMMING]
    assert niet.toelichting == (
        f"{engelse_ouder} is niet akkoord met het handelingsdeel van versie 1 van het plan.\n\nThree times a week."
    )
    assert wel.toelichting == f"{engelse_ouder} is akkoord met het handelingsdeel van versie 1 van het plan."
    for stap in stappen:
        for tekst in (stap.toelichting, stap.reden_niet_betrokken):
            for engels in (
                "Version ",
                "has been shared",
                "About version",
                "Document added",
                "agrees with",
                "Internal",
            ):
                assert engels not in tekst, tekst


def test_the_fixed_text_of_an_internal_document_is_shown_in_the_readers_language(client_for, vraag, ib, ouder):
    _arrangement(vraag, ib, ouder)
    services.bijlage_toevoegen(vraag=vraag, door=ib, bestand=_pdf(), zichtbaar_voor_ouders=False)
    ib.taal = "en"
    ib.save(update_fields=["taal"])
    tekst = zichtbare_tekst(client_for(ib).get(reverse("ondersteuning:detail", args=[vraag.pk])))
    assert "Internal document of the school team." in tekst
    assert "Intern document van het schoolteam." not in tekst
    ib.taal = "nl"
    ib.save(update_fields=["taal"])
    tekst = zichtbare_tekst(client_for(ib).get(reverse("ondersteuning:detail", args=[vraag.pk])))
    assert "Intern document van het schoolteam." in tekst


def test_the_mail_about_a_shared_plan_reaches_each_guardian_in_their_own_language(
    engelse_ouder, vraag, ib, leerling, django_capture_on_commit_callbacks
):
    nederlandse = OuderFactory(leerling=leerling, relatie="vader", user__email="vader@klimop.test").user
    _arrangement(vraag, ib, engelse_ouder)
    versie = services.plan_starten(vraag=vraag, door=ib, inhoud=dict(INHOUD), doelen=list(DOELEN))
    run_worker()
    mail.outbox.clear()
    # The care coordinator shares while reading Dutch; the English guardian still gets English.
    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        services.versie_delen(versie=versie, door=ib)
    run_worker()
    (engels,) = [m for m in mail.outbox if m.to == [engelse_ouder.email]]
    assert engels.subject == "A new notification is waiting for you in the KlimOp portal"
    assert engels.body.startswith("Hello,")
    assert "A new step has been taken in the support for your child." in engels.body
    assert nederlandse_resten(engels.body) == []
    (nl,) = [m for m in mail.outbox if m.to == [nederlandse.email]]
    assert nl.subject == "Er staat een nieuwe melding voor u klaar in het KlimOp portaal"
