"""Calendar invitations for an OT meeting (issue 15): an e-mail with an iCalendar file to every invitee.

Neither the mail nor the calendar entry names the pupil, the group or anything from the case: a calendar is
shared, synced and shown on lock screens. The entry only says that there is a meeting and links to the portal.
"""

import datetime
import logging
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from klimop.accounts.models import User, portaal_url
from klimop.accounts.tasks import wachttijd

from ..models import Overleg, ToestemmingSoort
from ._basis import SCHOOLLEIDING, Geweigerd, _moet_rol
from .toestemming import actieve_toestemming

logger = logging.getLogger(__name__)

TIJDZONE = "Europe/Amsterdam"
MAX_POGINGEN = 20


def uid(overleg: Overleg) -> str:
    """The stable UID of a meeting: calendar clients replace the entry with the same UID instead of adding one."""
    host = settings.PORTAAL_URL.split("//", 1)[-1].split("/", 1)[0] or "klimop"
    return f"overleg-{overleg.pk}@{host}"


def genodigden(overleg: Overleg) -> list[User]:
    """The parents with gezag and every invited participant, active accounts only, each once."""
    ouders = User.objects.filter(
        ouderschappen__leerling_id=overleg.vraag.leerling_id, ouderschappen__gezag=True, is_active=True
    )
    mensen = {u.pk: u for u in ouders}
    mensen.update({u.pk: u for u in overleg.deelnemers.filter(is_active=True)})
    # The trajectbegeleider belongs at the table only while the case is open to them, i.e. the consent stands.
    tb = overleg.vraag.trajectbegeleider
    if tb is not None and tb.is_active and actieve_toestemming(overleg.vraag, ToestemmingSoort.DELEN_SWV):
        mensen[tb.pk] = tb
    return sorted(mensen.values(), key=lambda u: u.pk)


def agenda_bestand(
    overleg: Overleg, *, methode: str = "REQUEST", volgnummer: int | None = None, ontvanger=None
) -> bytes:
    """The iCalendar file (REQUEST or CANCEL) for one meeting, in Europe/Amsterdam, without pupil details."""
    if methode not in ("REQUEST", "CANCEL"):
        raise ValueError(methode)
    zone = ZoneInfo(TIJDZONE)
    begin = overleg.datum.astimezone(zone)
    school = settings.SCHOOL["naam"]
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{school}//Portaal//NL")
    cal.add("version", "2.0")
    cal.add("method", methode)
    event = icalendar.Event()
    event.add("uid", uid(overleg))
    event.add("sequence", overleg.volgnummer if volgnummer is None else volgnummer)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", begin)
    event.add("dtend", overleg.eind().astimezone(zone))
    # The place and the video link say nothing about the pupil; they are what an invitee needs to get there.
    if overleg.plaats or overleg.videolink:
        event.add("location", overleg.plaats or overleg.videolink)
    if overleg.videolink:
        event.add("conference", overleg.videolink, parameters={"VALUE": "URI"})
    with translation.override(_taal(ontvanger)):
        event.add("summary", _("Overleg ondersteuning — %(school)s") % {"school": school})
        event.add("description", _("De gegevens van dit overleg staan in het portaal."))
    event.add("url", portaal_url(reverse("portaal")))
    event.add("organizer", f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}", parameters={"CN": school})
    if ontvanger is not None:
        event.add("attendee", f"mailto:{ontvanger.email}", parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    event.add("status", "CANCELLED" if methode == "CANCEL" else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _taal(user) -> str:
    return (user.taal if user is not None else "") or settings.LANGUAGE_CODE


def uitnodigingen_versturen(overleg: Overleg, *, methode: str = "REQUEST") -> None:
    """Queue one invitation mail per invitee; call inside the transaction that plans or changes the meeting."""
    for user in genodigden(overleg):
        verstuur_overleguitnodiging.enqueue(overleg.pk, user.pk, methode, overleg.volgnummer)


def _te_wijzigen(overleg: Overleg, door: User) -> Overleg:
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur wijzigt een overleg."))
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    if overleg.gehouden or overleg.afgezegd_op:
        raise Geweigerd(_("Een overleg dat al is gehouden of afgezegd, wijzigt u niet meer."))
    return overleg


@transaction.atomic
def overleg_verzetten(
    *,
    overleg: Overleg,
    door: User,
    datum: datetime.datetime,
    eindtijd: datetime.time | None = None,
    plaats: str = "",
    videolink: str = "",
) -> Overleg:
    """Move a meeting or change where it is: every invitee gets the same UID with a higher SEQUENCE."""
    overleg = _te_wijzigen(overleg, door)
    overleg.datum, overleg.eindtijd, overleg.plaats, overleg.videolink = datum, eindtijd, plaats, videolink
    overleg.volgnummer += 1
    overleg.save(update_fields=["datum", "eindtijd", "plaats", "videolink", "volgnummer"])
    uitnodigingen_versturen(overleg)
    return overleg


@transaction.atomic
def overleg_afzeggen(*, overleg: Overleg, door: User, nu=None) -> Overleg:
    """Cancel a meeting: every invitee gets METHOD:CANCEL for the same UID, so calendars drop the entry."""
    overleg = _te_wijzigen(overleg, door)
    overleg.afgezegd_op = nu or timezone.now()
    overleg.volgnummer += 1
    overleg.save(update_fields=["afgezegd_op", "volgnummer"])
    uitnodigingen_versturen(overleg, methode="CANCEL")
    return overleg


@task()
def verstuur_overleguitnodiging(overleg_id: int, user_id: int, methode: str, volgnummer: int, poging: int = 1) -> str:
    """E-mail one invitee the calendar file of a meeting: a neutral sentence, a portal link and the .ics."""
    overleg = Overleg.objects.filter(pk=overleg_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if overleg is None or user is None:
        return "overgeslagen"
    with translation.override(_taal(user)):
        if methode == "HERINNERING":
            onderwerp = _("Herinnering: overleg ondersteuning")
            tekst = _("Morgen is het overleg waarvoor u bent uitgenodigd. Meer leest u in het portaal:")
        elif methode == "CANCEL":
            onderwerp = _("Overleg ondersteuning afgezegd")
            tekst = _("Een overleg waarvoor u was uitgenodigd gaat niet door. Meer leest u in het portaal:")
        else:
            onderwerp = _("Uitnodiging: overleg ondersteuning")
            tekst = _(
                "U bent uitgenodigd voor een overleg. In de bijlage staat de afspraak voor uw agenda. "
                "Meer leest u in het portaal:"
            )
        bericht = f"{tekst}\n{portaal_url(reverse('portaal'))}\n\n{settings.SCHOOL['naam']}\n"
    # A reminder carries the current invitation again: importing it changes nothing in the calendar.
    ical_methode = "CANCEL" if methode == "CANCEL" else "REQUEST"
    mail = EmailMessage(subject=onderwerp, body=bericht, to=[user.email])
    mail.attach(
        "overleg.ics",
        agenda_bestand(overleg, methode=ical_methode, volgnummer=volgnummer, ontvanger=user),
        f"text/calendar; method={ical_methode}; charset=utf-8",
    )
    try:
        mail.send()
    except Exception:
        if poging < MAX_POGINGEN:
            verstuur_overleguitnodiging.using(run_after=timezone.now() + wachttijd(poging)).enqueue(
                overleg_id, user_id, methode, volgnummer, poging=poging + 1
            )
        else:
            logger.error("Giving up on the invitation for meeting %s to user %s", overleg_id, user_id)
        raise
    return "verstuurd"


def herinneringen_versturen(*, nu=None) -> int:
    """Queue the reminder for every meeting of tomorrow not yet reminded; returns how many meetings."""
    nu = nu or timezone.now()
    morgen = timezone.localdate(nu) + datetime.timedelta(days=1)
    aantal = 0
    kandidaten = Overleg.objects.filter(
        datum__date=morgen, gehouden=False, afgezegd_op__isnull=True, herinnerd_op__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(kandidaten):
        with transaction.atomic():
            overleg = (
                Overleg.objects.select_for_update()
                .filter(pk=pk, herinnerd_op__isnull=True, afgezegd_op__isnull=True, gehouden=False)
                .first()
            )
            if overleg is None:
                continue
            overleg.herinnerd_op = nu
            overleg.save(update_fields=["herinnerd_op"])
            # The mark and the queued mails commit together: either both exist, or neither.
            uitnodigingen_versturen(overleg, methode="HERINNERING")
            aantal += 1
    return aantal
