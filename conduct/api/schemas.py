"""The base of every schema the API reads: request bodies and query parameters.

`Input` refuses, with a 422 naming the field, what would otherwise be lost or
break the database further in:

- a field the operation does not know (a mistyped field silently dropped is data lost);
- a body that is not a JSON object, such as `[null, null]`;
- text with control characters (conduct.core.text), anywhere in the body, nested or not;
- text longer than LONG_TEXT_LIMIT unless the field sets its own, smaller, maximum;
- a whole number bigger than an id column holds (it would overflow SQLite's integers).
"""

from typing import Annotated, Any

from ninja import Path, Schema
from pydantic import ConfigDict, field_validator, model_validator

from conduct.core.text import CONTROL_MESSAGE, LONG_TEXT_LIMIT, has_control_characters

MAX_OFFSET = 1_000_000  # further than any list goes; bigger numbers overflow the databases
MAX_ID = 2**31 - 1  # the largest id an integer column holds on both databases
# A record's id in an address: bigger numbers would overflow SQLite before finding nothing.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_max_length=LONG_TEXT_LIMIT, from_attributes=True)

    @model_validator(mode="before")
    @classmethod
    def an_object(cls, data: Any) -> Any:
        # Ninja's own validator runs this twice: on the data, then on it wrapped in a DjangoGetter.
        if not isinstance(getattr(data, "_obj", data), dict):
            raise ValueError("Send a JSON object, with the fields as its members")
        return data

    @field_validator("*", mode="after")
    @classmethod
    def storable(cls, value: Any) -> Any:
        found = leaves(value)
        if any(isinstance(leaf, str) and has_control_characters(leaf) for leaf in found):
            raise ValueError(f"Text {CONTROL_MESSAGE}")
        if any(isinstance(leaf, int) and abs(leaf) > MAX_ID for leaf in found):
            raise ValueError(f"Numbers must be between -{MAX_ID:,} and {MAX_ID:,}")
        return value


def leaves(value: Any) -> list[Any]:
    """Every plain value in a value: itself, or what its lists and dictionaries (keys too) hold."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in [*leaves(key), *leaves(item)]]
    if isinstance(value, list | tuple | set | frozenset):
        return [leaf for item in value for leaf in leaves(item)]
    return [value]
