"""Indexing a message against the customer's earlier correspondence, and showing what is new.

See similarity.py for the method. Both indexes are rows keyed by customer, so
the work per message depends on that customer's history only through an index
look-up, not on the size of the whole log.
"""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count

from conduct.contacts import similarity
from conduct.contacts.models import Band, Message, SentenceSeen
from conduct.contacts.similarity import Sentence

# The candidates sharing most bands are compared on their stored signatures.
MOST_CANDIDATES = 20


@dataclass
class Assessment:
    """A message's text against the customer's earlier ones, worked out before it is stored."""

    signature: bytes = b""
    buckets: list[int] = field(default_factory=list)
    similarity: float = 0.0
    nearest_id: int | None = None
    new_sentences: list[int] = field(default_factory=list)
    digests: list[int] = field(default_factory=list)
    sentence_count: int = 0

    def fields(self) -> dict[str, Any]:
        return {
            "signature": self.signature,
            "similarity": self.similarity,
            "nearest_id": self.nearest_id,
            "new_sentences": self.new_sentences,
            "sentence_count": self.sentence_count,
        }


def nearest(customer_id: int, values: np.ndarray, buckets: list[int]) -> tuple[float, int | None]:
    """The most similar earlier message of the same customer, found through the LSH bands:
    the candidates sharing most bands are compared on their stored signatures."""
    candidates = (
        Band.objects.filter(customer_id=customer_id, bucket__in=buckets)
        .values("message_id")
        .annotate(shared=Count("id"))
        .order_by("-shared")
        .values_list("message_id", flat=True)[:MOST_CANDIDATES]
    )
    best, best_id = 0.0, None
    # One query: the candidates are a subquery of the signatures' look-up.
    for pk, data in Message.objects.filter(pk__in=candidates).values_list("pk", "signature"):
        score = similarity.estimate(values, similarity.from_bytes(data))
        if score > best or (score == best and best_id is not None and pk > best_id):
            best, best_id = score, pk
    return best, best_id


def new_sentences(customer_id: int, body: str) -> tuple[list[int], list[int], int]:
    """Indexes of counted sentences whose hash the customer has not written before."""
    found = similarity.sentences(body)
    digests = {i: similarity.digest(s) for i, s in enumerate(found) if similarity.counted(s)}
    seen = set(
        SentenceSeen.objects.filter(
            customer_id=customer_id, digest__in=set(digests.values())
        ).values_list("digest", flat=True)
    )
    fresh = [i for i, d in digests.items() if d not in seen]
    return fresh, list(dict.fromkeys(digests[i] for i in fresh)), len(found)


def assess(customer_id: int | None, subject: str, body: str) -> Assessment:
    """Similarity to earlier messages and the new sentences (none for an unmatched sender)."""
    if customer_id is None:
        return Assessment()
    values = similarity.signature(f"{subject}\n{body}")
    buckets = similarity.buckets(values)
    score, nearest_id = nearest(customer_id, values, buckets)
    fresh, digests, count = new_sentences(customer_id, body)
    return Assessment(
        similarity.to_bytes(values), buckets, score, nearest_id, fresh, digests, count
    )


def index(message: Message, assessment: Assessment) -> None:
    """The message's own LSH bands and first-seen sentences, for the messages after it."""
    if message.customer_id is None:
        return
    Band.objects.bulk_create(
        [
            Band(customer_id=message.customer_id, band=band, bucket=bucket, message=message)
            for band, bucket in enumerate(assessment.buckets)
        ]
    )
    SentenceSeen.objects.bulk_create(
        [
            SentenceSeen(customer_id=message.customer_id, digest=d, first_message=message)
            for d in assessment.digests
        ],
        ignore_conflicts=True,
    )


def shown_sentences(message: Message) -> list[Sentence]:
    """The message's sentences, each marked new or seen before, for the reader."""
    fresh = set(message.new_sentences)
    return [Sentence(text, i in fresh) for i, text in enumerate(similarity.sentences(message.body))]
