"""The declared-moves engine: a move is open only from its states, to whom its rule allows, when
its guards hold; `check` refuses with the sentence, `moves_open_to` offers in declared order."""

from dataclasses import dataclass, field

import pytest

from conduct.core import moves
from conduct.core.moves import (
    Move,
    Permission,
    Workflow,
    check,
    check_open,
    declare,
    moves_open_to,
    states,
)
from conduct.core.refusals import Refusal


@dataclass
class Parcel:
    status: str
    fragile: bool = False

    def get_status_display(self) -> str:
        return self.status.capitalize()


@dataclass
class Other:
    status: str = "packed"


@dataclass
class Person:
    perms: set[str] = field(default_factory=set)

    def has_perm(self, name: str, subject: object) -> bool:
        return name in self.perms


def not_fragile(parcel: Parcel) -> str | None:
    return "This parcel is fragile" if parcel.fragile else None


SEND = Move(
    "send_parcel",
    "Send the parcel",
    Parcel,
    states("packed"),
    "sent",
    Permission("post.send", "Only the post room can send parcels"),
    (not_fragile,),
)
OPEN = Move(
    "open_parcel",
    "Open the parcel",
    Parcel,
    states("packed", "sent"),
    "opened",
    Permission("post.open", "No"),
)
RETURN = Move(
    "return_parcel",
    "Return the parcel",
    Parcel,
    states("sent"),
    "packed",
    Permission("post.send", "No"),
)
SENDER = Person({"post.send", "post.open"})


@pytest.fixture(autouse=True)
def parcels(monkeypatch):
    """A workflow of parcels, declared into an empty registry for each test."""
    monkeypatch.setattr(moves, "WORKFLOWS", {})
    monkeypatch.setattr(moves, "MOVES", {})
    declare(Workflow(Parcel, (SEND, OPEN, RETURN)))


def test_a_move_is_open_only_from_its_states():
    """Sending is offered while packed, and refused once sent, naming the state."""
    assert moves.refusal(SEND, SENDER, Parcel("packed")) is None
    with pytest.raises(Refusal, match="Send the parcel is not possible while it is sent"):
        check("send_parcel", SENDER, Parcel("sent"))


def test_a_move_is_open_only_to_whom_its_rule_allows():
    """Someone without the permission is refused with the rule's sentence."""
    with pytest.raises(Refusal, match="Only the post room can send parcels"):
        check("send_parcel", Person({"post.open"}), Parcel("packed"))


def test_a_guard_closes_a_move():
    """A guard's sentence refuses the move, and the move is not offered."""
    fragile = Parcel("packed", fragile=True)
    with pytest.raises(Refusal, match="This parcel is fragile"):
        check("send_parcel", SENDER, fragile)
    assert SEND not in moves_open_to(SENDER, fragile)


def test_the_state_is_checked_before_the_rule_and_the_rule_before_the_guards():
    """The first reason that applies is the one given."""
    nobody = Person()
    assert "not possible while" in str(moves.refusal(SEND, nobody, Parcel("sent", fragile=True)))
    assert moves.refusal(SEND, nobody, Parcel("packed", fragile=True)) == (
        "Only the post room can send parcels"
    )


def test_moves_are_offered_in_declared_order():
    """The open moves come in the order the workflow declares them."""
    assert moves_open_to(SENDER, Parcel("packed")) == [SEND, OPEN]
    assert moves_open_to(SENDER, Parcel("sent")) == [OPEN, RETURN]
    assert moves_open_to(SENDER, Parcel("opened")) == []


def test_check_returns_the_move_when_it_is_open():
    """An open move comes back, so the service can read its target."""
    assert check("send_parcel", SENDER, Parcel("packed")).target == "sent"


def test_an_unknown_move_is_a_mistake_not_a_refusal():
    """A name nobody declared is a LookupError, never shown to a person as a refusal."""
    with pytest.raises(LookupError, match="No move is declared called post_parcel"):
        check("post_parcel", SENDER, Parcel("packed"))


def test_a_move_on_the_wrong_kind_of_subject_is_refused():
    """Sending something that is not a parcel says what the move applies to."""
    with pytest.raises(Refusal, match="Send the parcel applies to a parcel"):
        check("send_parcel", SENDER, Other())


def test_a_workflow_may_word_its_own_refusals_and_problem(monkeypatch):
    """A workflow's own not-now sentence and API problem type are what check raises."""
    monkeypatch.setattr(moves, "WORKFLOWS", {})
    monkeypatch.setattr(moves, "MOVES", {})
    declare(
        Workflow(
            Parcel,
            (SEND,),
            not_now=lambda move, parcel: f"It is {parcel.status}, so you cannot send it",
            problem="not-allowed-now",
        )
    )
    with pytest.raises(Refusal, match="It is sent, so you cannot send it") as refused:
        check("send_parcel", SENDER, Parcel("sent"))
    assert refused.value.problem == "not-allowed-now"


def test_two_moves_cannot_share_a_name():
    """A second move called the same is refused at declaration, as the name finds the code."""
    twin = Move("send_parcel", "Send", Other, states("packed"), None, Permission("x", "No"))
    with pytest.raises(ValueError, match="Two moves are called send_parcel"):
        declare(Workflow(Other, (twin,)))


def test_state_and_label_are_read_through_the_workflow():
    """Without its own readers a workflow reads `status` and its display, in lower case."""
    assert moves.state_of(Parcel("sent")) == "sent"
    assert moves.state_label(Parcel("sent")) == "sent"


def test_check_open_asks_only_the_subject():
    """A service whose doors check who asks only about the state and the guards."""
    assert check_open("send_parcel", Parcel("packed")) is SEND
    with pytest.raises(Refusal, match="This parcel is fragile"):
        check_open("send_parcel", Parcel("packed", fragile=True))
