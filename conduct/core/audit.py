"""The one write path for the audit trail, and the check that it is intact.

Every service function calls `record` inside its own transaction. Each event
stores the hash of the one before, so any change to a stored event, or a
missing one, breaks the chain at that point, and `verify_chain` finds it.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from conduct.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Verb:
    """A kind of event: a namespaced name and how to say it in a sentence."""

    name: str
    sentence: str


VERBS: dict[str, Verb] = {}


def register_verb(name: str, sentence: str) -> Verb:
    """Declare a verb once, in the owning app's verbs.py."""
    app, _, action = name.partition(".")
    if not app or not action:
        raise ValueError(f"Audit verb {name!r} must be namespaced, like 'accounts.signed_in'")
    VERBS[name] = Verb(name, sentence)
    return VERBS[name]


class UnknownVerbError(ValueError):
    pass


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


def event_hash(
    *,
    sequence: int,
    at: Any,
    actor_id: int | None,
    verb: str,
    target_type: str,
    target_id: str,
    payload: Any,
    previous_hash: str,
) -> str:
    body = canonical_json(
        [
            sequence,
            at.astimezone(UTC).isoformat(),
            actor_id,
            verb,
            target_type,
            target_id,
            payload,
            previous_hash,
        ]
    )
    return hashlib.sha256(body.encode()).hexdigest()


def target_of(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


@dataclass(frozen=True)
class Entry:
    """One event to append: what `record` takes, for writing several under one lock."""

    verb: str
    actor: Any
    target: models.Model | None = None
    payload: dict[str, Any] | None = None


def record(
    verb: str,
    *,
    actor: Any,
    target: models.Model | None = None,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit trail, in the caller's transaction."""
    return record_all([Entry(verb, actor, target, payload)])[0]


def record_all(entries: list[Entry]) -> list[AuditEvent]:
    """Append events in order, in the caller's transaction, taking the chain's lock once.

    A batch (one transaction storing many emails) writes its events here: each
    is chained to the one before exactly as one `record` call after another
    would chain them, and the lock on the head is taken and the head saved once.
    """
    for entry in entries:
        if entry.verb not in VERBS:
            raise UnknownVerbError(f"Audit verb {entry.verb!r} is not registered")
    with transaction.atomic():
        head = lock_chain()
        events = [append(head, entry) for entry in entries]
        store(events)
        head.save(update_fields=["sequence", "hash"])
    return events


def lock_chain() -> AuditChainHead:
    """The chain's head, locked until the caller's transaction ends.

    Every write locks it, so it is the first lock a writer takes (conduct.core.transactions).
    """
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"hash": GENESIS_HASH}
    )
    return head


def store(events: list[AuditEvent]) -> None:
    """Insert chained events, in bulk: the one place events are written together, so the
    append-only manager's refusal of `bulk_create` is stepped past here and nowhere else."""
    if len(events) == 1:
        events[0].save(force_insert=True)
        return
    models.QuerySet.bulk_create(AuditEvent.objects.all(), events, batch_size=STORE_BATCH)


# Events in one INSERT: within SQLite's 999 parameters at 9 columns an event.
STORE_BATCH = 100


def append(head: AuditChainHead, entry: Entry) -> AuditEvent:
    """One event after the (locked) head, which then points at it (stored by `store`)."""
    target_type, target_id = target_of(entry.target)
    actor = entry.actor
    fields = {
        "sequence": head.sequence + 1,
        "at": timezone.now(),
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
        "verb": entry.verb,
        "target_type": target_type,
        "target_id": target_id,
        "payload": json.loads(canonical_json(entry.payload or {})),
        "previous_hash": head.hash,
    }
    event = AuditEvent(**fields, hash=event_hash(**fields))
    head.sequence, head.hash = event.sequence, event.hash
    return event


def record_read(
    request: HttpRequest, verb: str, target: models.Model | None = None, **payload: Any
) -> AuditEvent:
    """Record that the signed-in person looked at something sensitive."""
    return record(
        verb, actor=request.user, target=target, payload={"path": request.path, **payload}
    )


@dataclass(frozen=True)
class BrokenLink:
    sequence: int
    reason: str


def verify_chain(events: Iterable[AuditEvent] | None = None) -> BrokenLink | None:
    """The first event where the chain is broken, or None if it is whole."""
    events = AuditEvent.objects.order_by("sequence").iterator() if events is None else events
    previous_hash, expected_sequence = GENESIS_HASH, 1
    for event in events:
        if event.sequence != expected_sequence:
            return BrokenLink(expected_sequence, f"event #{expected_sequence} is missing")
        if event.previous_hash != previous_hash:
            return BrokenLink(event.sequence, "it does not point at the event before it")
        recomputed = event_hash(
            sequence=event.sequence,
            at=event.at,
            actor_id=event.actor_id,
            verb=event.verb,
            target_type=event.target_type,
            target_id=event.target_id,
            payload=event.payload,
            previous_hash=event.previous_hash,
        )
        if recomputed != event.hash:
            return BrokenLink(event.sequence, "its contents have changed since it was written")
        previous_hash, expected_sequence = event.hash, expected_sequence + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.sequence >= expected_sequence:
        return BrokenLink(
            expected_sequence, f"events #{expected_sequence} to #{head.sequence} are missing"
        )
    return None


def describe(event: AuditEvent, actor: str | None = None) -> str:
    """The event as a sentence, from its verb's wording and its payload; `actor` names who
    acted in other words (a subject access bundle says "A member of staff")."""
    verb = VERBS.get(event.verb)
    if actor is None:
        actor = event.actor.get_full_name() if event.actor else "Conduct"
    if verb is None:
        return f"{actor}: {event.verb}"
    return verb.sentence.format_map(_Blank({"actor": actor, **event.payload}))


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""
