"""The database itself refuses to change what was issued, whatever the route (like core's audit).

Issued letters, their deliveries and template versions are never updated. A letter row may
still move from issued to superseded, and nothing else once issued. PostgreSQL also refuses
row deletes (a test database is emptied with TRUNCATE, which row triggers do not see); on
SQLite, which empties test databases with DELETE, deletes are refused by the ORM only, as for
core's audit events.
"""

from django.db import migrations

APPEND_ONLY = ["letters_issuedletter", "letters_delivery", "letters_lettertemplate"]
LETTER_GUARD = "OLD.status = 'superseded' OR (OLD.status = 'issued' AND NEW.status <> 'superseded')"


def sqlite() -> list[str]:
    statements = []
    for table in APPEND_ONLY:
        statements.append(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'issued letters cannot be changed'); END;"
        )
    statements.append(
        f"CREATE TRIGGER letters_letter_no_update BEFORE UPDATE ON letters_letter "
        f"WHEN {LETTER_GUARD} "
        "BEGIN SELECT RAISE(ABORT, 'issued letters cannot be changed'); END;"
    )
    return statements


def postgresql() -> list[str]:
    statements = [
        """
        CREATE OR REPLACE FUNCTION letters_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'issued letters cannot be changed'; END;
        $$ LANGUAGE plpgsql;
        """
    ]
    for table in APPEND_ONLY:
        statements.append(
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION letters_refuse_change();"
        )
    statements.append(
        "CREATE TRIGGER letters_letter_no_update BEFORE UPDATE ON letters_letter "
        f"FOR EACH ROW WHEN ({LETTER_GUARD}) EXECUTE FUNCTION letters_refuse_change();"
    )
    statements.append(
        "CREATE TRIGGER letters_letter_no_delete BEFORE DELETE ON letters_letter "
        "FOR EACH ROW WHEN (OLD.status IN ('issued', 'superseded')) "
        "EXECUTE FUNCTION letters_refuse_change();"
    )
    return statements


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": sqlite, "postgresql": postgresql}.get(vendor, list)():
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    names = [
        (f"{t}_no_change" if postgres else f"{t}_no_{e}", t)
        for t in APPEND_ONLY
        for e in ("update", "delete")
    ]
    names += [
        ("letters_letter_no_update", "letters_letter"),
        ("letters_letter_no_delete", "letters_letter"),
    ]
    for name, table in dict(names).items():
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else "")
        )


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
