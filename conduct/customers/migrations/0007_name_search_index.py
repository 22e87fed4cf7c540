"""An index for finding customers by any part of a name, so a search does not read every
customer's names: on SQLite a trigram full-text table kept up to date by triggers, on
PostgreSQL trigram indexes (pg_trgm) on the names as searches compare them (in capitals).
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE customers_name_search USING fts5("
    "given_names, family_name, preferred_name, "
    "content='customers_customer', content_rowid='id', tokenize='trigram')",
    "INSERT INTO customers_name_search(customers_name_search) VALUES('rebuild')",
    "CREATE TRIGGER customers_name_search_added AFTER INSERT ON customers_customer BEGIN "
    "INSERT INTO customers_name_search(rowid, given_names, family_name, preferred_name) "
    "VALUES (new.id, new.given_names, new.family_name, new.preferred_name); END",
    "CREATE TRIGGER customers_name_search_removed AFTER DELETE ON customers_customer BEGIN "
    "INSERT INTO customers_name_search"
    "(customers_name_search, rowid, given_names, family_name, preferred_name) "
    "VALUES ('delete', old.id, old.given_names, old.family_name, old.preferred_name); END",
    "CREATE TRIGGER customers_name_search_changed "
    "AFTER UPDATE OF given_names, family_name, preferred_name ON customers_customer BEGIN "
    "INSERT INTO customers_name_search"
    "(customers_name_search, rowid, given_names, family_name, preferred_name) "
    "VALUES ('delete', old.id, old.given_names, old.family_name, old.preferred_name); "
    "INSERT INTO customers_name_search(rowid, given_names, family_name, preferred_name) "
    "VALUES (new.id, new.given_names, new.family_name, new.preferred_name); END",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS customers_name_search_added",
    "DROP TRIGGER IF EXISTS customers_name_search_removed",
    "DROP TRIGGER IF EXISTS customers_name_search_changed",
    "DROP TABLE IF EXISTS customers_name_search",
]
# Each name as `icontains` compares it on PostgreSQL: UPPER("column"::text) LIKE UPPER(...).
NAMES = [
    ("customers_customer", "given_names"),
    ("customers_customer", "family_name"),
    ("customers_customer", "preferred_name"),
    ("customers_alias", "name"),
]
POSTGRESQL = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
    f"CREATE INDEX {table}_{column}_trigram ON {table} "
    f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
    for table, column in NAMES
]
POSTGRESQL_UNDO = [f"DROP INDEX IF EXISTS {table}_{column}_trigram" for table, column in NAMES]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("customers", "0006_service_contacts")]
    operations = [migrations.RunPython(forwards, backwards)]
