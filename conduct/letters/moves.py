"""A letter's moves, declared on core's engine: approve, issue and replace; from which statuses,
and by whom.

The services call `check(name, by, letter)` first; the letter page offers what
`moves_open_to` returns. Whether a draft says everything the policy requires is
checked by `approve_letter` itself, as it depends on who approves (their post
and signature go in the letter).
"""

from typing import Any

from conduct.core.moves import Move, Permission, Workflow, declare, moves_open_to, states
from conduct.letters.models import Letter

Status = Letter.Status
ISSUING = Permission("letters.issue_letter", "Only staff who write letters can do this")


def not_now(move: Move, letter: Letter) -> str:
    """The sentence for a move the letter's status does not allow."""
    if move.name == "approve_letter":
        if letter.status == Status.HELD:
            return f"This letter is held: {letter.held_reason}"
        return "Only a draft letter can be approved"
    if move.name == "issue_letter":
        if letter.status == Status.ISSUED:
            return "This letter has already been issued"
        return "The letter must be approved first"
    return "This letter has already been replaced"


MOVES = (
    Move(
        "approve_letter",
        "Approve the letter",
        Letter,
        states(Status.DRAFT),
        Status.APPROVED,
        Permission("letters.approve_letter", "Only a decision maker can approve a letter"),
    ),
    Move(
        "issue_letter",
        "Issue the letter",
        Letter,
        states(Status.APPROVED),
        Status.ISSUED,
        ISSUING,
        page="letters:issue",
    ),
    Move(
        "supersede_letter",
        "Replace the letter",
        Letter,
        states(Status.DRAFT, Status.HELD, Status.APPROVED, Status.ISSUED),
        Status.SUPERSEDED,
        ISSUING,
        page="letters:supersede",
    ),
)
LETTERS = declare(Workflow(Letter, MOVES, not_now=not_now))


def open_names(person: Any, letter: Letter) -> set[str]:
    """The names of the moves open to this person on the letter now."""
    return {move.name for move in moves_open_to(person, letter)}
