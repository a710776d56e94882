"""On PostgreSQL the database itself refuses UPDATE and DELETE on timeline steps, even from raw SQL.

The retention job (bewaartermijnen) may delete a whole pupil file only after setting the transaction-local
`klimop.bewaartermijn = 'aan'`. TRUNCATE stays possible for the table owner (test database flushes).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION ondersteuning_stap_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('klimop.bewaartermijn', true) = 'aan' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'ondersteuning_stap is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ondersteuning_stap_append_only
    BEFORE UPDATE OR DELETE ON ondersteuning_stap
    FOR EACH ROW EXECUTE FUNCTION ondersteuning_stap_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS ondersteuning_stap_append_only ON ondersteuning_stap;
DROP FUNCTION IF EXISTS ondersteuning_stap_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("ondersteuning", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
