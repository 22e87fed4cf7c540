"""Read and file's moves, declared on core's engine: a reading signed off once by a permitted
reader, and a hint marked as read once.

A reading waits until someone signs it off; a hint waits until someone marks it as read. The
services call the engine first (`check` for the reading, whose rule depends on the reading;
`check_open` for the hint, whose doors check `contacts.mark_hint_seen`); the email's page
offers what `moves_open_to` returns. Chasing and escalating are the scheduler's, so they are
not declared here.
"""

from conduct.contacts.models import Hint, Reading
from conduct.core.moves import Move, Permission, Workflow, declare, states

REFUSED = "contacts-refused"  # the API's problem type for what contacts will not do now
WAITING, DONE = "waiting", "done"


def reading_state(reading: Reading) -> str:
    return DONE if reading.signed_off_at else WAITING


def reading_label(reading: Reading) -> str:
    return "signed off" if reading.signed_off_at else "waiting to be read"


def hint_state(hint: Hint) -> str:
    return DONE if hint.seen_at else WAITING


def hint_label(hint: Hint) -> str:
    return "read" if hint.seen_at else "waiting to be read"


READING_MOVES = (
    Move(
        "sign_off_reading",
        "Sign off the reading",
        Reading,
        states(WAITING),
        DONE,
        Permission(
            "contacts.sign_off_reading", "You are not a permitted reader of this correspondence"
        ),
        page="contacts:sign_off",
    ),
)
HINT_MOVES = (
    Move(
        "mark_hint_seen",
        "Mark as read",
        Hint,
        states(WAITING),
        DONE,
        Permission("contacts.mark_hint_seen", "You are not allowed to mark hints as read"),
    ),
)
READINGS = declare(
    Workflow(
        Reading,
        READING_MOVES,
        reading_state,
        reading_label,
        not_now=lambda move, reading: "This item has already been signed off",
        problem=REFUSED,
    )
)
HINTS = declare(
    Workflow(
        Hint,
        HINT_MOVES,
        hint_state,
        hint_label,
        not_now=lambda move, hint: "Someone has already marked this as seen",
        problem=REFUSED,
    )
)
