"""Load a generated population straight into the customer tables and the screening index.

Run: `DATABASE_URL=... .venv/bin/python -m bench.screening.generate --size 1000000`
(`make bench-screening` does it for SQLite under var/bench/, and reuses the
database if it already holds that many customers). Rows go in by executemany
(SQLite) or COPY (PostgreSQL) with the tables' secondary indexes dropped and
rebuilt afterwards, which is how a council's existing records would be
imported; the keys and profiles come from the same functions the customer
services call (indexing.identity_from, keys.stored_keys).
"""

import argparse
import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.screening.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Model  # noqa: E402

from bench.screening.population import Person, identity, people, reference_of  # noqa: E402
from conduct.customers.models import Address, Customer, EmailAddress, PhoneNumber  # noqa: E402
from conduct.screening import keys  # noqa: E402
from conduct.screening.indexing import profile_of  # noqa: E402
from conduct.screening.models import ScreeningKey, ScreeningProfile  # noqa: E402

CHUNK = 20_000
TABLES = [
    "customers_customer",
    "customers_address",
    "customers_phonenumber",
    "customers_emailaddress",
    "screening_screeningprofile",
    "screening_screeningkey",
]
NOW = datetime(2026, 1, 1, tzinfo=UTC)
STAMPS = {"created_at": NOW, "modified_at": NOW}


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = %s AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
        return list(cursor.fetchall())


@contextmanager
def without_indexes() -> Iterator[None]:
    """Drop the tables' secondary indexes for the load; build them once at the end."""
    saved = [index for table in TABLES for index in secondary_indexes(table)]
    with connection.cursor() as cursor:
        for name, _ in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _, sql in saved:
            cursor.execute(sql)
        # PostgreSQL: VACUUM sets the visibility map, so key lookups are index-only scans.
        cursor.execute("VACUUM ANALYZE" if is_postgres() else "ANALYZE")


def insert(table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if is_postgres():
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  constant names
            cursor.executemany(sql, rows)


Rows = dict[str, list[dict[str, Any]]]
MODELS: dict[str, type[Model]] = {
    "customers_customer": Customer,
    "customers_address": Address,
    "customers_phonenumber": PhoneNumber,
    "customers_emailaddress": EmailAddress,
    "screening_screeningprofile": ScreeningProfile,
    "screening_screeningkey": ScreeningKey,
}


def columns_of(table: str) -> list[tuple[str, Any]]:
    """Every column of the table with its default, so fields other apps add still get a value."""
    fields = MODELS[table]._meta.concrete_fields
    return [(field.attname, None if field.null else field.get_default()) for field in fields]


def rows_for(p: Person, rows: Rows, next_ids: dict[str, int]) -> None:
    rows["customers_customer"].append(
        {"id": p.number, **STAMPS, "reference": reference_of(p), "given_names": p.given_names,
         "family_name": p.family_name, "preferred_name": p.preferred_name,
         "date_of_birth": p.date_of_birth}
    )  # fmt: skip
    next_ids["address"] += 1
    rows["customers_address"].append(
        {"id": next_ids["address"], **STAMPS, "customer_id": p.number, "line_1": p.line_1,
         "town": p.town, "postcode": p.postcode, "uprn": p.uprn, "is_current": True}
    )  # fmt: skip
    if p.phone:
        next_ids["phone"] += 1
        rows["customers_phonenumber"].append(
            {"id": next_ids["phone"], **STAMPS, "customer_id": p.number, "number": p.phone}
        )
    if p.email:
        next_ids["email"] += 1
        rows["customers_emailaddress"].append(
            {"id": next_ids["email"], **STAMPS, "customer_id": p.number, "email": p.email}
        )
    person, other = identity(p)
    rows["screening_screeningprofile"].append(
        vars(profile_of(p.number, person, other)) | {"date_of_birth": p.date_of_birth}
    )
    for key in keys.stored_keys(person):
        next_ids["key"] += 1
        rows["screening_screeningkey"].append(
            {"id": next_ids["key"], "key": key, "customer_id": p.number}
        )


def flush(rows: Rows) -> None:
    for table in TABLES:
        columns = columns_of(table)
        values = [tuple(row.get(name, default) for name, default in columns) for row in rows[table]]
        insert(table, [connection.ops.quote_name(name) for name, _ in columns], values)
        rows[table] = []


def load(size: int) -> dict[str, Any]:
    """Generate and insert `size` customers; the figures of the run."""
    started = time.perf_counter()
    next_ids = {"address": 0, "phone": 0, "email": 0, "key": 0}
    with without_indexes():
        if is_postgres():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET session_replication_role = replica"
                )  # no FK triggers while loading
        rows: Rows = {table: [] for table in TABLES}
        for p in people(size):
            rows_for(p, rows, next_ids)
            if p.number % CHUNK == 0 or p.number == size:
                flush(rows)
                print(
                    f"{p.number:>9} customers, {time.perf_counter() - started:6.0f} s", flush=True
                )
        loaded = time.perf_counter() - started
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            for table in ("customers_customer", "customers_address", "customers_phonenumber",
                          "customers_emailaddress", "screening_screeningkey"):  # fmt: skip
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                cursor.execute(f"SELECT setval({sequence}, (SELECT MAX(id) FROM {table}))")  # noqa: S608
    total = time.perf_counter() - started
    return {
        "customers": size,
        "keys": next_ids["key"],
        "keys_per_customer": round(next_ids["key"] / size, 2),
        "generate_and_insert_seconds": round(loaded, 1),
        "index_build_seconds": round(total - loaded, 1),
        "total_seconds": round(total, 1),
        "database": connection.vendor,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    existing = Customer.objects.count()
    if existing >= args.size:
        print(f"Reusing the {existing} customers already loaded.")
        return
    if existing:
        raise SystemExit(
            f"The database holds {existing} customers, fewer than {args.size}: start afresh."
        )
    figures = load(args.size)
    print(json.dumps(figures, indent=2))
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
