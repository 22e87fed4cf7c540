"""Declared moves: for each kind of stateful thing, the moves it may go through, who may make
each one, and when.

A move is named after the service function that makes it (`record_decision`,
`approve_letter`). It says which states it starts from, the state it leads to,
who may make it (a rule) and what else must hold (guards). Each app declares a
`Workflow` per kind of subject it owns; core knows none of them. The service
function calls `check(name, person, subject)` first, which raises `Refusal`
with a sentence saying why not; pages and the API offer what
`moves_open_to(person, subject)` returns, so what is offered and what is
allowed cannot drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conduct.core.refusals import Refusal

# Who may make a move: None if this person may, else the sentence saying why not.
Rule = Callable[["Move", Any, Any], str | None]
# What else must hold of the subject, whoever asks: None, or the sentence saying why not.
Guard = Callable[[Any], str | None]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def states(*names: str) -> frozenset[str]:
    return frozenset(names)


@dataclass(frozen=True)
class Move:
    name: str  # the service function that makes it
    label: str  # what the button says
    subject: type
    sources: frozenset[str]
    target: str | None  # None: the subject's state is unchanged
    who: Rule
    guards: tuple[Guard, ...] = ()
    # Who, narrowed further, checked after the guards: it may ask the database (the posts a
    # person holds) or compare the person with the subject (not the one who raised it).
    narrower: Rule | None = None
    page: str = ""  # the URL name of the page that makes it, where it has one of its own


@dataclass(frozen=True)
class Permission:
    """Who may make the move: whoever holds this object permission (a `rules` predicate)."""

    name: str
    refusal: str  # the sentence for someone who does not hold it

    def __call__(self, move: Move, person: Any, subject: Any) -> str | None:
        return None if person.has_perm(self.name, subject) else self.refusal


def status_of(subject: Any) -> str:
    return str(subject.status)


def status_label(subject: Any) -> str:
    return str(subject.get_status_display()).lower()


@dataclass(frozen=True)
class Workflow:
    """The moves of one kind of subject, in the order to offer them, and how to read its state."""

    subject: type
    moves: tuple[Move, ...]
    state_of: Callable[[Any], str] = status_of
    state_label: Callable[[Any], str] = status_label
    # The sentence for a move its state does not allow; None: "… is not possible while it is …".
    not_now: Callable[[Move, Any], str] | None = None
    problem: str | None = None  # the API problem type its refusals carry, if not the default
    by_name: dict[str, Move] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {move.name: move for move in self.moves})

    def state_refusal(self, move: Move, subject: Any) -> str | None:
        if self.state_of(subject) in move.sources:
            return None
        if self.not_now is not None:
            return self.not_now(move, subject)
        return f"{move.label} is not possible while it is {self.state_label(subject)}"


WORKFLOWS: dict[type, Workflow] = {}
MOVES: dict[str, Move] = {}


def declare(workflow: Workflow) -> Workflow:
    """Register an app's workflow, so `check` and `moves_open_to` know its moves."""
    for move in workflow.moves:
        if MOVES.get(move.name, move) is not move:
            raise ValueError(f"Two moves are called {move.name}")
        MOVES[move.name] = move
    WORKFLOWS[workflow.subject] = workflow
    return workflow


def workflow_of(subject_type: type) -> Workflow:
    for kind in subject_type.__mro__:
        if kind in WORKFLOWS:
            return WORKFLOWS[kind]
    raise LookupError(f"No workflow is declared for {subject_type.__name__}")


def blocked(move: Move, subject: Any) -> str | None:
    """Why the subject as it stands closes this move to anyone (its state, a guard), or None."""
    if not isinstance(subject, move.subject):
        return f"{move.label} applies to a {move.subject.__name__.lower()}"
    reason = workflow_of(move.subject).state_refusal(move, subject)
    for guard in move.guards:
        reason = reason or guard(subject)
    return reason


def refusal(move: Move, person: Any, subject: Any) -> str | None:
    """Why this person may not make this move now, or None if they may.

    In order: the kind of subject, its state, who may, the guards, then the narrower rule.
    """
    if not isinstance(subject, move.subject):
        return blocked(move, subject)
    reason = workflow_of(move.subject).state_refusal(move, subject) or move.who(
        move, person, subject
    )
    for guard in move.guards:
        reason = reason or guard(subject)
    if reason is None and move.narrower is not None:
        reason = move.narrower(move, person, subject)
    return reason


def move_named(name: str) -> Move:
    """The declared move; an unknown name is a mistake in the program, not a refusal."""
    try:
        return MOVES[name]
    except KeyError:
        raise LookupError(f"No move is declared called {name}") from None


def check(name: str, person: Any, subject: Any) -> Move:
    """The move, if this person may make it now; Refusal with the reason if not."""
    move = move_named(name)
    reason = refusal(move, person, subject)
    if reason:
        raise Refusal(reason, problem=workflow_of(move.subject).problem)
    return move


def check_open(name: str, subject: Any) -> Move:
    """The move, if the subject as it stands allows it (state, guards); Refusal if not.

    For a service whose doors check who may act before calling it, and which scripts
    and other services call on someone's behalf.
    """
    move = move_named(name)
    reason = blocked(move, subject)
    if reason:
        raise Refusal(reason, problem=workflow_of(move.subject).problem)
    return move


def moves_open_to(person: Any, subject: Any) -> list[Move]:
    """The moves this person may make on this subject now, in the order they were declared."""
    moves = workflow_of(type(subject)).moves
    return [move for move in moves if refusal(move, person, subject) is None]


def state_of(subject: Any) -> str:
    return workflow_of(type(subject)).state_of(subject)


def state_label(subject: Any) -> str:
    return workflow_of(type(subject)).state_label(subject)
