"""Issue 17: mails handed to a real SMTP server (aiosmtpd) keep their sent mark in step with what the server took."""

import asyncio
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klimop.accounts.models import Melding
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

    async def handle_DATA(self, server, session, envelope):
        if self.weigeren:
            self.weigeren -= 1
            return "451 4.3.0 Try again later"
        message_id = next(
            regel.split(":", 1)[1].strip()
            for regel in envelope.content.decode().splitlines()
            if regel.lower().startswith("message-id:")
        )
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


def test_the_mark_is_committed_before_the_server_takes_the_message(smtp, meldingen):
    worker()
    assert len(smtp.berichten) == len(meldingen) == 2
    # When the server read the closing dot the mark was already stored: a worker killed now cannot resend it.
    assert all(gemarkeerd for _id, gemarkeerd in smtp.berichten)
    assert len({message_id for message_id, _ in smtp.berichten}) == 2
    DBTaskResult.objects.update(status="READY")
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
