"""Issue 17: the mail worker outlasts a database restart and picks up the tasks of a worker that was killed."""

import datetime
import sqlite3
from unittest import mock

import psycopg2
import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klimop.accounts.models import Melding
from ondersteuning import services
from ondersteuning.tests.factories import VraagFactory


@pytest.fixture
def meldingen(leerling, leerkracht, ib, ouder):
    """A submitted request: a notification, and its mail task, for the IB and for the parent."""
    services.indienen(vraag=VraagFactory(leerling=leerling, ingediend_door=leerkracht), door=leerkracht)
    assert Melding.objects.count() == DBTaskResult.objects.count() == 2
    return list(Melding.objects.all())


def achtergelaten(minuten: int) -> None:
    """Leave every task RUNNING, claimed `minuten` ago by a worker that was then killed."""
    for taak in DBTaskResult.objects.all():
        taak.claim("gedood-met-sigkill")
    DBTaskResult.objects.update(started_at=timezone.now() - datetime.timedelta(minutes=minuten))


@pytest.mark.django_db
def test_a_task_left_running_by_a_dead_worker_is_sent_after_the_timeout(meldingen, worker, settings):
    settings.TAKEN_VASTGELOPEN_NA = 10 * 60
    achtergelaten(minuten=11)
    worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in meldingen)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_a_task_running_for_less_than_the_timeout_is_left_to_its_worker(meldingen, worker, settings):
    settings.TAKEN_VASTGELOPEN_NA = 10 * 60
    achtergelaten(minuten=2)
    worker()
    assert mail.outbox == []
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"RUNNING"}


@pytest.mark.django_db
def test_a_task_picked_up_again_whose_mail_had_gone_sends_nothing(meldingen, worker, settings):
    # The worker was killed after sending and marking, before it could finish the task.
    Melding.objects.update(mail_verstuurd_op=timezone.now())
    achtergelaten(minuten=30)
    worker()
    assert mail.outbox == []
    assert set(DBTaskResult.objects.values_list("return_value", flat=True)) == {"overgeslagen"}


def echte_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)


def verbreek_verbinding() -> None:
    """Break the worker's database connection under it, as a PostgreSQL restart does."""
    if connection.vendor == "postgresql":
        instellingen = connection.settings_dict
        beheer = psycopg2.connect(
            dbname=instellingen["NAME"],
            user=instellingen["USER"],
            password=instellingen["PASSWORD"],
            host=instellingen["HOST"],
            port=instellingen["PORT"],
        )
        beheer.autocommit = True
        with beheer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
        beheer.close()
    else:
        connection.connection = KapotteVerbinding(connection.connection)


class KapotteVerbinding:
    """An SQLite connection whose database went away: every use fails, closing still works."""

    def __init__(self, echt):
        self.echt = echt

    def _weg(self, *args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    cursor = commit = rollback = execute = _weg

    def close(self):
        self.echt.close()

    def __getattr__(self, naam):
        return getattr(self.echt, naam)


class VerbrekendeMailServer(EmailBackend):
    """Delivers, but the database connection breaks while the first mail is on its way (and stays down a while)."""

    verbroken = False
    weg_voor = 0  # connection attempts that fail after the break

    def send_messages(self, messages):
        if not VerbrekendeMailServer.verbroken:
            VerbrekendeMailServer.verbroken = True
            verbreek_verbinding()
            if VerbrekendeMailServer.weg_voor:
                weigeren(VerbrekendeMailServer.weg_voor)
        return super().send_messages(messages)


def weigeren(aantal: int) -> list:
    """Refuse the next `aantal` attempts to connect to the database, as while PostgreSQL restarts."""
    echt = connection.get_new_connection
    pogingen = []

    def verbinden(*args, **kwargs):
        pogingen.append(1)
        if len(pogingen) <= aantal:
            raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
        return echt(*args, **kwargs)

    connection.get_new_connection = verbinden
    return pogingen


@pytest.mark.django_db(transaction=True)
def test_the_database_going_away_while_a_mail_is_sent_neither_stops_the_worker_nor_sends_it_twice(meldingen, settings):
    settings.EMAIL_BACKEND = "klimop.accounts.tests.test_mail_worker.VerbrekendeMailServer"
    VerbrekendeMailServer.verbroken = False
    echte_worker()
    assert VerbrekendeMailServer.verbroken
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in meldingen)
    assert not Melding.objects.filter(mail_verstuurd_op=None).exists()
    # Whatever is picked up again later sends nothing a second time.
    DBTaskResult.objects.update(status="READY")
    echte_worker()
    assert len(mail.outbox) == len(meldingen)


@pytest.fixture
def herstel_verbinden():
    yield
    connection.__dict__.pop("get_new_connection", None)
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_mail_sent_while_the_database_went_down_is_marked_once_it_is_back(meldingen, settings, herstel_verbinden):
    settings.EMAIL_BACKEND = "klimop.accounts.tests.test_mail_worker.VerbrekendeMailServer"
    VerbrekendeMailServer.verbroken = False
    VerbrekendeMailServer.weg_voor = 3
    try:
        with mock.patch("time.sleep"):
            echte_worker()
            assert not Melding.objects.filter(mail_verstuurd_op=None).exists()
            DBTaskResult.objects.update(status="READY")
            echte_worker()
    finally:
        VerbrekendeMailServer.weg_voor = 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in meldingen)


@pytest.mark.django_db(transaction=True)
def test_the_worker_waits_for_a_database_that_is_down_instead_of_exiting(meldingen, herstel_verbinden):
    connection.close()
    pogingen = weigeren(3)
    with mock.patch("time.sleep"):
        echte_worker()
    assert len(pogingen) > 3
    assert len(mail.outbox) == len(meldingen)


@pytest.mark.django_db(transaction=True)
def test_the_worker_survives_a_connection_that_broke_while_it_was_idle(meldingen):
    connection.ensure_connection()
    verbreek_verbinding()
    with mock.patch("time.sleep"):
        echte_worker()
    assert len(mail.outbox) == len(meldingen)
