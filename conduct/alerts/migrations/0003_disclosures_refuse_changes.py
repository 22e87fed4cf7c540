"""The database itself refuses to change or remove a disclosure, whatever the route (I7).

As for issued letters and core's audit trail: SQLite refuses updates (its test databases
are emptied with DELETE, so row deletes are refused by the ORM only); PostgreSQL refuses
updates and deletes (its test databases are emptied with TRUNCATE, which row triggers do
not see).
"""

from django.db import migrations

TABLE = "alerts_disclosure"
SQLITE = (
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'disclosures cannot be changed'); END;"
)
POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION alerts_disclosure_refuse_change() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'disclosures cannot be changed'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION alerts_disclosure_refuse_change();
"""


def forwards(apps, schema_editor):
    sql = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")


class Migration(migrations.Migration):
    dependencies = [("alerts", "0002_disclosure")]
    operations = [migrations.RunPython(forwards, backwards)]
