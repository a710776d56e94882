"""On PostgreSQL, trigram indexes let the pupil search (icontains on the names) use an index instead of a scan.

Django's icontains becomes `UPPER(col::text) LIKE UPPER('%…%')`, so the indexes are on UPPER(col). pg_trgm is a
trusted extension: the database owner may create it. Where that is not allowed the search still works, unindexed.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)
KOLOMMEN = ("voornaam", "achternaam", "tussenvoegsel")


def maak(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    except Exception:  # noqa: BLE001 — an optimisation; the portal works without it
        logger.warning("pg_trgm is not available: the pupil search runs without trigram indexes.")
        return
    for kolom in KOLOMMEN:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS leerling_{kolom}_trgm ON leerlingen_leerling "
            f"USING gin (UPPER({kolom}) gin_trgm_ops)",
            params=None,
        )


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kolom in KOLOMMEN:
        schema_editor.execute(f"DROP INDEX IF EXISTS leerling_{kolom}_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("leerlingen", "0004_inzage_onderwerp_afdruk")]

    operations = [migrations.RunPython(maak, verwijder)]
