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


@dataclass(frozen=True)
class Text:
    """A message's text as the checks read it: its MinHash, its LSH buckets, how many
    sentences it has and the hash of each that counts (by the sentence's place)."""

    values: np.ndarray
    buckets: list[int]
    sentence_count: int
    digests: dict[int, int]

    @classmethod
    def of(cls, subject: str, body: str) -> "Text":
        values = similarity.signature(f"{subject}\n{body}")
        found = similarity.sentences(body)
        digests = {i: similarity.digest(s) for i, s in enumerate(found) if similarity.counted(s)}
        return cls(values, similarity.buckets(values), len(found), digests)


@dataclass(frozen=True)
class Stored:
    """What the stored log holds for one message: the stored messages sharing most of its
    buckets as (id, buckets shared, signature), best first, and which of its sentence
    hashes its customer has written before."""

    candidates: list[tuple[int, int, bytes]] = field(default_factory=list)
    seen: frozenset[int] = frozenset()


# Messages a look-up statement (16 buckets of 3 parameters each) and rows an insert or a
# look-up of sentence hashes: well under SQLite's and PostgreSQL's parameter limits.
MESSAGES_A_STATEMENT = 200
ROWS_A_STATEMENT = 500


def candidates_sql(rows: int) -> str:
    """For each place, the stored messages of its customer sharing most of its buckets, with
    how many and their signatures, best first (ties: the latest); parameters: (place,
    customer, bucket) for each distinct bucket of each place.

    The same count as one query a message would make (a band row a matching bucket), for a
    whole batch in one statement: a statement a message cost more in round trips and
    planning than in running (`docs/performance.md`).
    """
    band, message = Band._meta.db_table, Message._meta.db_table
    values = ", ".join(["(%s, %s, %s)"] * rows)
    return (
        f"WITH wanted (place, customer_id, bucket) AS (VALUES {values}),"  # noqa: S608 the models' tables
        " shared AS (SELECT w.place, b.message_id, COUNT(*) AS shared FROM wanted w"
        f' JOIN "{band}" b ON b.customer_id = w.customer_id AND b.bucket = w.bucket'
        " GROUP BY w.place, b.message_id),"
        " ranked AS (SELECT place, message_id, shared, ROW_NUMBER() OVER"
        " (PARTITION BY place ORDER BY shared DESC, message_id DESC) AS position FROM shared)"
        f' SELECT r.place, r.message_id, r.shared, m.signature FROM ranked r JOIN "{message}" m'
        f" ON m.id = r.message_id WHERE r.position <= {MOST_CANDIDATES}"
        " ORDER BY r.place, r.position"
    )


def seen_sql(rows: int) -> str:
    """Which of these (customer, sentence hash) pairs are stored; parameters: the pairs."""
    table = SentenceSeen._meta.db_table
    values = ", ".join(["(%s, %s)"] * rows)
    return (
        f"WITH wanted (customer_id, digest) AS (VALUES {values})"  # noqa: S608 a model's table
        f' SELECT s.customer_id, s.digest FROM wanted w JOIN "{table}" s'
        " ON s.customer_id = w.customer_id AND s.digest = w.digest"
    )


def fetched(sql: str, params: list[int]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def stored_candidates(texts: list[tuple[int, Text]]) -> list[list[tuple[int, int, bytes]]]:
    """Each message's best stored candidates, a statement for many messages."""
    found: list[list[tuple[int, int, bytes]]] = [[] for _ in texts]
    for start in range(0, len(texts), MESSAGES_A_STATEMENT):
        chunk = enumerate(texts[start : start + MESSAGES_A_STATEMENT], start)
        rows = [
            (place, customer_id, bucket)
            for place, (customer_id, text) in chunk
            for bucket in dict.fromkeys(text.buckets)  # as `bucket IN (…)`: each row counted once
        ]
        if rows:
            for place, pk, shared, signature in fetched(
                candidates_sql(len(rows)), [value for row in rows for value in row]
            ):
                found[place].append((pk, shared, bytes(signature)))
    return found


def stored_digests(texts: list[tuple[int, Text]]) -> set[tuple[int, int]]:
    """Of the messages' (customer, sentence hash) pairs, those stored, a statement for many."""
    pairs = sorted({(c, d) for c, text in texts for d in text.digests.values()})
    seen: set[tuple[int, int]] = set()
    for start in range(0, len(pairs), ROWS_A_STATEMENT):
        chunk = pairs[start : start + ROWS_A_STATEMENT]
        seen.update(fetched(seen_sql(len(chunk)), [value for pair in chunk for value in pair]))
    return seen


def look_up(texts: list[tuple[int, Text]]) -> list[Stored]:
    """What the stored log holds for each of a batch's messages (customer, text), in two
    statements whatever the batch's size (up to MESSAGES_A_STATEMENT messages)."""
    candidates = stored_candidates(texts)
    seen = stored_digests(texts)
    return [
        Stored(found, frozenset(d for d in text.digests.values() if (customer_id, d) in seen))
        for (customer_id, text), found in zip(texts, candidates, strict=True)
    ]


def with_earlier(
    buckets: list[int], stored: Stored, earlier: list[tuple[Message, Assessment]]
) -> list[Candidate]:
    """The stored candidates and this batch's earlier messages, ranked together as one index.

    Shared bands are counted as the `Band` look-up counts them (a band row per
    matching bucket); the batch's messages rank after stored ones with as many,
    as they would once stored (their ids would be higher). The stored messages
    beyond the best MOST_CANDIDATES could not be among the best of both.
    """
    mine = set(buckets)
    sharing = [
        (sum(b in mine for b in assessment.buckets), (1, n), message, assessment)
        for n, (message, assessment) in enumerate(earlier)
    ]
    ranks: list[tuple[int, tuple[int, int], int | Message]] = [
        (shared, (0, pk), pk) for pk, shared, _ in stored.candidates
    ]
    ranks += [(shared, rank, message) for shared, rank, message, _ in sharing if shared]
    chosen = sorted(ranks, key=lambda r: (r[0], r[1]), reverse=True)[:MOST_CANDIDATES]
    signatures: dict[int, bytes] = {pk: signature for pk, _, signature in stored.candidates}
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
    text: Text, stored: Stored, earlier: list[tuple[Message, Assessment]] | None = None
) -> tuple[float, int | Message | None]:
    """The most similar earlier message of the same customer, found through the LSH bands:
    the candidates sharing most bands are compared on their signatures; of equals, the latest."""
    candidates = with_earlier(text.buckets, stored, earlier or [])
    scored = [(similarity.estimate(text.values, sig), rank, ref) for rank, sig, ref in candidates]
    best = max((c for c in scored if c[0] > 0), key=lambda c: (c[0], c[1]), default=None)
    return (best[0], best[2]) if best else (0.0, None)


def new_sentences(text: Text, seen: set[int]) -> tuple[list[int], list[int]]:
    """Indexes of counted sentences whose hash the customer has not written before (stored,
    or in an earlier message of the same batch), and those hashes once each."""
    fresh = [i for i, d in text.digests.items() if d not in seen]
    return fresh, list(dict.fromkeys(text.digests[i] for i in fresh))


def assessed(
    text: Text, stored: Stored, before: list[tuple[Message, Assessment]] | None = None
) -> Assessment:
    """Similarity to earlier messages and the new sentences, from what was looked up."""
    before = before or []
    score, near = nearest(text, stored, before)
    fresh, digests = new_sentences(
        text, set(stored.seen) | {d for _, a in before for d in a.digests}
    )
    return Assessment(
        similarity.to_bytes(text.values),
        text.buckets,
        score,
        near if isinstance(near, int) else None,
        fresh,
        digests,
        text.sentence_count,
        near if isinstance(near, Message) else None,
    )


def assess(customer_id: int | None, subject: str, body: str) -> Assessment:
    """One message against its customer's stored ones (none for an unmatched sender)."""
    if customer_id is None:
        return Assessment()
    text = Text.of(subject, body)
    return assessed(text, look_up([(customer_id, text)])[0])


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
