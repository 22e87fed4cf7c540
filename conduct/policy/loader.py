"""Read a policy pack file and say, in plain English, everything wrong with it.

The people who edit packs are policy officers as often as developers, so each
problem names the file, the key (as a dotted path, list entries by their id)
and what to change, rather than passing on a parser's or pydantic's wording.
"""

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from conduct.policy import schema
from conduct.policy.errors import PolicyPackError, Problem
from conduct.policy.references import cross_reference_problems
from conduct.policy.schema import PolicyPackFile

__all__ = ["PolicyPackError", "parse_pack", "read_pack", "read_text"]

PATTERN_HINTS = {
    schema.SLUG_PATTERN: 'must be lower-case words joined by hyphens, like "named-officer"',
    schema.PARAMETER_NAME_PATTERN: 'must be lower-case words joined by underscores, like "officer"',
    schema.MARKER_CODE_PATTERN: 'must be 2 to 10 capital letters or digits, like "VA"',
    schema.VERSION_PATTERN: 'must be a version number in quotes, like "1" or "2.1"',
}
SYNTAX_POSITION = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")
TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*(?:\]|$)")
KEY_ASSIGNMENT = re.compile(r"^\s*([A-Za-z0-9_.\-\"' ]+?)\s*=")


def read_pack(path: Path | str) -> PolicyPackFile:
    """The validated pack in the file at `path`; PolicyPackError if it cannot be used."""
    return parse_pack(read_text(path), file=str(path))


def read_text(path: Path | str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyPackError(str(path), [Problem("", "There is no such file.")]) from None
    except UnicodeDecodeError:
        problem = Problem("", "The file is not UTF-8 text. Save it as UTF-8 and try again.")
        raise PolicyPackError(str(path), [problem]) from None
    except OSError as error:
        problem = Problem("", f"The file cannot be read: {error.strerror}.")
        raise PolicyPackError(str(path), [problem]) from None


def parse_pack(text: str, *, file: str) -> PolicyPackFile:
    """Validate a pack's text: TOML syntax, then the schema, then cross-references."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyPackError(file, [syntax_problem(text, error)]) from None
    try:
        pack = PolicyPackFile.model_validate(data)
    except ValidationError as error:
        problems = [schema_problem(detail, data) for detail in error.errors()]
        raise PolicyPackError(file, problems) from None
    problems = cross_reference_problems(pack)
    if problems:
        raise PolicyPackError(file, problems)
    return pack


def syntax_problem(text: str, error: tomllib.TOMLDecodeError) -> Problem:
    """The parser gives only a line number; find the key that line sets, for the message."""
    message = str(error)
    position = SYNTAX_POSITION.search(message)
    reason = SYNTAX_POSITION.sub("", message).rstrip(".")
    reason = reason[:1].lower() + reason[1:]
    lines = text.splitlines()
    line_number = int(position.group(1)) if position and position.group(1) else len(lines)
    line = lines[line_number - 1].strip() if 0 < line_number <= len(lines) else ""
    shown = f": {line}" if line else ""
    return Problem(
        key_on_line(lines, line_number),
        f"on line {line_number} is not valid TOML ({reason}){shown}",
    )


def key_on_line(lines: list[str], line_number: int) -> str:
    """The dotted key a line sets: the table it sits in, then the key before its `=`."""
    table = ""
    for line in lines[: line_number - 1]:
        header = TABLE_HEADER.match(line)
        if header:
            table = header.group(1)
    line = lines[line_number - 1] if 0 < line_number <= len(lines) else ""
    header = TABLE_HEADER.match(line)
    if header:
        return header.group(1)
    assignment = KEY_ASSIGNMENT.match(line)
    if assignment:
        key = assignment.group(1).strip()
        return f"{table}.{key}" if table else key
    return table or "(top of the file)"


def schema_problem(detail: ErrorDetails, data: dict[str, Any]) -> Problem:
    location = detail["loc"]
    if detail["type"] == "missing" and len(location) == 1:
        return Problem(str(location[0]), f"is missing: add a [{location[0]}] section")
    return Problem(key_path(location, data), plain_english(detail))


def key_path(location: tuple[int | str, ...], data: Any) -> str:
    """`("ladder", "steps", 1, "roles")` as `ladder.steps[line-manager].roles`."""
    path, node = "", data
    for part in location:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            label = (node.get("id") or node.get("name")) if isinstance(node, dict) else None
            path += f"[{label}]" if isinstance(label, str) else f"[item {part + 1}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            path += f".{part}" if path else part
    return path


def plain_english(detail: ErrorDetails) -> str:
    """Pydantic's error as a predicate about the key: "must be a whole number, not "three"."""
    kind, context, given = detail["type"], detail.get("ctx") or {}, detail["input"]
    found = f", not {shown(given)}"
    messages = {
        "missing": "is missing",
        "extra_forbidden": "is not a setting a policy pack can have: check the spelling",
        "int_type": f"must be a whole number{found}",
        "string_type": f"must be text in quotes{found}",
        "bool_type": f"must be true or false{found}",
        "list_type": f'must be a list, like ["a", "b"]{found}',
        "model_type": f"must be a table of settings{found}",
        "model_attributes_type": f"must be a table of settings{found}",
        "date_type": f"must be a date, like 2024-07-18{found}",
        "literal_error": f"must be one of {expected(context)}{found}",
        "enum": f"must be one of {expected(context)}{found}",
        "string_pattern_mismatch": f"{pattern_hint(context.get('pattern', ''))}{found}",
        "string_too_short": "must not be empty",
        "string_too_long": f"must be at most {context.get('max_length')} characters long",
        "too_short": at_least(context.get("min_length", 1)),
        "greater_than_equal": f"must be {context.get('ge')} or more{found}",
        "less_than_equal": f"must be {context.get('le')} or less{found}",
        "value_error": str(context.get("error", detail["msg"])),
    }
    message = messages.get(kind) or detail["msg"][:1].lower() + detail["msg"][1:]
    return message or f"is not right{found}"


def expected(context: dict[str, Any]) -> str:
    """Pydantic quotes the choices with ' and TOML with ", so show them as TOML does."""
    return str(context.get("expected", "")).replace("'", '"')


def pattern_hint(pattern: str) -> str:
    return PATTERN_HINTS.get(pattern, "is not written the way this setting needs")


def at_least(count: int) -> str:
    return "must not be empty" if count == 1 else f"must have at least {count} entries"


def shown(value: Any) -> str:
    """A value as it would be written in the TOML file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)
