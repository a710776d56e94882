"""'Wat vraagt mijn aandacht' on /portaal/: lists of work per role, each item a link to where it is done."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leerlingen.tests.factories import LeerlingFactory, OuderFactory
from ondersteuning import services
from ondersteuning.models import ToestemmingSoort, Urgentie
from ondersteuning.tests.factories import VraagFactory

URL = reverse("portaal")
VANDAAG = timezone.localdate()
OVER_ZES_WEKEN = VANDAAG + datetime.timedelta(weeks=6)
INHOUD = {
    "handelingsdeel_aanbod": "RT lezen.",
    "handelingsdeel_uitvoering": "De onderwijsassistent, twee keer per week.",
    "handelingsdeel_afwijkingen": "Geen.",
    "onderwijsbehoeften": "Korte teksten.",
    "uitstroombestemming": "vmbo kader",
    "kind_aan_het_woord": "",
    "vastgesteld_op": VANDAAG,
}


def _lijst(response, sleutel):
    """The items of one attention list, as (leerling, tekst, url)."""
    for lijst in response.context["aandacht"]:
        if lijst.sleutel == sleutel:
            return lijst
    raise AssertionError(f"no list {sleutel}")


def _ingediend(leerling, door, **kwargs):
    vraag = VraagFactory(leerling=leerling, ingediend_door=door, **kwargs)
    services.indienen(vraag=vraag, door=door)
    vraag.refresh_from_db()
    return vraag


def _bij_ot(vraag, ib, ouder, *, delen=True):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    if delen:
        services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig.")
    vraag.refresh_from_db()
    return vraag


def _met_plan(vraag, ib, ouder, *, delen=True, evaluatie=OVER_ZES_WEKEN, overleg_op=None):
    _bij_ot(vraag, ib, ouder)
    if overleg_op:
        services.overleg_plannen(vraag=vraag, door=ib, datum=overleg_op, agenda="Het plan")
    services.arrangement_starten(
        vraag=vraag, door=ib, omschrijving="RT lezen", evaluatiedatum=OVER_ZES_WEKEN, ouders_aanwezig=True
    )
    doelen = [{"omschrijving": "Leest AVI E4.", "evaluatiedatum": evaluatie, "resultaat": ""}]
    versie = services.plan_starten(vraag=vraag, door=ib, inhoud=dict(INHOUD), doelen=doelen)
    if delen:
        services.versie_delen(versie=versie, door=ib)
    vraag.refresh_from_db()
    return vraag


@pytest.mark.django_db
def test_ib_sees_untaken_requests_most_urgent_first_each_linking_to_the_case(client_for, ib, leerkracht, groep):
    normaal = _ingediend(LeerlingFactory(groep=groep), leerkracht)
    urgent = _ingediend(LeerlingFactory(groep=groep), leerkracht, urgentie=Urgentie.ZEER_HOOG)
    opgepakt = _ingediend(LeerlingFactory(groep=groep), leerkracht)
    services.oppakken(vraag=opgepakt, door=ib)

    response = client_for(ib).get(URL)

    lijst = _lijst(response, "nieuw")
    assert [p.url for p in lijst.punten] == [urgent.get_absolute_url(), normaal.get_absolute_url()]
    assert lijst.totaal == 2
    assert "Wat vraagt mijn aandacht" in response.content.decode()
    assert f'href="{urgent.get_absolute_url()}"' in response.content.decode()


@pytest.mark.django_db
def test_ib_sees_a_parent_comment_until_the_school_answers_it(client_for, ib, vraag, ouder):
    services.oppakken(vraag=vraag, door=ib)
    services.reageren(vraag=vraag, door=ouder, tekst="Wanneer hoor ik meer?")
    client = client_for(ib)

    assert [p.leerling for p in _lijst(client.get(URL), "reacties").punten] == [vraag.leerling.volledige_naam]

    services.reageren(vraag=vraag, door=ib, tekst="Volgende week bellen we u.")
    assert _lijst(client.get(URL), "reacties").punten == []


@pytest.mark.django_db
def test_ib_sees_plans_waiting_for_agreement_and_dates_due_this_week(client_for, ib, vraag, ouder):
    _met_plan(vraag, ib, ouder)
    vraag.volgende_datum = VANDAAG - datetime.timedelta(days=1)
    vraag.save(update_fields=["volgende_datum"])

    response = client_for(ib).get(URL)

    assert [p.url for p in _lijst(response, "instemming").punten] == [reverse("ondersteuning:plan", args=[vraag.pk])]
    datum = _lijst(response, "datums").punten
    assert len(datum) == 1 and datum[0].te_laat

    services.instemmen(versie=vraag.plan.gedeelde_versie, ouder=ouder, akkoord=True)
    assert _lijst(client_for(ib).get(URL), "instemming").punten == []


@pytest.mark.django_db
def test_ib_sees_meetings_this_week_but_not_next_month(client_for, ib, vraag, ouder):
    _bij_ot(vraag, ib, ouder)
    morgen = timezone.now() + datetime.timedelta(hours=1)
    services.overleg_plannen(vraag=vraag, door=ib, datum=morgen, agenda="Lezen")
    services.overleg_plannen(vraag=vraag, door=ib, datum=morgen + datetime.timedelta(days=30), agenda="Later")

    punten = _lijst(client_for(ib).get(URL), "overleggen").punten

    assert len(punten) == 1 and punten[0].url.startswith(vraag.get_absolute_url())


@pytest.mark.django_db
def test_long_lists_are_capped_with_a_link_to_the_filtered_queue(client_for, ib, leerkracht, groep):
    for _ in range(12):
        _ingediend(LeerlingFactory(groep=groep), leerkracht)

    response = client_for(ib).get(URL)

    lijst = _lijst(response, "nieuw")
    assert len(lijst.punten) == 10 and lijst.meer
    assert lijst.alle_url == reverse("ondersteuning:wachtrij") + "?status=ingediend"
    assert "10+" in response.content.decode() and "Alle bekijken" in response.content.decode()


@pytest.mark.django_db
def test_teacher_sees_open_cases_goals_due_and_plans_without_the_childs_words(
    client_for, ib, leerkracht, vraag, ouder
):
    _met_plan(vraag, ib, ouder, delen=False, evaluatie=VANDAAG + datetime.timedelta(days=5))
    vreemd = _ingediend(LeerlingFactory(groep__naam="Groep 8"), ib)

    response = client_for(leerkracht).get(URL)

    lopend = _lijst(response, "lopend").punten
    assert [p.url for p in lopend] == [vraag.get_absolute_url()]
    assert vreemd.leerling.volledige_naam not in response.content.decode()
    doelen = _lijst(response, "doelen").punten
    assert [p.tekst for p in doelen] == ["Leest AVI E4."]
    assert [p.url for p in _lijst(response, "kind").punten] == [reverse("ondersteuning:plan", args=[vraag.pk])]


@pytest.mark.django_db
def test_teacher_does_not_see_goals_evaluated_later_or_plans_the_child_spoke_in(
    client_for, ib, leerkracht, vraag, ouder
):
    _met_plan(vraag, ib, ouder, delen=False)
    versie = vraag.plan.versies.get()
    versie.kind_aan_het_woord = "Ik wil zelf een strip lezen."
    versie.save(update_fields=["kind_aan_het_woord"])

    response = client_for(leerkracht).get(URL)

    assert _lijst(response, "doelen").punten == []
    assert _lijst(response, "kind").punten == []


@pytest.mark.django_db
def test_parent_is_asked_to_agree_with_the_plan_and_sees_the_next_meeting_and_school_messages(
    client_for, ib, vraag, ouder
):
    _met_plan(vraag, ib, ouder, overleg_op=timezone.now() + datetime.timedelta(days=3))
    services.reageren(vraag=vraag, door=ib, tekst="Het plan staat klaar.")

    response = client_for(ouder).get(URL)

    assert [p.url for p in _lijst(response, "gevraagd").punten] == [reverse("ouders:instemming", args=[vraag.pk])]
    assert [p.url for p in _lijst(response, "overleggen").punten] == [
        reverse("ouders:vraag", args=[vraag.pk]) + "#overleggen"
    ]
    assert [p.tekst for p in _lijst(response, "berichten").punten] == ["Het plan staat klaar."]

    services.reageren(vraag=vraag, door=ouder, tekst="Gelezen, dank u.")
    assert _lijst(client_for(ouder).get(URL), "berichten").punten == []


@pytest.mark.django_db
def test_parent_is_asked_for_the_consent_the_support_team_needs(client_for, ib, vraag, ouder):
    _bij_ot(vraag, ib, ouder, delen=False)

    punten = _lijst(client_for(ouder).get(URL), "gevraagd").punten

    assert [p.url for p in punten] == [reverse("ouders:toestemming", args=[vraag.pk])]


@pytest.mark.django_db
def test_parent_lists_are_in_english_for_an_english_reader(client_for, ib, vraag, ouder):
    _met_plan(vraag, ib, ouder)
    ouder.taal = "en"
    ouder.save()
    client = client_for(ouder)
    client.cookies["django_language"] = "en"

    content = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "What needs my attention" in content
    assert "What the school asks of you" in content


@pytest.mark.django_db
def test_ot_member_sees_invited_meetings_and_cases_waiting_for_advice(client_for, ib, ot_lid, vraag, ouder):
    _bij_ot(vraag, ib, ouder)
    services.overleg_plannen(
        vraag=vraag, door=ib, datum=timezone.now() + datetime.timedelta(days=2), agenda="Lezen", deelnemers=[ot_lid]
    )
    client = client_for(ot_lid)

    response = client.get(URL)
    assert len(_lijst(response, "overleggen").punten) == 1
    assert [p.url for p in _lijst(response, "advies").punten] == [
        reverse("ondersteuning:actie", args=[vraag.pk, "advies"])
    ]

    services.advies_geven(vraag=vraag, door=ot_lid, advies="Laat Daan voorlezen aan jongere kinderen.")
    assert _lijst(client.get(URL), "advies").punten == []


@pytest.mark.django_db
def test_trajectbegeleider_sees_nothing_of_cases_not_routed_to_them(client_for, ib, trajectbegeleider, vraag, ouder):
    _bij_ot(vraag, ib, ouder)

    response = client_for(trajectbegeleider).get(URL)

    assert all(lijst.punten == [] for lijst in response.context["aandacht"])
    assert "Er wacht nu niets op u." in response.content.decode()


def _school(ib, leerkracht, groep, n):
    for i in range(n):
        leerling = LeerlingFactory(groep=groep)
        ouder = OuderFactory(leerling=leerling).user
        vraag = _ingediend(leerling, leerkracht)
        if i % 2:
            binnenkort = timezone.now() + datetime.timedelta(hours=2)
            _met_plan(vraag, ib, ouder, delen=i % 4 == 1, evaluatie=VANDAAG, overleg_op=binnenkort)
            services.reageren(vraag=vraag, door=ouder, tekst="Vraag van ouder.")
        vraag.volgende_datum = VANDAAG
        vraag.save(update_fields=["volgende_datum"])


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["ib", "leerkracht"])
def test_start_page_query_count_does_not_grow_with_the_school(
    client_for, ib, leerkracht, groep, rol, django_assert_max_num_queries
):
    user = {"ib": ib, "leerkracht": leerkracht}[rol]
    _school(ib, leerkracht, groep, 3)
    client = client_for(user)
    client.get(URL)
    with CaptureQueriesContext(connection) as klein:
        response = client.get(URL)
    _school(ib, leerkracht, groep, 22)
    # A list longer than it shows adds one count query; nothing else grows with the school.
    with django_assert_max_num_queries(len(klein) + len(response.context["aandacht"])):
        response = client.get(URL)
    assert len(_lijst(response, "datums" if rol == "ib" else "lopend").punten) == 10
