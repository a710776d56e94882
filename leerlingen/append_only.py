"""Append-only logs (timeline steps, access log, removal log) and the one way past them: the retention job.

The model layer refuses to change or delete a logged row. Only `bewaartermijn_verwijdering()`, which
`klimop.portaal.bewaartermijnen` uses to remove whole pupil files, lifts that for timeline steps and the access log:
within its transaction it sets a context flag for the model guards and, on PostgreSQL, the transaction-local
`klimop.bewaartermijn = 'aan'` that the database triggers check (ondersteuning migration 0002, leerlingen 0002).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, models, transaction

_bewaartermijn_actief: ContextVar[bool] = ContextVar("klimop_bewaartermijn_actief", default=False)


class AppendOnlyError(Exception):
    """A logged row is never changed or removed; a correction is a new row."""


def verwijderen_toegestaan() -> bool:
    """True only inside `bewaartermijn_verwijdering()`."""
    return _bewaartermijn_actief.get()


@contextmanager
def bewaartermijn_verwijdering(using: str = "default"):
    """One transaction in which the retention job may delete append-only rows; nothing else may use it."""
    with transaction.atomic(using=using):
        postgres = connections[using].vendor == "postgresql"
        if postgres:
            with connections[using].cursor() as cursor:
                cursor.execute("SET LOCAL klimop.bewaartermijn = 'aan'")
        token = _bewaartermijn_actief.set(True)
        try:
            yield
        finally:
            _bewaartermijn_actief.reset(token)
        if postgres:
            # Inside an outer transaction SET LOCAL would outlive this block; switch it off explicitly.
            with connections[using].cursor() as cursor:
                cursor.execute("SET LOCAL klimop.bewaartermijn = 'uit'")


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk changes; deletes only inside the retention job when `verwijderbaar` is set on the model."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be updated.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be updated.")

    def delete(self):
        if getattr(self.model, "verwijderbaar_bij_bewaartermijn", False) and verwijderen_toegestaan():
            return super().delete()
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be deleted.")


class AppendOnlyModel(models.Model):
    verwijderbaar_bij_bewaartermijn = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"A {type(self).__name__} row cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.verwijderbaar_bij_bewaartermijn and verwijderen_toegestaan():
            return super().delete(*args, **kwargs)
        raise AppendOnlyError(f"A {type(self).__name__} row cannot be deleted.")
