"""Handing one e-mail to the SMTP server so that the sent mark and the server's copy differ as briefly as possible.

An SMTP server takes responsibility for a message when it reads the final "." of DATA; our mark is stored when its
transaction commits. Neither can wait for the other, so we shrink the gap: the mark is written (uncommitted) before
the dot, the dot goes out as the last thing before COMMIT, and the server's answer is read after it. A worker killed
before the dot leaves an unfinished message the server throws away and a mark that rolls back: the mail goes later,
once. Only a kill in the microseconds between the dot and COMMIT leaving the worker can make a duplicate (RFC 5321
§6.1 prefers that to a loss). When the server refuses the message, or drops the connection before it answers, the
mark is taken back and the mail is tried again.

Other mail backends (console, locmem in development and tests) send in one go; the mark follows the send.
"""

import re
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address


def _als_data(inhoud: bytes) -> bytes:
    """The message as DATA text: CRLF line ends and dot-stuffed lines, without the closing dot."""
    inhoud = re.sub(rb"\r\n|\n|\r", b"\r\n", inhoud)
    inhoud = re.sub(rb"(?m)^\.", b"..", inhoud)
    return inhoud if inhoud.endswith(b"\r\n") else inhoud + b"\r\n"


class InEenKeer:
    """A backend without the two halves: the mail is delivered by `aanbieden` already."""

    afgeleverd = True

    def __init__(self, bericht: EmailMessage) -> None:
        bericht.send()

    def afbreken(self) -> None:
        pass

    def punt(self) -> None:
        pass

    def antwoord(self) -> None:
        pass


class SMTPInTweeDelen:
    """MAIL, RCPT, DATA and the message, but not yet the closing dot."""

    afgeleverd = False

    def __init__(self, backend: SMTPBackend, bericht: EmailMessage) -> None:
        self.backend = backend
        backend.open()
        smtp = self.smtp = backend.connection
        try:
            tekenset = bericht.encoding or settings.DEFAULT_CHARSET
            afzender = sanitize_address(bericht.from_email, tekenset)
            smtp.ehlo_or_helo_if_needed()
            code, antwoord = smtp.mail(afzender)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, antwoord, afzender)
            geweigerd = {}
            ontvangers = [sanitize_address(adres, tekenset) for adres in bericht.recipients()]
            for ontvanger in ontvangers:
                code, antwoord = smtp.rcpt(ontvanger)
                if code not in (250, 251):
                    geweigerd[ontvanger] = (code, antwoord)
            if len(geweigerd) == len(ontvangers):
                raise smtplib.SMTPRecipientsRefused(geweigerd)
            code, antwoord = smtp.docmd("DATA")
            if code != 354:
                raise smtplib.SMTPDataError(code, antwoord)
            smtp.send(_als_data(bericht.message().as_bytes(linesep="\r\n")))
        except BaseException:
            self.afbreken()
            raise

    def afbreken(self) -> None:
        """Drop the connection without the dot (not QUIT: inside DATA that would become part of the message)."""
        self.smtp.close()
        self.backend.connection = None

    def punt(self) -> None:
        """Send the closing dot, without waiting for the answer."""
        try:
            self.smtp.send(b".\r\n")
        except BaseException:
            self.afbreken()
            raise

    def antwoord(self) -> None:
        """The server's answer to the dot; raises unless it took the message."""
        try:
            code, antwoord = self.smtp.getreply()
        except BaseException:
            self.afbreken()
            raise
        try:
            self.backend.close()
        except (OSError, smtplib.SMTPException):
            self.backend.connection = None  # the message is taken; a failing QUIT changes nothing
        if code != 250:
            raise smtplib.SMTPDataError(code, antwoord)


def aanbieden(bericht: EmailMessage) -> InEenKeer | SMTPInTweeDelen:
    """Start handing `bericht` over; then the caller writes its mark, calls punt(), commits, calls antwoord()."""
    backend = bericht.get_connection()
    if isinstance(backend, SMTPBackend):
        return SMTPInTweeDelen(backend, bericht)
    return InEenKeer(bericht)
