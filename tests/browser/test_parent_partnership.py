"""Issue 5 in a real browser: the parent reads the plan, comments, agrees, withdraws and gives consent again,
and sees each as a step; the parent of another child gets 404 on all of it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ondersteuning import services
from ondersteuning.models import Instemming, Reactie, Stap, StapSoort, ToestemmingSoort
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _gedeeld_plan(vraag, ib, ouder):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig.")
    over_acht_weken = timezone.localdate() + datetime.timedelta(weeks=8)
    services.arrangement_starten(
        vraag=vraag, door=ib, omschrijving="RT lezen", evaluatiedatum=over_acht_weken, ouders_aanwezig=True
    )
    versie = services.plan_starten(
        vraag=vraag,
        door=ib,
        inhoud={
            "handelingsdeel_aanbod": "RT lezen in een kleine groep.",
            "handelingsdeel_uitvoering": "De onderwijsassistent, dinsdag en donderdag.",
            "kind_eigen_doelen": "Ik wil zelf een strip lezen.",
        },
        doelen=[{"omschrijving": "Daan leest AVI E4 vlot.", "evaluatiedatum": over_acht_weken}],
    )
    services.versie_delen(versie=versie, door=ib)
    return versie


def test_a_parent_works_with_the_school_on_the_plan_in_the_browser(
    browser, live_server, screenshot, vraag, ib, ouder, ouder2
):
    _gedeeld_plan(vraag, ib, ouder)
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    fouten = []
    page.on("console", lambda bericht: fouten.append(bericht.text) if bericht.type == "error" else None)
    sign_in(page, ouder.email, "geheim-wachtwoord")

    page.goto("/ouders/")
    page.get_by_role("link", name=vraag.leerling.volledige_naam).click()
    expect(page.get_by_text("Het plan wacht op uw antwoord.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ondersteuningsvraag van").click()
    zaak = page.url
    assert_accessible(page)

    # Read the plan.
    page.get_by_role("link", name="Het hele plan lezen").click()
    expect(page.get_by_role("heading", name="Handelingsdeel", exact=True)).to_be_visible()
    expect(page.get_by_text("RT lezen in een kleine groep.")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    # Comment: htmx swaps the list in place.
    page.get_by_role("textbox", name="Uw reactie").fill("Kan Daan thuis ook oefenen?")
    page.get_by_label("Waarover gaat uw reactie?").select_option(label="Over versie 1 van het plan")
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.locator("#reacties")).to_contain_text("Kan Daan thuis ook oefenen?")
    # Swapped in place by htmx: no reload, so no flash message and the same address.
    expect(page.get_by_text("Uw reactie is geplaatst.")).to_have_count(0)
    assert page.url == zaak
    assert Reactie.objects.filter(vraag=vraag, auteur=ouder).count() == 1

    # Agree with the handelingsdeel.
    page.goto(zaak)
    page.get_by_role("link", name="Akkoord of niet akkoord geven").first.click()
    assert_accessible(page)
    page.get_by_label("Ja, ik ben akkoord").check()
    page.get_by_role("button", name="Antwoord geven").click()
    expect(page.get_by_text("Dank u wel. Uw antwoord staat in de tijdlijn.")).to_be_visible()
    assert Instemming.objects.get(ouder=ouder).akkoord

    # Withdraw a consent and give it again.
    page.get_by_role("button", name="Intrekken: aanmelden bij het ondersteuningsteam").click()
    expect(page.get_by_text("Uw toestemming is ingetrokken")).to_be_visible()
    page.get_by_role("button", name="Toestemming geven: aanmelden bij het ondersteuningsteam").click()
    expect(page.get_by_text("Uw toestemming is vastgelegd.")).to_be_visible()
    assert_accessible(page)

    tijdlijn = page.locator("#tijdlijn")
    for kop in (
        "Plan gedeeld met de ouders",
        "Reactie",
        "Instemming met het handelingsdeel",
        "Toestemming ingetrokken",
        "Toestemming gegeven",
    ):
        expect(tijdlijn.get_by_role("heading", name=kop, exact=True).first).to_be_visible()
    expect(tijdlijn).to_contain_text("is akkoord met het handelingsdeel van versie 1")
    screenshot("ouder-plan-instemming", page)
    soorten = list(Stap.objects.filter(vraag=vraag, actor=ouder).values_list("soort", flat=True))
    assert soorten[-4:] == [
        StapSoort.REACTIE,
        StapSoort.INSTEMMING,
        StapSoort.TOESTEMMING_INGETROKKEN,
        StapSoort.TOESTEMMING_GEGEVEN,
    ]
    assert not [f for f in fouten if "Content Security Policy" in f or "Refused" in f], fouten
    context.close()

    # The parent of another child reaches none of it.
    ander = browser.new_context(base_url=live_server.url, locale="nl-NL")
    andere_pagina = ander.new_page()
    sign_in(andere_pagina, ouder2.email, "geheim-wachtwoord")
    for url in (
        reverse("ouders:vraag", args=[vraag.pk]),
        reverse("ouders:instemming", args=[vraag.pk]),
        reverse("ouders:toestemming", args=[vraag.pk]),
        reverse("ondersteuning:plan", args=[vraag.pk]),
        reverse("ondersteuning:plan_versie", args=[vraag.pk, 1]),
        reverse("ondersteuning:mijn_plan", args=[vraag.pk, 1]),
        reverse("ondersteuning:reageren", args=[vraag.pk]),
        reverse("ouders:kind", args=[vraag.leerling_id]),
    ):
        assert andere_pagina.goto(url).status == 404, url
    ander.close()
