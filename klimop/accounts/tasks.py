"""Background tasks (django-tasks, database backend): the task table is the outbox for every e-mail.

A mail task is written in the transaction that causes it (a step, an invitation, a reset request), so the worker
sees it only once that transaction has committed, and never for one that was rolled back. A send that fails
schedules a new attempt of the same task with a growing delay and then re-raises, so the failed attempt stays
visible in the task table. Each mail has a mark, checked under a row lock before sending and committed together
with the hand-over to the SMTP server (verzenden.py); a task that runs again (a retry, or one picked up after its
worker died) then sends nothing.
"""

import datetime
import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import TaskContext, task
from django_tasks_db.models import DBTaskResult

from .models import Melding, Uitnodiging, User, portaal_url
from .verzenden import aanbieden

logger = logging.getLogger(__name__)

# 1, 2, 4 ... minutes apart, at most 6 hours: about three days of attempts before we stop and log an error.
MAX_POGINGEN = 20
MAX_WACHTTIJD = datetime.timedelta(hours=6)
# Errors that mean "the database went away" (a restart, a dropped connection), not a mistake in a query.
DATABASE_WEG = (InterfaceError, OperationalError)
# How long a task waits for the database to come back before it gives up on it.
DATABASE_GEDULD = 120.0
VERSTUURD = "verstuurd"


def wachttijd(poging: int) -> datetime.timedelta:
    """How long to wait after failed attempt number `poging` (1-based)."""
    eerste = datetime.timedelta(seconds=settings.MAIL_EERSTE_WACHTTIJD)
    return min(eerste * 2 ** (poging - 1), MAX_WACHTTIJD)


def _taal(user) -> str:
    # The recipient's own choice, never the language of whoever caused the mail (or of the worker's thread).
    return user.taal or settings.LANGUAGE_CODE


def _bericht(*, user, sjablonen: tuple[str, str], context: dict, sleutel: str, taal: str = "") -> EmailMessage:
    with translation.override(taal or _taal(user)):
        onderwerp = render_to_string(sjablonen[0], context).strip()
        tekst = render_to_string(sjablonen[1], context)
    # One Message-ID per mail, the same on every attempt: a mail client shows a resend as the same message.
    host = urlsplit(settings.PORTAAL_URL).hostname or "klimop"
    return EmailMessage(
        subject=" ".join(onderwerp.split()),
        body=tekst,
        to=[user.email],
        headers={"Message-ID": f"<klimop.{sleutel}@{host}>"},
    )


def _mail_sjablonen(naam: str) -> tuple[str, str]:
    return f"accounts/mail/{naam}_onderwerp.txt", f"accounts/mail/{naam}_bericht.txt"


def blijvend(functie: Callable, *, geduld: float = DATABASE_GEDULD):
    """Call `functie`, and again after a reconnect while the database is away, for at most `geduld` seconds."""
    einde = time.monotonic() + geduld
    pauze = 0.5
    while True:
        try:
            return functie()
        except DATABASE_WEG:
            # Inside someone else's transaction the connection is theirs: nothing to retry here.
            if connection.in_atomic_block or time.monotonic() + pauze > einde:
                raise
            logger.warning("Database unavailable; trying again in %.1f s", pauze)
            connection.close()
            time.sleep(pauze)
            pauze = min(pauze * 2, 5.0)


def _eenmaal_versturen(rijen: QuerySet, *, al_verstuurd, markering: dict, ontmarkering: dict, bericht) -> str:
    """Send the mail of the one row in `rijen` unless its mark says it went; verzenden.py says in which order."""
    afgifte = None
    weg = False  # from here on the server may have the message
    try:
        with transaction.atomic():
            rij = rijen.select_for_update().first()
            mail = None if rij is None or al_verstuurd(rij) else bericht(rij)
            if mail is None:
                return "overgeslagen"
            afgifte = aanbieden(mail)
            weg = afgifte.afgeleverd
            rijen.update(**markering)
            afgifte.punt()
            weg = True
    except DATABASE_WEG:
        if not weg:
            if afgifte is not None:
                afgifte.afbreken()
            raise
        # The mail left but the database went away: whether the mark committed is unknown, so set it again.
        logger.warning("Mail handed over while the database went away; marking it once the database is back")
        _na_het_antwoord(afgifte, rijen, ontmarkering)
        blijvend(lambda: rijen.update(**markering))
        return VERSTUURD
    except BaseException:
        if afgifte is not None and not weg:
            afgifte.afbreken()
        raise
    _na_het_antwoord(afgifte, rijen, ontmarkering)
    return VERSTUURD


def _na_het_antwoord(afgifte, rijen: QuerySet, ontmarkering: dict) -> None:
    try:
        afgifte.antwoord()
    except Exception:
        # The server did not take it (or did not say so): unmarked, the next attempt sends it.
        blijvend(lambda: rijen.update(**ontmarkering))
        raise


def _verstuur(taak, args: tuple, poging: int, versturen: Callable[[], str]) -> str:
    try:
        # A database that is briefly away before the mail left is waited for; the send itself is never repeated.
        return blijvend(versturen)
    except Exception:
        _later_opnieuw(taak, args, poging)
        raise


def _later_opnieuw(taak, args: tuple, poging: int) -> None:
    if poging >= MAX_POGINGEN:
        logger.error("Giving up on %s for %s after %s attempts", taak.name, args, poging)
        return
    opnieuw = taak.using(run_after=timezone.now() + wachttijd(poging))
    blijvend(lambda: opnieuw.enqueue(*args, poging=poging + 1))


def _melding_bericht(melding: Melding) -> EmailMessage | None:
    user = User.objects.get(pk=melding.user_id)
    if not user.is_active:
        return None
    context = {"melding": melding, "link": portaal_url(reverse("meldingen:lijst")), "user": user}
    return _bericht(user=user, sjablonen=_mail_sjablonen("melding"), context=context, sleutel=f"melding.{melding.pk}")


@task()
def verstuur_melding(melding_id: int, poging: int = 1) -> str:
    """E-mail one notification: a neutral sentence and a link to the portal's notifications page."""
    return _verstuur(
        verstuur_melding,
        (melding_id,),
        poging,
        lambda: _eenmaal_versturen(
            Melding.objects.filter(pk=melding_id),
            al_verstuurd=lambda melding: melding.mail_verstuurd_op is not None,
            markering={"mail_verstuurd_op": timezone.now()},
            ontmarkering={"mail_verstuurd_op": None},
            bericht=_melding_bericht,
        ),
    )


def _uitnodiging_bericht(uitnodiging: Uitnodiging) -> EmailMessage | None:
    user = User.objects.get(pk=uitnodiging.user_id)
    uitnodiging.user = user
    if uitnodiging.status() != Uitnodiging.Status.OPEN or not user.is_active:
        return None
    pad = reverse("accounts:uitnodiging", args=[uitnodiging.pk, uitnodiging.token()])
    context = {
        "uitnodiging": uitnodiging,
        "user": user,
        "link": portaal_url(pad),
        "is_ouder": user.is_ouder,
        "school": settings.SCHOOL["naam"],
    }
    return _bericht(
        user=user, sjablonen=_mail_sjablonen("uitnodiging"), context=context, sleutel=f"uitnodiging.{uitnodiging.pk}"
    )


@task()
def verstuur_uitnodiging(uitnodiging_id: int, poging: int = 1) -> str:
    """E-mail the invitation link; skipped once the invitation was used, replaced or has expired."""
    return _verstuur(
        verstuur_uitnodiging,
        (uitnodiging_id,),
        poging,
        lambda: _eenmaal_versturen(
            Uitnodiging.objects.filter(pk=uitnodiging_id),
            al_verstuurd=lambda uitnodiging: uitnodiging.mail_verstuurd_op is not None,
            markering={"mail_verstuurd_op": timezone.now()},
            ontmarkering={"mail_verstuurd_op": None},
            bericht=_uitnodiging_bericht,
        ),
    )


@task(takes_context=True)
def verstuur_wachtwoordherstel(
    context: TaskContext, user_id: int, paginataal: str, sjablonen: list[str], poging: int = 1
) -> str:
    """E-mail a password-reset link, made now: the task table never holds a usable token.

    The mark is this task's own row, so a run of the same task after its worker died sends nothing twice.
    """

    def bericht(_taak) -> EmailMessage | None:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None or not user.has_usable_password():
            return None
        adres = urlsplit(settings.PORTAAL_URL)
        inhoud = {
            "email": user.email,
            "domain": adres.netloc,
            "site_name": settings.SCHOOL["naam"],
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": adres.scheme,
        }
        return _bericht(
            user=user,
            sjablonen=tuple(sjablonen),
            context=inhoud,
            sleutel=f"wachtwoord.{context.task_result.id}",
            taal=user.taal or paginataal,
        )

    return _verstuur(
        verstuur_wachtwoordherstel,
        (user_id, paginataal, sjablonen),
        poging,
        lambda: _eenmaal_versturen(
            DBTaskResult.objects.filter(pk=context.task_result.id),
            al_verstuurd=lambda taak: taak.return_value == VERSTUURD,
            markering={"return_value": VERSTUURD},
            ontmarkering={"return_value": None},
            bericht=bericht,
        ),
    )


def herstel_vastgelopen_taken(ouder_dan: datetime.timedelta | None = None) -> int:
    """Put tasks that have been RUNNING longer than any task takes (their worker died) back in the queue."""
    if ouder_dan is None:
        ouder_dan = datetime.timedelta(seconds=settings.TAKEN_VASTGELOPEN_NA)
    vastgelopen = DBTaskResult.objects.running().filter(started_at__lt=timezone.now() - ouder_dan)
    aantal = vastgelopen.update(status="READY")
    if aantal:
        logger.warning("Put %s task(s) left RUNNING by a worker that stopped back in the queue", aantal)
    return aantal
