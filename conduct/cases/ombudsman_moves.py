"""An Ombudsman referral's moves, declared on core's engine: enquiries and their responses while
the Ombudsman considers it, then the outcome, then the remedy it asked for.

A referral is open until its outcome is recorded, then decided. Recording the referral makes one
rather than moving it, so it is not declared here (the permission `cases.record_ombudsman_referral`
guards it). The services in cases/ombudsman.py call `check(name, by, referral)` first; the
referral page offers what `moves_open_to` returns.
"""

from typing import Any

from conduct.cases.models import OmbudsmanReferral
from conduct.core.moves import Move, Permission, Workflow, declare, moves_open_to, states

OPEN, DECIDED = "open", "decided"
RECORDING = Permission(
    "cases.record_ombudsman_referral",
    "Only case officers and complaints and customer services staff can record this",
)

# The sentence for a move a referral's state does not allow, by move.
NOT_NOW = {
    "record_ombudsman_enquiry": "The Ombudsman has already decided this referral",
    "record_ombudsman_outcome": "The Ombudsman’s outcome is already recorded",
    "record_remedy_done": "Record the Ombudsman’s outcome first",
}


def decided_or_open(referral: OmbudsmanReferral) -> str:
    return DECIDED if referral.outcome else OPEN


def in_words(referral: OmbudsmanReferral) -> str:
    return "decided" if referral.outcome else "with the Ombudsman"


def not_now(move: Move, referral: OmbudsmanReferral) -> str:
    return NOT_NOW.get(move.name, f"{move.label} is not possible now")


def an_enquiry_waits(referral: OmbudsmanReferral) -> str | None:
    waiting = referral.enquiries.filter(responded_on__isnull=True).exists()
    return None if waiting else "No enquiry from the Ombudsman is waiting for a response"


def remedy_waits(referral: OmbudsmanReferral) -> str | None:
    if not referral.remedy:
        return "The Ombudsman asked for no remedy"
    if referral.remedy_done_on:
        return f"The remedy was recorded as done on {referral.remedy_done_on:%-d %B %Y}"
    return None


MOVES = (
    Move(
        "record_ombudsman_enquiry",
        "Record an enquiry",
        OmbudsmanReferral,
        states(OPEN),
        None,
        RECORDING,
        page="cases:record_ombudsman_enquiry",
    ),
    Move(
        "record_enquiry_response",
        "Record the council’s response",
        OmbudsmanReferral,
        states(OPEN, DECIDED),  # an enquiry answered late is still recorded
        None,
        RECORDING,
        (an_enquiry_waits,),
        page="cases:record_enquiry_response",
    ),
    Move(
        "record_ombudsman_outcome",
        "Record the outcome",
        OmbudsmanReferral,
        states(OPEN),
        DECIDED,
        RECORDING,
        page="cases:record_ombudsman_outcome",
    ),
    Move(
        "record_remedy_done",
        "Record that the remedy was done",
        OmbudsmanReferral,
        states(DECIDED),
        None,
        RECORDING,
        (remedy_waits,),
        page="cases:record_remedy_done",
    ),
)
REFERRALS = declare(
    Workflow(
        OmbudsmanReferral, MOVES, state_of=decided_or_open, state_label=in_words, not_now=not_now
    )
)


def open_names(person: Any, referral: OmbudsmanReferral) -> set[str]:
    """The names of the moves open to this person on the referral now."""
    return {move.name for move in moves_open_to(person, referral)}
