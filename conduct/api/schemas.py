"""The base of every schema the API reads: request bodies and query parameters.

`Input` refuses, with a 422 naming the field, what would otherwise be lost or
break the database further in:

- a field the operation does not know (a mistyped field silently dropped is data lost);
- a body that is not a JSON object, such as `[null, null]`;
- text with control characters (conduct.core.text), anywhere in the body, nested or not;
- text longer than LONG_TEXT_LIMIT unless the field sets its own, smaller, maximum.
"""

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, field_validator, model_validator

from conduct.core.text import CONTROL_MESSAGE, LONG_TEXT_LIMIT, has_control_characters

MAX_OFFSET = 1_000_000  # further than any list goes; bigger numbers overflow the databases
MAX_ID = 2**31 - 1  # the largest id an integer column holds on both databases


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
    def no_control_characters(cls, value: Any) -> Any:
        if any(has_control_characters(text) for text in strings_in(value)):
            raise ValueError(f"Text {CONTROL_MESSAGE}")
        return value


def strings_in(value: Any) -> list[str]:
    """Every string in a value, in lists and in dictionaries' keys and values."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in [*strings_in(key), *strings_in(item)]]
    if isinstance(value, list | tuple | set | frozenset):
        return [s for item in value for s in strings_in(item)]
    return []
