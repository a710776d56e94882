"""Issue 17: mails handed to a real SMTP server (aiosmtpd) keep their sent mark in step with what the server took."""

import asyncio
import datetime
import socket
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klimop.accounts.models import Melding
from klimop.accounts.verzenden import SMTPInTweeDelen
from ondersteuning import services
from ondersteuning.tests.factories import VraagFactory

pytestmark = pytest.mark.django_db(transaction=True)


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postbus:
    """Keeps what it received; `weigeren` refuses that many finished messages first."""

    def __init__(self) -> None:
        self.berichten: list[tuple[str, bool]] = []
        self.weigeren = 0
        self.worker_verbinding = None  # when set: how many queries the worker had run when each message arrived
        self.op_query: dict[str, int] = {}

    async def handle_DATA(self, server, session, envelope):
        if self.weigeren:
            self.weigeren -= 1
            return "451 4.3.0 Try again later"
        message_id = next(
            regel.split(":", 1)[1].strip()
            for regel in envelope.content.decode().splitlines()
            if regel.lower().startswith("message-id:")
        )
        if self.worker_verbinding is not None:
            self.op_query[message_id] = len(self.worker_verbinding.queries_log)
        self.berichten.append((message_id, await asyncio.to_thread(self.gemarkeerd, message_id)))
        return "250 OK"

    @staticmethod
    def gemarkeerd(message_id: str) -> bool:
        """Is the mail marked as sent, as another connection (the worker's committed state) sees it?"""
        pk = int(message_id.split(".")[2].split("@")[0])
        try:
            return Melding.objects.filter(pk=pk, mail_verstuurd_op__isnull=False).exists()
        finally:
            connections.close_all()


class Server:
    """The SMTP server on a fixed port; a stopped aiosmtpd controller cannot start again, so each start is new."""

    def __init__(self, postbus: Postbus, poort: int) -> None:
        self.postbus, self.poort, self.controller = postbus, poort, None

    def start(self) -> None:
        self.controller = Controller(self.postbus, hostname="127.0.0.1", port=self.poort)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    postbus = Postbus()
    postbus.server = Server(postbus, vrije_poort())
    postbus.server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = postbus.server.poort
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield postbus
    postbus.server.stop()


@pytest.fixture
def meldingen(leerling, leerkracht, ib, ouder):
    services.indienen(vraag=VraagFactory(leerling=leerling, ingediend_door=leerkracht), door=leerkracht)
    return list(Melding.objects.all())


def worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)


def test_the_mark_is_written_before_the_closing_dot_and_commits_right_after_it(smtp, meldingen):
    smtp.worker_verbinding = connections["default"]  # this thread's, read from the server's thread
    with CaptureQueriesContext(connection) as queries:
        worker()
    assert len(smtp.berichten) == len(meldingen) == 2
    for message_id, _ in smtp.berichten:
        pk = int(message_id.split(".")[2].split("@")[0])
        (markering,) = [
            i
            for i, query in enumerate(connection.queries_log)
            if query["sql"].startswith('UPDATE "accounts_melding"') and query["sql"].endswith(f'"id" = {pk}')
        ]
        # When the server read the dot the mark was written; the transaction had only its COMMIT left to send.
        assert markering < smtp.op_query[message_id]
    assert queries.captured_queries
    assert not Melding.objects.filter(mail_verstuurd_op=None).exists()
    assert len({message_id for message_id, _ in smtp.berichten}) == 2
    DBTaskResult.objects.update(status="READY")
    worker()
    assert len(smtp.berichten) == 2


def test_a_worker_that_dies_before_the_dot_leaves_nothing_marked_and_nothing_delivered(smtp, meldingen):
    # As a SIGKILL in the middle of DATA would: the process stops there and its transaction rolls back.
    with mock.patch.object(SMTPInTweeDelen, "punt", side_effect=KeyboardInterrupt):
        worker()
    assert smtp.berichten == []
    assert not Melding.objects.filter(mail_verstuurd_op__isnull=False).exists()
    # A killed worker leaves its tasks RUNNING; once they are stale they are picked up again.
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - datetime.timedelta(hours=1))
    worker()
    assert len(smtp.berichten) == 2


def nu_opnieuw() -> None:
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_a_message_the_server_refuses_is_unmarked_and_sent_by_the_retry(smtp, meldingen):
    smtp.weigeren = 1
    worker()
    assert len(smtp.berichten) == 1
    assert Melding.objects.filter(mail_verstuurd_op=None).count() == 1
    assert DBTaskResult.objects.failed().count() == 1
    nu_opnieuw()
    worker()
    assert len(smtp.berichten) == 2
    assert not Melding.objects.filter(mail_verstuurd_op=None).exists()


def test_mails_wait_while_the_smtp_server_is_down_and_go_once_it_is_back(smtp, meldingen):
    smtp.server.stop()
    worker()
    assert smtp.berichten == []
    assert DBTaskResult.objects.failed().count() == 2
    assert not Melding.objects.filter(mail_verstuurd_op__isnull=False).exists()
    smtp.server.start()
    nu_opnieuw()
    worker()
    assert sorted(int(i.split(".")[2].split("@")[0]) for i, _ in smtp.berichten) == sorted(m.pk for m in meldingen)
