import re
import smtplib
from unittest import mock

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command


def run_worker() -> None:
    """Process every task that is due with our `db_worker --batch` (django-tasks-db's, made robust), then return.

    The worker recycles database connections between tasks; inside a test's transaction that would close the
    connection the test runs in, so only that step is left out.
    """
    with mock.patch("klimop.accounts.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)


def link_in(message: mail.EmailMessage) -> str:
    """The path of the one portal link in an e-mail."""
    (url,) = re.findall(r"https?://\S+", message.body)
    return re.sub(r"^https?://[^/]+", "", url)


class BrokenMailServer(BaseEmailBackend):
    """A mail backend whose server is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
