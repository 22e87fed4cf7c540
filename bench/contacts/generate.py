"""Load a million stored messages straight into the contacts tables, with their LSH bands and
sentence hashes, for the contacts benchmark.

Run: `.venv/bin/python -m bench.contacts.generate --messages 1000000` (`make bench-contacts`
does it, into var/bench/contacts.sqlite3, and reuses a database that already holds them).
Texts come from a pool of letters built from a few hundred sentences, each pool entry with its
real MinHash signature, bands and sentence digests from conduct.contacts.similarity, so the
index holds what ingestion would have written. One customer (the first) has 2,000 messages;
the rest are spread over 20,000 customers. Rows go in by executemany on SQLite and COPY on
PostgreSQL (give DATABASE_URL), with the secondary indexes dropped and rebuilt afterwards.
"""

import argparse
import json
import os
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.contacts.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402

from conduct.contacts import similarity  # noqa: E402
from conduct.contacts.models import Band, Message, SentenceSeen  # noqa: E402
from conduct.customers.models import CouncilService, Customer, EmailAddress  # noqa: E402
from conduct.policy.services import load_policy_pack  # noqa: E402

CUSTOMERS, HEAVY_MESSAGES, POOL, CHUNK = 20_000, 2_000, 3_000, 20_000
NOW = datetime(2026, 1, 1, tzinfo=UTC)
SUBJECTS = ["My fence", "Bins again", "Parking fine", "Noise next door", "Council tax", "Repairs"]
OPENINGS = [
    "I am writing again about",
    "Once more I must complain about",
    "Nobody has replied about",
]
TOPICS = [
    "the fence at the back of my garden",
    "the bins that were not collected",
    "the parking fine I was given unfairly",
    "the noise from the flat upstairs",
    "my council tax bill",
    "the damp in the bathroom",
    "the officer who was rude to me on the phone",
    "the letter you sent me last month",
]
CLOSINGS = [
    "I expect a full answer this week.",
    "Your officer promised to call me back and never did.",
    "I have copied this to my councillor.",
    "This has been going on for months and nothing has happened.",
    "Please tell me who is dealing with this.",
    "I will keep writing until I get an answer.",
]


def letter(rng: random.Random) -> str:
    parts = [f"{rng.choice(OPENINGS)} {rng.choice(TOPICS)}."]
    parts += rng.sample(CLOSINGS, 3)
    parts.append(f"It is now week {rng.randint(1, 400)} of waiting for {rng.choice(TOPICS)}.")
    return " ".join(parts)


def pool(rng: random.Random) -> list[dict[str, Any]]:
    """Letters with their signature, bands and sentence digests, as ingestion computes them."""
    found = []
    for _ in range(POOL):
        text = letter(rng)
        values = similarity.signature(text)
        sentences = similarity.sentences(text)
        found.append(
            {
                "body": text,
                "signature": similarity.to_bytes(values),
                "buckets": similarity.buckets(values),
                "digests": [similarity.digest(s) for s in sentences if similarity.counted(s)],
                "sentences": len(sentences),
            }
        )
    return found


def columns(model: type[models.Model]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not f.primary_key]


def insert(model: type[models.Model], names: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    """Rows straight into the model's table: COPY on PostgreSQL, executemany on SQLite."""
    if connection.vendor == "postgresql":
        copy_rows(model._meta.db_table, names, rows)
        return
    table = model._meta.db_table
    # Table and column names come from the models, never from input.
    sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join(["%s"] * len(names))})'  # noqa: S608
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def copy_rows(table: str, names: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY through psycopg: about ten times faster than executemany here."""
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f'COPY "{table}" ({", ".join(names)}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(row)


def row_of(model: type[models.Model], given: dict[str, Any]) -> tuple[Any, ...]:
    """A row in column order: the values given, each other column its field's default."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamps = {"created_at": NOW, "modified_at": NOW}
    values = [given.get(f.attname, stamps.get(f.attname, f.get_default())) for f in fields]
    return tuple(json.dumps(v) if isinstance(v, dict | list) else v for v in values)


def customers() -> list[int]:
    """20,000 customers with one email address each; their ids."""
    first = Customer.objects.count()
    insert(
        Customer,
        columns(Customer),
        (
            row_of(
                Customer,
                {
                    "reference": f"B{first + i:09d}",
                    "given_names": f"Given{i}",
                    "family_name": f"Family{i}",
                },
            )
            for i in range(CUSTOMERS)
        ),
    )
    ids = list(Customer.objects.order_by("-pk").values_list("pk", flat=True)[:CUSTOMERS])[::-1]
    insert(
        EmailAddress,
        columns(EmailAddress),
        (
            row_of(EmailAddress, {"customer_id": pk, "email": f"writer{pk}@example.org"})
            for pk in ids
        ),
    )
    return ids


def message_rows(
    owners: list[int], letters: list[dict[str, Any]], total: int, rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    for i in range(total):
        owner = owners[0] if i < HEAVY_MESSAGES else rng.choice(owners)
        text = letters[rng.randrange(len(letters))]
        yield row_of(
            Message,
            {
                "mailbox": "housing",
                "message_id": f"<bench-{i}@example.org>",
                "sha256": f"{i:064x}",
                "from_address": f"writer{owner}@example.org",
                "subject": rng.choice(SUBJECTS),
                "received_at": NOW - timedelta(minutes=total - i),
                "body": text["body"],
                "customer_id": owner,
                "acknowledge": False,
                "signature": text["signature"],
                "sentence_count": text["sentences"],
            },
        )


def indexes(model: type[models.Model], *, drop: bool) -> None:
    """Drop or add the model's secondary indexes, whichever of them are (not) there already."""
    with connection.cursor() as cursor:
        present = set(connection.introspection.get_constraints(cursor, model._meta.db_table))
    with connection.schema_editor() as editor:
        for index in model._meta.indexes:
            if drop and index.name in present:
                editor.remove_index(model, index)
            elif not drop and index.name not in present:
                editor.add_index(model, index)


def load(total: int) -> None:
    rng = random.Random(7)  # noqa: S311 reproducible test data
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)
    CouncilService.objects.get_or_create(
        slug="housing", defaults={"name": "Housing", "is_mandatory": True}
    )
    owners = customers()
    letters = pool(rng)
    for model in (Message, Band):
        indexes(model, drop=True)
    insert(Message, columns(Message), message_rows(owners, letters, total, rng))
    bands(letters)
    for model in (Message, Band):
        indexes(model, drop=False)
    analyse()
    print(json.dumps({"messages": total, "seconds": round(time.perf_counter() - started, 1)}))


def bands(letters: list[dict[str, Any]], after: int = 0) -> None:
    """Each message's 16 LSH bands, and each customer's sentence digests, from the pool, for
    the messages with ids above `after` (the ones loaded from the pool).

    Messages are read a range of ids at a time (no cursor stays open while writing,
    so SQLite can checkpoint its log); first-seen sentences go in sorted by their key.
    """
    by_body = {text["body"]: text for text in letters}
    seen: dict[tuple[int, int], int] = {}
    last = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for start in range(after + 1, last + 1, CHUNK):
        rows = list(
            Message.objects.filter(pk__gte=start, pk__lt=start + CHUNK).values_list(
                "pk", "customer_id", "body"
            )
        )
        band_rows: list[tuple[int, int, int, int]] = []
        for pk, owner, body in rows:
            text = by_body[body]
            band_rows.extend(
                (owner, band, bucket, pk) for band, bucket in enumerate(text["buckets"])
            )
            for digest in text["digests"]:
                seen.setdefault((owner, digest), pk)
        insert(Band, ["customer_id", "band", "bucket", "message_id"], iter(band_rows))
    sentence_rows = ((owner, digest, pk) for (owner, digest), pk in sorted(seen.items()))
    insert(SentenceSeen, ["customer_id", "digest", "first_message_id"], sentence_rows)


def analyse() -> None:
    """Fresh planner statistics after a bulk load: PostgreSQL would otherwise guess, and SQLite
    would plan with the figures of an earlier ANALYZE (the screening loader's, when this table
    held the demo's three emails) and scan every email for one person's."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def rebuild_index(letters: list[dict[str, Any]]) -> None:
    """The LSH bands and sentence digests again, for messages already loaded."""
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{Band._meta.db_table}"')  # noqa: S608 a model's table
        cursor.execute(f'DELETE FROM "{SentenceSeen._meta.db_table}"')  # noqa: S608
    indexes(Band, drop=True)
    bands(letters)
    indexes(Band, drop=False)
    indexes(Message, drop=False)  # a load stopped part-way leaves them dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=1_000_000)
    total = parser.parse_args().messages
    (settings.VAR_DIR / "bench").mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if Message.objects.count() < total:
        load(total)
    elif Band.objects.count() < Message.objects.filter(customer__isnull=False).count() * 16:
        started = time.perf_counter()
        rebuild_index(pool(random.Random(7)))  # noqa: S311 the same pool as load()
        print(json.dumps({"rebuilt_index_seconds": round(time.perf_counter() - started, 1)}))
    else:
        print(json.dumps({"messages": Message.objects.count(), "reused": True}))


if __name__ == "__main__":
    main()
