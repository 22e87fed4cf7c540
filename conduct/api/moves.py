"""The moves a record offers the acting staff member, as the API answers them.

A detail answer (a case, an incident, a marker) carries `moves`: what
`conduct.core.moves.moves_open_to` returns for that person, so an integration
offers what the pages offer and what the services will allow.
"""

from typing import Any

from ninja import Field, Schema

from conduct.core.moves import moves_open_to


class MoveOut(Schema):
    name: str = Field(description="The move, named after the service that makes it")
    label: str


def moves_out(person: Any, subject: Any) -> list[dict[str, str]]:
    """The moves open to this person on this record now, in the order to offer them."""
    return [{"name": move.name, "label": move.label} for move in moves_open_to(person, subject)]
