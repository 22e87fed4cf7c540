"""A marker's moves, declared on core's engine: verify, approve, review, share, record whether the
person was told, and withdraw; from which statuses, by whom, and when.

The services call `check(name, by, marker)` first; the marker page and the API offer what
`moves_open_to` returns. Expiry is the scheduler's, not a person's, so it is not declared here.
"""

from typing import Any

from conduct.alerts.models import Marker, Subject
from conduct.core.moves import Move, Permission, Workflow, declare, states

Status = Marker.Status
NOT_ENDED = states(Status.PROVISIONAL, Status.VERIFIED, Status.LIVE)

# The sentence for a move the marker's status does not allow, by move.
NOT_NOW = {
    "verify_marker": "{reference} is not waiting for verification",
    "approve_marker": "{reference} has not been verified by a manager",
    "review_marker": "{reference} is not live, so there is nothing to review",
    "disclose_marker": "{reference} is not live, so it cannot be shared",
}


def not_now(move: Move, marker: Marker) -> str:
    return NOT_NOW.get(move.name, "{reference} has ended").format(reference=marker.reference)


def not_the_raiser(move: Move, person: Any, marker: Marker) -> str | None:
    if marker.created_by_id == person.pk:
        return "Someone other than the person who raised it must verify it"
    return None


def not_the_verifier(move: Move, person: Any, marker: Marker) -> str | None:
    if marker.verified_by_id == person.pk:
        return "Someone other than the manager who verified it must approve it"
    return None


def about_a_person(marker: Marker) -> str | None:
    return None if marker.subject == Subject.PERSON else "Only a person is told about a marker"


TELLING = Permission(
    "alerts.record_telling",
    "Only a line manager, health and safety officer or case officer can record telling the person",
)

MOVES = (
    Move(
        "verify_marker",
        "Verify the marker",
        Marker,
        states(Status.PROVISIONAL),
        Status.VERIFIED,
        Permission("alerts.verify_marker", "Only a line manager can verify a marker"),
        narrower=not_the_raiser,
        page="alerts:verify",
    ),
    Move(
        "approve_marker",
        "Approve the marker",
        Marker,
        states(Status.VERIFIED),
        Status.LIVE,
        Permission(
            "alerts.approve_marker", "Only a health and safety officer can approve a marker"
        ),
        narrower=not_the_verifier,
        page="alerts:approve",
    ),
    Move(
        "review_marker",
        "Review the marker",
        Marker,
        states(Status.LIVE),
        None,
        Permission(
            "alerts.review_marker", "Only a line manager or health and safety officer can do this"
        ),
        page="alerts:review",
    ),
    Move(
        "disclose_marker",
        "Share with a partner",
        Marker,
        states(Status.LIVE),
        None,
        Permission(
            "alerts.disclose_marker",
            "Only a health and safety officer, line manager or case officer can share a marker",
        ),
        page="alerts:share",
    ),
    Move(
        "record_told",
        "Record whether the person was told",
        Marker,
        NOT_ENDED,
        None,
        TELLING,
        (about_a_person,),
        page="alerts:telling",
    ),
    # Made on the same page as record_told, so it has no button of its own.
    Move(
        "record_not_told",
        "Record that the person was not told",
        Marker,
        NOT_ENDED,
        None,
        TELLING,
        (about_a_person,),
    ),
    Move(
        "withdraw_marker",
        "Withdraw the marker",
        Marker,
        NOT_ENDED,
        Status.WITHDRAWN,
        Permission(
            "alerts.withdraw_marker", "Only a line manager or health and safety officer can do this"
        ),
        page="alerts:withdraw",
    ),
)
MARKERS = declare(Workflow(Marker, MOVES, not_now=not_now))
