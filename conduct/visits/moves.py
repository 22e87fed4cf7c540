"""A visit's moves, declared on core's engine: arrive, check in, leave, record that a missed
check-in's officer is safe, and cancel; from which statuses, by whom, and when.

The services call `check(name, by, visit)` first; the visit page offers what `moves_open_to`
returns. Planning makes a visit rather than moving one, and escalating a missed check-in is the
scheduler's, so neither is declared here.
"""

from datetime import datetime
from typing import Any

from django.utils import timezone

from conduct.core.moves import Move, Permission, Workflow, declare, states
from conduct.visits.models import Visit

Status = Visit.Status
NOT_CANCELLED = states(Status.PLANNED, Status.IN_PROGRESS, Status.CHECK_IN_MISSED, Status.FINISHED)

# The sentence for a move a visit's status does not allow, by move; the taps' is "cancelled".
NOT_NOW = {
    "cancel_visit": "Only a visit nobody has arrived at can be cancelled",
    "resolve_missed_check_in": "No check-in is missed on this visit",
}


def clock(at: datetime) -> str:
    return f"{timezone.localtime(at):%H:%M}"


def not_now(move: Move, visit: Visit) -> str:
    return NOT_NOW.get(move.name, "The visit was cancelled")


def not_over(visit: Visit) -> str | None:
    if visit.left_at is None:
        return None
    return f"The visit ended at {clock(visit.left_at)}, so there is nothing to record"


def not_arrived_yet(visit: Visit) -> str | None:
    if visit.arrived_at is None:
        return None
    return f"Arriving was recorded at {clock(visit.arrived_at)}"


def has_arrived(visit: Visit) -> str | None:
    return "Record that you have arrived first" if visit.arrived_at is None else None


def nobody_arrived(visit: Visit) -> str | None:
    return None if visit.arrived_at is None else NOT_NOW["cancel_visit"]


def officer_or_watcher(move: Move, person: Any, visit: Visit) -> str | None:
    """The officer who planned it, or whoever watches today's visits, may cancel it."""
    if person.pk == visit.officer_id or person.has_perm("visits.view_visits_today"):
        return None
    return "Only the officer or a manager can cancel a visit"


ON_THE_VISIT = Permission(
    "visits.check_in", "Only the officers on the visit can record arriving, checking in or leaving"
)

MOVES = (
    Move(
        "record_arrival",
        "I have arrived",
        Visit,
        NOT_CANCELLED,
        Status.IN_PROGRESS,  # from planned; a visit with a missed check-in stays so
        ON_THE_VISIT,
        (not_over, not_arrived_yet),
        page="visits:arrived",
    ),
    Move(
        "check_in",
        "I am safe",
        Visit,
        NOT_CANCELLED,
        None,
        ON_THE_VISIT,
        (not_over, has_arrived),
        page="visits:safe",
    ),
    Move(
        "record_leaving",
        "I have left",
        Visit,
        NOT_CANCELLED,
        Status.FINISHED,  # from in progress; a visit with a missed check-in stays so
        ON_THE_VISIT,
        (not_over, has_arrived),
        page="visits:left",
    ),
    Move(
        "resolve_missed_check_in",
        "Record that the officer is safe",
        Visit,
        states(Status.CHECK_IN_MISSED),
        None,  # back to where the visit stands: planned, in progress or finished
        Permission(
            "visits.resolve_missed_check_in",
            "Only the colleague they check in with, a line manager or health and safety can "
            "resolve this",
        ),
        page="visits:resolve",
    ),
    Move(
        "cancel_visit",
        "Cancel this visit",
        Visit,
        NOT_CANCELLED,
        Status.CANCELLED,
        officer_or_watcher,
        (nobody_arrived,),
        page="visits:cancel",
    ),
)
VISITS = declare(Workflow(Visit, MOVES, not_now=not_now))
