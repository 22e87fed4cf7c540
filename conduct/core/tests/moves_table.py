"""One assertion for every app's workflow: `check` refuses exactly the moves not offered."""

from collections.abc import Iterable
from typing import Any

from conduct.core.moves import Move, check, moves_open_to
from conduct.core.refusals import Refusal


def assert_check_agrees_with_offer(person: Any, subject: Any, moves: Iterable[Move]) -> None:
    """For each move, `check` passes when `moves_open_to` offers it and refuses when not."""
    offered = moves_open_to(person, subject)
    for move in moves:
        try:
            check(move.name, person, subject)
        except Refusal:
            assert move not in offered, (person, move.name)
        else:
            assert move in offered, (person, move.name)
