"""Background tasks (django-tasks, database backend): e-mails leave the request and survive a failing mail server.

A send that fails schedules a new attempt of the same task with a growing delay and then re-raises, so the
failed attempt stays visible in the task table. Nothing is sent twice: each task marks its row as mailed.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .models import Melding, Uitnodiging, portaal_url

logger = logging.getLogger(__name__)

# 1, 2, 4 ... minutes apart, at most 6 hours: about three days of attempts before we stop and log an error.
MAX_POGINGEN = 20
MAX_WACHTTIJD = datetime.timedelta(hours=6)


def wachttijd(poging: int) -> datetime.timedelta:
    """How long to wait after failed attempt number `poging` (1-based)."""
    return min(datetime.timedelta(minutes=2 ** (poging - 1)), MAX_WACHTTIJD)


def _taal(user) -> str:
    # The recipient's own choice, never the language of whoever caused the mail (or of the worker's thread).
    return user.taal or settings.LANGUAGE_CODE


def _mail(*, user, sjabloon: str, context: dict) -> None:
    with translation.override(_taal(user)):
        onderwerp = render_to_string(f"accounts/mail/{sjabloon}_onderwerp.txt", context).strip()
        tekst = render_to_string(f"accounts/mail/{sjabloon}_bericht.txt", context)
    EmailMessage(subject=" ".join(onderwerp.split()), body=tekst, to=[user.email]).send()


def _later_opnieuw(taak, object_id: int, poging: int) -> None:
    if poging >= MAX_POGINGEN:
        logger.error("Giving up on %s for id %s after %s attempts", taak.name, object_id, poging)
        return
    taak.using(run_after=timezone.now() + wachttijd(poging)).enqueue(object_id, poging=poging + 1)


@task()
def verstuur_melding(melding_id: int, poging: int = 1) -> str:
    """E-mail one notification: a neutral sentence and a link to the portal's notifications page."""
    melding = Melding.objects.select_related("user").filter(pk=melding_id).first()
    if melding is None or melding.mail_verstuurd_op or not melding.user.is_active:
        return "overgeslagen"
    context = {"melding": melding, "link": portaal_url(reverse("meldingen:lijst")), "user": melding.user}
    try:
        _mail(user=melding.user, sjabloon="melding", context=context)
    except Exception:
        _later_opnieuw(verstuur_melding, melding_id, poging)
        raise
    Melding.objects.filter(pk=melding.pk).update(mail_verstuurd_op=timezone.now())
    return "verstuurd"


@task()
def verstuur_uitnodiging(uitnodiging_id: int, poging: int = 1) -> str:
    """E-mail the invitation link; skipped once the invitation was used, replaced or has expired."""
    uitnodiging = Uitnodiging.objects.select_related("user").filter(pk=uitnodiging_id).first()
    if uitnodiging is None or uitnodiging.status() != Uitnodiging.Status.OPEN or not uitnodiging.user.is_active:
        return "overgeslagen"
    pad = reverse("accounts:uitnodiging", args=[uitnodiging.pk, uitnodiging.token()])
    context = {
        "uitnodiging": uitnodiging,
        "user": uitnodiging.user,
        "link": portaal_url(pad),
        "is_ouder": uitnodiging.user.is_ouder,
        "school": settings.SCHOOL["naam"],
    }
    try:
        _mail(user=uitnodiging.user, sjabloon="uitnodiging", context=context)
    except Exception:
        _later_opnieuw(verstuur_uitnodiging, uitnodiging_id, poging)
        raise
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(mail_verstuurd_op=timezone.now())
    return "verstuurd"
