"""`manage.py db_worker`: django-tasks-db's worker, made to keep going when the database or a worker goes away.

- A lost or refused database connection (a PostgreSQL restart) no longer ends the process: the worker drops its
  connections, waits 1, 2, 4 … at most 30 seconds and carries on.
- Tasks left RUNNING by a worker that was killed are put back in the queue once they are older than
  settings.TAKEN_VASTGELOPEN_NA; the mark on each mail (klimop/accounts/tasks.py) keeps a sent mail from going twice.
"""

import datetime
import logging
import random
import time

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker as basis
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from klimop.accounts.tasks import DATABASE_WEG, herstel_vastgelopen_taken

logger = logging.getLogger("django_tasks_db")

MAX_PAUZE = 30.0


class Werker(basis.Worker):
    def __init__(self, *, vastgelopen_na: datetime.timedelta, **kwargs) -> None:
        super().__init__(**kwargs)
        self.vastgelopen_na = vastgelopen_na
        # Often enough that a killed worker's mail waits little longer than the timeout itself.
        self.controle_elke = min(60.0, max(vastgelopen_na.total_seconds() / 4, 1.0))

    def _pak_taak(self) -> tuple[DBTaskResult | None, bool]:
        """Claim the next due task, as django-tasks-db does; (task or None, whether the queue could be read)."""
        taken = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            taken = taken.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            taken = taken.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(taken.db):
            try:
                taak = taken.get_locked()
                if taak is not None:
                    taak.claim(self.worker_id)
            except OperationalError as fout:
                if is_locked_database_exception(fout):  # SQLite is busy; it frees up by itself
                    return None, False
                raise
        return taak, True

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads workers that start together

        pauze = 0.0
        volgende_controle = 0.0
        while self.running:
            try:
                close_old_connections()
                if time.monotonic() >= volgende_controle:
                    herstel_vastgelopen_taken(self.vastgelopen_na)
                    volgende_controle = time.monotonic() + self.controle_elke
                taak, gelezen = self._pak_taak()
                if taak is not None:
                    self.run_task(taak)
                close_old_connections()
            except DATABASE_WEG as fout:
                if any(verbinding.in_atomic_block for verbinding in connections.all(initialized_only=True)):
                    raise  # inside a caller's transaction (a test) there is nothing to reconnect
                pauze = min(max(pauze * 2, 1.0), MAX_PAUZE)
                logger.warning("Database unavailable (%s); trying again in %.0f s", str(fout).strip(), pauze)
                for verbinding in connections.all(initialized_only=True):
                    verbinding.close()
                time.sleep(pauze)
                continue
            pauze = 0.0

            if self.batch and gelezen and taak is None:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran the maximum of %d tasks on worker=%s - exiting.", self._run_tasks, self.worker_id)
                return
            if self.running and taak is None:
                time.sleep(self.interval)


class Command(basis.Command):
    help = "Run the database task worker (e-mails); it outlasts database restarts and picks up dead workers' tasks"

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, **options):
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("Warning: --reload and --batch cannot be specified together. Disabling autoreload.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise basis.CommandError("--exclude-queues can only be used with --queue-name=*")
        werker = Werker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
            vastgelopen_na=datetime.timedelta(seconds=settings.TAKEN_VASTGELOPEN_NA),
        )
        if reload:
            if basis.os.environ.get(basis.DJANGO_AUTORELOAD_ENV) == "true":
                werker.configure_signals()
            basis.run_with_reloader(werker.run)
        else:
            werker.configure_signals()
            werker.run()
