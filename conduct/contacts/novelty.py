"""Indexing a message against the customer's earlier correspondence, and showing what is new.

See similarity.py for the method. Both indexes are rows keyed by customer, so
the work per message depends on that customer's history only through an index
look-up, not on the size of the whole log.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

from conduct.contacts import similarity
from conduct.contacts.models import Band, Message, SentenceSeen
from conduct.contacts.similarity import Sentence

# The candidates sharing most bands are compared on their stored signatures.
MOST_CANDIDATES = 20


@dataclass
class Assessment:
    """A message's text against the customer's earlier ones, worked out before it is stored.

    `nearest_message` is set instead of `nearest_id` when the nearest is an
    earlier message of the same batch, not yet written when this is worked out.
    """

    signature: bytes = b""
    buckets: list[int] = field(default_factory=list)
    similarity: float = 0.0
    nearest_id: int | None = None
    new_sentences: list[int] = field(default_factory=list)
    digests: list[int] = field(default_factory=list)
    sentence_count: int = 0
    nearest_message: Message | None = None

    def fields(self) -> dict[str, Any]:
        return {
            "signature": self.signature,
            "similarity": self.similarity,
            "nearest_id": self.nearest_id,
            "new_sentences": self.new_sentences,
            "sentence_count": self.sentence_count,
        }


@dataclass
class Earlier:
    """A batch's messages worked out so far, by customer, not yet written.

    A later message of the same customer in the batch is compared with them
    exactly as if they had been stored before it (see `nearest` and
    `new_sentences`), so a batch finds what one message at a time would.
    """

    by_customer: dict[int, list[tuple[Message, Assessment]]] = field(default_factory=dict)

    def of(self, customer_id: int | None) -> list[tuple[Message, Assessment]]:
        return self.by_customer.get(customer_id, []) if customer_id is not None else []

    def add(self, message: Message, assessment: Assessment) -> None:
        if message.customer_id is not None:
            self.by_customer.setdefault(message.customer_id, []).append((message, assessment))


# A candidate: its rank among equals (stored messages by id, then this batch's in order),
# its signature, and the stored message's id or the batch's message.
Candidate = tuple[tuple[int, int], np.ndarray, int | Message]


def ranked_sql(buckets: list[int]) -> str:
    """Stored messages of a customer sharing most of these buckets, with how many (ties: the
    latest first); parameters: the customer's id, then the buckets.

    SQL rather than the ORM because it runs for every message, and building it
    through the ORM took twenty times as long as running it (1.2 ms against 0.06 ms).
    """
    marks = ", ".join(["%s"] * len(buckets))
    return (
        f'SELECT message_id, COUNT(*) AS shared FROM "{Band._meta.db_table}"'  # noqa: S608 a model's table
        f" WHERE customer_id = %s AND bucket IN ({marks})"
        f" GROUP BY message_id ORDER BY shared DESC, message_id DESC LIMIT {MOST_CANDIDATES}"
    )


def ranked(customer_id: int, buckets: list[int]) -> list[tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(ranked_sql(buckets), [customer_id, *buckets])
        return [(pk, shared) for pk, shared in cursor.fetchall()]


def stored_candidates(customer_id: int, buckets: list[int]) -> list[Candidate]:
    """One query: the ranked candidates are a subquery of the signatures' look-up."""
    sql = (
        f'SELECT id, signature FROM "{Message._meta.db_table}" WHERE id IN'  # noqa: S608 a model's table
        f" (SELECT message_id FROM ({ranked_sql(buckets)}) AS ranked)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [customer_id, *buckets])
        found = cursor.fetchall()
    return [((0, pk), similarity.from_bytes(data), pk) for pk, data in found]


def with_earlier(
    customer_id: int, buckets: list[int], earlier: list[tuple[Message, Assessment]]
) -> list[Candidate]:
    """The stored candidates and this batch's earlier messages, ranked together as one index.

    Shared bands are counted as the `Band` query counts them (a band row per
    matching bucket); the batch's messages rank after stored ones with as many,
    as they would once stored (their ids would be higher).
    """
    mine = set(buckets)
    sharing = [
        (sum(b in mine for b in assessment.buckets), (1, n), message, assessment)
        for n, (message, assessment) in enumerate(earlier)
    ]
    ranks: list[tuple[int, tuple[int, int], int | Message]] = [
        (shared, (0, pk), pk) for pk, shared in ranked(customer_id, buckets)
    ]
    ranks += [(shared, rank, message) for shared, rank, message, _ in sharing if shared]
    chosen = sorted(ranks, key=lambda r: (r[0], r[1]), reverse=True)[:MOST_CANDIDATES]
    stored = [ref for _, _, ref in chosen if isinstance(ref, int)]
    signatures = dict(Message.objects.filter(pk__in=stored).values_list("pk", "signature"))
    values = {id(message): a.signature for _, _, message, a in sharing}
    return [
        (
            rank,
            similarity.from_bytes(signatures[ref] if isinstance(ref, int) else values[id(ref)]),
            ref,
        )
        for _, rank, ref in chosen
    ]


def nearest(
    customer_id: int,
    values: np.ndarray,
    buckets: list[int],
    earlier: list[tuple[Message, Assessment]] | None = None,
) -> tuple[float, int | Message | None]:
    """The most similar earlier message of the same customer, found through the LSH bands:
    the candidates sharing most bands are compared on their signatures; of equals, the latest."""
    candidates = (
        with_earlier(customer_id, buckets, earlier or [])
        if any(set(a.buckets) & set(buckets) for _, a in earlier or [])
        else stored_candidates(customer_id, buckets)
    )
    scored = [(similarity.estimate(values, sig), rank, ref) for rank, sig, ref in candidates]
    best = max((c for c in scored if c[0] > 0), key=lambda c: (c[0], c[1]), default=None)
    return (best[0], best[2]) if best else (0.0, None)


def stored_digests(customer_id: int, digests: set[int]) -> set[int]:
    """Which of these sentence hashes the customer has written before (SQL, as `ranked_sql`)."""
    if not digests:
        return set()
    marks = ", ".join(["%s"] * len(digests))
    sql = (
        f'SELECT digest FROM "{SentenceSeen._meta.db_table}"'  # noqa: S608 a model's table
        f" WHERE customer_id = %s AND digest IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [customer_id, *digests])
        return {digest for (digest,) in cursor.fetchall()}


def new_sentences(
    customer_id: int, body: str, seen_in_batch: set[int] | None = None
) -> tuple[list[int], list[int], int]:
    """Indexes of counted sentences whose hash the customer has not written before
    (stored, or in an earlier message of the same batch)."""
    found = similarity.sentences(body)
    digests = {i: similarity.digest(s) for i, s in enumerate(found) if similarity.counted(s)}
    seen = set(seen_in_batch or ()) | stored_digests(customer_id, set(digests.values()))
    fresh = [i for i, d in digests.items() if d not in seen]
    return fresh, list(dict.fromkeys(digests[i] for i in fresh)), len(found)


def assess(
    customer_id: int | None, subject: str, body: str, earlier: Earlier | None = None
) -> Assessment:
    """Similarity to earlier messages and the new sentences (none for an unmatched sender)."""
    if customer_id is None:
        return Assessment()
    before = (earlier or Earlier()).of(customer_id)
    values = similarity.signature(f"{subject}\n{body}")
    buckets = similarity.buckets(values)
    score, near = nearest(customer_id, values, buckets, before)
    fresh, digests, count = new_sentences(
        customer_id, body, {d for _, a in before for d in a.digests}
    )
    return Assessment(
        similarity.to_bytes(values),
        buckets,
        score,
        near if isinstance(near, int) else None,
        fresh,
        digests,
        count,
        near if isinstance(near, Message) else None,
    )


# Rows a statement: 4 columns each, well under SQLite's and PostgreSQL's parameter limits.
ROWS_A_STATEMENT = 500


def insert(
    model: type[Band | SentenceSeen], columns: str, rows: Sequence[tuple[int | None, ...]]
) -> None:
    """Plain rows in as few statements as may be (one VALUES list each, not one a row: on
    PostgreSQL every row of an executemany is a statement of its own for the server)."""
    table = model._meta.db_table
    tail = " ON CONFLICT DO NOTHING" if model is SentenceSeen else ""
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_A_STATEMENT):
            chunk = rows[start : start + ROWS_A_STATEMENT]
            values = ", ".join(["(" + ", ".join(["%s"] * len(chunk[0])) + ")"] * len(chunk))
            sql = f'INSERT INTO "{table}" ({columns}) VALUES {values}{tail}'  # noqa: S608 a model's
            cursor.execute(sql, [value for row in chunk for value in row])


def index(indexed: list[tuple[Message, Assessment]]) -> None:
    """The messages' own LSH bands and first-seen sentences, for the messages after them.

    Plain inserts of plain rows (16 bands a message): building a model object for
    each cost more than the rest of the write. Sentences go in sorted by their
    unique key, so two pollers writing the same customer's sentences wait for
    each other instead of deadlocking; one already there is left as it is.
    """
    mine = [(m, a) for m, a in indexed if m.customer_id is not None]
    bands = [
        (m.customer_id, n, bucket, m.pk) for m, a in mine for n, bucket in enumerate(a.buckets)
    ]
    seen = sorted((m.customer_id, digest, m.pk) for m, a in mine for digest in a.digests)
    insert(Band, "customer_id, band, bucket, message_id", bands)
    insert(SentenceSeen, "customer_id, digest, first_message_id", seen)


def shown_sentences(message: Message) -> list[Sentence]:
    """The message's sentences, each marked new or seen before, for the reader."""
    fresh = set(message.new_sentences)
    return [Sentence(text, i in fresh) for i, text in enumerate(similarity.sentences(message.body))]
