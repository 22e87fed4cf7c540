"""What text Conduct accepts, for every door: the API, the forms, imports and email.

Control characters (NUL and the rest of C0, and DEL; tab, line feed and carriage
return aside) are refused wherever people or systems type text in: PostgreSQL cannot
store NUL at all, and the others hide text on screens and in letters. Email is the
exception: a message is not ours to refuse, so its stored text has them replaced and
the raw message is kept as it came.

The limits are generous for a council's case notes and narrow enough that no field
takes a megabyte.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

# Tab (\x09), line feed (\x0a) and carriage return (\x0d) are text; the rest of C0 and DEL are not.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REPLACEMENT = "\ufffd"

LONG_TEXT_LIMIT = 20_000  # a narrative or a decision's reasoning: about eight pages
NOTE_LIMIT = 5_000  # a note, a reason, a handling instruction
LINE_LIMIT = 300  # one line: a name, a subject, an address line
DOCUMENT_LIMIT = 200_000  # a whole file edited in the browser: a policy pack, a letter template

CONTROL_MESSAGE = "must not include control characters such as NUL (tabs and new lines are fine)"


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def without_control_characters(text: str) -> str:
    """The text with each control character replaced by U+FFFD, so a reader sees where."""
    return CONTROL_CHARACTERS.sub(REPLACEMENT, text)


class ControlCharactersValidator:
    """A Django validator: text with control characters is not accepted."""

    def __init__(self, noun: str = "Text") -> None:
        self.message = f"{noun} {CONTROL_MESSAGE}"

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code="control_characters")


def at_most(limit: int, *fields: str) -> list[models.BaseConstraint]:
    """Check constraints holding each text field to `limit` characters, on both databases."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(name), limit),
            name=f"%(app_label)s_%(class)s_{name}_length",
        )
        for name in fields
    ]
