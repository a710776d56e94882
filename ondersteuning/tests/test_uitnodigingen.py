"""Issue 15: an OT meeting sends every invitee an e-mail with a calendar file, without pupil details."""

import datetime
import io

import icalendar
import ics
import pytest
from django.core import mail
from django.utils import timezone

from klimop.accounts.tests.helpers import run_worker
from ondersteuning import services
from ondersteuning.models import ToestemmingSoort
from ondersteuning.services import uitnodigingen

pytestmark = pytest.mark.django_db


@pytest.fixture
def overleg(vraag, ib, leerkracht, ouder, ot_lid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.oppakken(vraag=vraag, door=ib)
        services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
        services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Breder kijken naar het lezen.")
        services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_OT, ouder=ouder)
        overleg = services.overleg_plannen(
            vraag=vraag,
            door=ib,
            datum=timezone.make_aware(datetime.datetime(2031, 3, 4, 14, 30)),
            agenda="1. Het leesbeeld van de ouders",
            deelnemers=[leerkracht, ib, ot_lid],
            eindtijd=datetime.time(15, 15),
            plaats="Kamer van de IB",
        )
    run_worker()
    return overleg


def uitnodigingsmails():
    return [m for m in mail.outbox if any(a[0] == "overleg.ics" for a in m.attachments)]


def test_every_invitee_gets_one_invitation_with_a_calendar_file(overleg, ouder, leerkracht, ib, ot_lid):
    ontvangers = sorted(m.to[0] for m in uitnodigingsmails())
    assert ontvangers == sorted(u.email for u in [ouder, leerkracht, ib, ot_lid])
    naam, inhoud, soort = uitnodigingsmails()[0].attachments[0]
    assert soort.startswith("text/calendar; method=REQUEST")


def test_the_calendar_file_parses_with_two_parsers_in_amsterdam_time(overleg):
    inhoud = uitnodigingen.agenda_bestand(overleg)
    cal = icalendar.Calendar.from_ical(inhoud)
    assert cal["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    (event,) = cal.walk("VEVENT")
    assert event["SUMMARY"] == "Overleg ondersteuning — Kindcentrum KlimOp"
    assert event["UID"] == uitnodigingen.uid(overleg)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime.datetime(2031, 3, 4, 14, 30)
    assert event.decoded("DTEND").replace(tzinfo=None) == datetime.datetime(2031, 3, 4, 15, 15)
    assert event["LOCATION"] == "Kamer van de IB"
    assert event["URL"].endswith("/portaal/")

    (ander,) = ics.Calendar(inhoud.decode()).events
    assert ander.uid == uitnodigingen.uid(overleg)
    assert ander.begin == overleg.datum


def test_an_update_and_a_cancellation_replace_the_one_event(overleg):
    """A client keeps one event per UID and applies a higher SEQUENCE; a CANCEL cancels that same event."""
    agenda: dict[str, icalendar.Event] = {}
    for methode, volgnummer in [("REQUEST", 0), ("REQUEST", 1), ("CANCEL", 2)]:
        for event in icalendar.Calendar.from_ical(
            uitnodigingen.agenda_bestand(overleg, methode=methode, volgnummer=volgnummer)
        ).walk("VEVENT"):
            oud = agenda.get(str(event["UID"]))
            if oud is None or int(event["SEQUENCE"]) > int(oud["SEQUENCE"]):
                agenda[str(event["UID"])] = event
    assert len(agenda) == 1
    (event,) = agenda.values()
    assert int(event["SEQUENCE"]) == 2
    assert event["STATUS"] == "CANCELLED"


def test_no_pupil_group_or_case_text_in_any_mail_or_calendar_file(overleg, leerling, vraag):
    verboden = [leerling.voornaam, leerling.achternaam, leerling.groep.naam, vraag.hulpvraag[:30], "leesbeeld"]
    teksten = []
    for bericht in uitnodigingsmails():
        teksten += [bericht.subject, bericht.body] + [
            str(a[1]) if isinstance(a[1], str) else a[1].decode() for a in bericht.attachments
        ]
    teksten.append(uitnodigingen.agenda_bestand(overleg, methode="CANCEL", volgnummer=1).decode())
    assert len(teksten) > 4
    for tekst in teksten:
        for woord in verboden:
            assert woord.lower() not in tekst.lower()


def test_an_inactive_account_gets_no_invitation(vraag, overleg, leerkracht):
    mail.outbox.clear()
    leerkracht.is_active = False
    leerkracht.save(update_fields=["is_active"])
    assert leerkracht not in uitnodigingen.genodigden(overleg)


def ics_bijlagen(user):
    for bericht in mail.outbox:
        for naam, inhoud, _soort in bericht.attachments:
            if naam == "overleg.ics" and bericht.to == [user.email]:
                yield inhoud.encode() if isinstance(inhoud, str) else inhoud


def test_moving_and_cancelling_sends_the_same_uid_and_the_calendar_keeps_one_cancelled_event(
    overleg, ib, ouder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.overleg_verzetten(
            overleg=overleg,
            door=ib,
            datum=timezone.make_aware(datetime.datetime(2031, 3, 5, 9, 0)),
            videolink="https://video.example/overleg",
        )
        services.overleg_afzeggen(overleg=overleg, door=ib)
    run_worker()
    bestanden = list(ics_bijlagen(ouder))
    assert len(bestanden) == 3
    agenda: dict[str, icalendar.Event] = {}
    methodes = []
    for inhoud in bestanden:
        cal = icalendar.Calendar.from_ical(inhoud)
        methodes.append(str(cal["METHOD"]))
        ics.Calendar(inhoud.decode())  # the second parser accepts every file as well
        for event in cal.walk("VEVENT"):
            oud = agenda.get(str(event["UID"]))
            if oud is None or int(event["SEQUENCE"]) > int(oud["SEQUENCE"]):
                agenda[str(event["UID"])] = event
    assert sorted(methodes) == ["CANCEL", "REQUEST", "REQUEST"]
    (event,) = agenda.values()
    assert int(event["SEQUENCE"]) == 2
    assert event["STATUS"] == "CANCELLED"
    assert event["LOCATION"] == "https://video.example/overleg"


def test_a_cancelled_meeting_cannot_be_moved_or_cancelled_again(overleg, ib):
    services.overleg_afzeggen(overleg=overleg, door=ib)
    with pytest.raises(services.Geweigerd):
        services.overleg_afzeggen(overleg=overleg, door=ib)
    with pytest.raises(services.Geweigerd):
        services.overleg_verzetten(overleg=overleg, door=ib, datum=timezone.now(), plaats="Elders")


def test_only_the_ib_or_the_director_moves_a_meeting(overleg, leerkracht):
    with pytest.raises(services.Geweigerd):
        services.overleg_afzeggen(overleg=overleg, door=leerkracht)


def test_the_planning_form_needs_a_place_or_a_video_link_and_an_end_after_the_start():
    from ondersteuning.forms.acties import OverlegPlannenForm

    morgen = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT14:30")
    form = OverlegPlannenForm({"datum": morgen, "agenda": "Beeld", "eindtijd": "14:00"})
    assert not form.is_valid()
    assert "eindtijd" in form.errors
    form = OverlegPlannenForm({"datum": morgen, "agenda": "Beeld"})
    assert not form.is_valid()
    assert form.errors["plaats"] == ["Vul een plaats of een videolink in."]
    form = OverlegPlannenForm({"datum": morgen, "agenda": "Beeld", "videolink": "https://video.example/x"})
    assert form.is_valid(), form.errors


def herinneringen():
    return [m for m in mail.outbox if m.subject.startswith("Herinnering")]


def test_the_reminder_goes_out_once_despite_two_runs_and_a_worker_restart(overleg, ib, ouder, leerkracht):
    from django.core.management import call_command

    morgen = timezone.localtime() + datetime.timedelta(days=1)
    services.overleg_verzetten(
        overleg=overleg, door=ib, datum=morgen.replace(hour=14, minute=30), plaats="Kamer van de IB"
    )
    run_worker()
    mail.outbox.clear()
    call_command("overleg_herinneringen", stdout=io.StringIO())
    run_worker()  # the worker stops here ...
    call_command("overleg_herinneringen", stdout=io.StringIO())
    run_worker()  # ... and starts again
    assert sorted(m.to[0] for m in herinneringen()) == sorted(u.email for u in uitnodigingen.genodigden(overleg))
    assert len(herinneringen()) == 4
    overleg.refresh_from_db()
    assert overleg.herinnerd_op is not None


def test_no_reminder_for_a_meeting_later_than_tomorrow_or_cancelled(overleg, ib):
    assert uitnodigingen.herinneringen_versturen() == 0  # the meeting is in 2031
    overleg.datum = timezone.now() + datetime.timedelta(days=1)
    overleg.save(update_fields=["datum"])
    services.overleg_afzeggen(overleg=overleg, door=ib)
    assert uitnodigingen.herinneringen_versturen() == 0


def test_a_parent_who_reads_english_gets_the_invitation_in_english(overleg, ouder):
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    cal = icalendar.Calendar.from_ical(uitnodigingen.agenda_bestand(overleg, ontvanger=ouder))
    (event,) = cal.walk("VEVENT")
    assert event["SUMMARY"] == "Support meeting — Kindcentrum KlimOp"
    mail.outbox.clear()
    uitnodigingen.verstuur_overleguitnodiging.call(overleg.pk, ouder.pk, "REQUEST", 0)
    assert mail.outbox[0].subject == "Invitation: support meeting"


def test_the_trajectbegeleider_is_invited_only_while_the_case_is_open_to_them(
    overleg, vraag, ib, ouder, trajectbegeleider
):
    assert trajectbegeleider not in uitnodigingen.genodigden(overleg)
    delen = services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_SWV, ouder=ouder)
    services.openen_voor_trajectbegeleider(
        vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="Graag uw advies."
    )
    overleg.refresh_from_db()
    assert trajectbegeleider in uitnodigingen.genodigden(overleg)
    services.toestemming_intrekken(toestemming=delen, door=ouder)
    overleg.refresh_from_db()
    assert trajectbegeleider not in uitnodigingen.genodigden(overleg)
