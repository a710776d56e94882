"""On PostgreSQL the database refuses UPDATE and DELETE on the access log and the removal log.

As for timeline steps (ondersteuning 0002), the retention job may delete access-log rows of a pupil file it removes
after `SET LOCAL klimop.bewaartermijn = 'aan'`; the removal log itself is never changed. TRUNCATE stays possible
for the table owner (test database flushes).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION leerlingen_inzage_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('klimop.bewaartermijn', true) = 'aan' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'leerlingen_inzage is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER leerlingen_inzage_append_only
    BEFORE UPDATE OR DELETE ON leerlingen_inzage
    FOR EACH ROW EXECUTE FUNCTION leerlingen_inzage_append_only();

CREATE OR REPLACE FUNCTION leerlingen_verwijdering_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'leerlingen_verwijdering is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER leerlingen_verwijdering_append_only
    BEFORE UPDATE OR DELETE ON leerlingen_verwijdering
    FOR EACH ROW EXECUTE FUNCTION leerlingen_verwijdering_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS leerlingen_inzage_append_only ON leerlingen_inzage;
DROP FUNCTION IF EXISTS leerlingen_inzage_append_only();
DROP TRIGGER IF EXISTS leerlingen_verwijdering_append_only ON leerlingen_verwijdering;
DROP FUNCTION IF EXISTS leerlingen_verwijdering_append_only();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("leerlingen", "0002_inzage_verwijdering")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
