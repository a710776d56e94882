import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from ondersteuning.models import AppendOnlyError, Stap

pytestmark = pytest.mark.django_db

op_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


def test_a_step_cannot_be_saved_again(vraag):
    stap = Stap.objects.get(vraag=vraag)
    stap.toelichting = "Herschreven"
    with pytest.raises(AppendOnlyError):
        stap.save()


def test_a_step_cannot_be_deleted_through_the_model(vraag):
    with pytest.raises(AppendOnlyError):
        Stap.objects.get(vraag=vraag).delete()


def test_queryset_update_and_delete_are_refused(vraag):
    with pytest.raises(AppendOnlyError):
        Stap.objects.filter(vraag=vraag).update(toelichting="x")
    with pytest.raises(AppendOnlyError):
        Stap.objects.filter(vraag=vraag).delete()
    with pytest.raises(AppendOnlyError):
        Stap.objects.bulk_update(list(Stap.objects.all()), ["toelichting"])
    assert Stap.objects.filter(vraag=vraag).count() == 1


@op_postgres
@pytest.mark.parametrize(
    "sql", ["UPDATE ondersteuning_stap SET toelichting = 'herschreven'", "DELETE FROM ondersteuning_stap"]
)
def test_raw_sql_update_or_delete_fails_on_postgres(vraag, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert Stap.objects.filter(vraag=vraag).values_list("toelichting", flat=True).get() != "herschreven"


@op_postgres
def test_retention_may_delete_only_with_its_explicit_transaction_setting(vraag):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL klimop.bewaartermijn = 'aan'")
        # The steps' notifications first, as the retention command removes them (written with the steps, issue 17).
        cursor.execute(
            "DELETE FROM accounts_melding WHERE stap_id IN (SELECT id FROM ondersteuning_stap WHERE vraag_id = %s)",
            [vraag.pk],
        )
        cursor.execute("DELETE FROM ondersteuning_stap WHERE vraag_id = %s", [vraag.pk])
    assert not Stap.objects.filter(vraag=vraag).exists()
