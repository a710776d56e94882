"""On PostgreSQL the database refuses changes to a plan version once it was shared with the parents, and to its
goals, even from raw SQL. Sharing itself (setting gedeeld_met_ouders_op on an unshared version) stays possible.

As for the timeline, the retention job may delete after `SET LOCAL klimop.bewaartermijn = 'aan'`.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION ondersteuning_planversie_bevroren() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('klimop.bewaartermijn', true) = 'aan' THEN
        RETURN OLD;
    END IF;
    IF OLD.gedeeld_met_ouders_op IS NOT NULL THEN
        RAISE EXCEPTION 'ondersteuning_planversie % is frozen: it was shared with the parents', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ondersteuning_planversie_bevroren
    BEFORE UPDATE OR DELETE ON ondersteuning_planversie
    FOR EACH ROW EXECUTE FUNCTION ondersteuning_planversie_bevroren();

CREATE OR REPLACE FUNCTION ondersteuning_doel_bevroren() RETURNS trigger AS $$
DECLARE
    versie_id bigint;
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('klimop.bewaartermijn', true) = 'aan' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        versie_id := NEW.versie_id;
    ELSE
        versie_id := OLD.versie_id;
    END IF;
    IF EXISTS (SELECT 1 FROM ondersteuning_planversie
               WHERE id = versie_id AND gedeeld_met_ouders_op IS NOT NULL) THEN
        RAISE EXCEPTION 'the goals of shared plan version % are frozen', versie_id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ondersteuning_doel_bevroren
    BEFORE INSERT OR UPDATE OR DELETE ON ondersteuning_doel
    FOR EACH ROW EXECUTE FUNCTION ondersteuning_doel_bevroren();
"""

DROP = """
DROP TRIGGER IF EXISTS ondersteuning_doel_bevroren ON ondersteuning_doel;
DROP FUNCTION IF EXISTS ondersteuning_doel_bevroren();
DROP TRIGGER IF EXISTS ondersteuning_planversie_bevroren ON ondersteuning_planversie;
DROP FUNCTION IF EXISTS ondersteuning_planversie_bevroren();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("ondersteuning", "0003_plan_reacties_bijlagen_instemming")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
