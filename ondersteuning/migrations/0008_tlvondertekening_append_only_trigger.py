"""On PostgreSQL the database itself refuses UPDATE and DELETE on TLV signatures, as on timeline steps.

Only the retention job, after setting the transaction-local `klimop.bewaartermijn = 'aan'`, removes them with
the whole pupil file.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION ondersteuning_tlvondertekening_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('klimop.bewaartermijn', true) = 'aan' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'ondersteuning_tlvondertekening is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ondersteuning_tlvondertekening_append_only
    BEFORE UPDATE OR DELETE ON ondersteuning_tlvondertekening
    FOR EACH ROW EXECUTE FUNCTION ondersteuning_tlvondertekening_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS ondersteuning_tlvondertekening_append_only ON ondersteuning_tlvondertekening;
DROP FUNCTION IF EXISTS ondersteuning_tlvondertekening_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("ondersteuning", "0007_tlv_advies_zienswijze_door")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
