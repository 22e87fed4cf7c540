"""Model instances from the rows of a hand-written statement, converted as the ORM would.

For the few statements that run on every API call, where building the queryset cost
more than running it: the statement names each model's columns with `columns`, and
`instance` turns that model's slice of a row into an object, through the same
backend and field converters a queryset applies (dates on SQLite, JSON on both).
The converters are worked out once per model and database, not once a row.
"""

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


def columns(model: type[Model], alias: str, using: str = "default") -> str:
    """The model's concrete columns, qualified by the statement's alias for its table."""
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


def width(model: type[Model]) -> int:
    """How many of a row's values `columns` names for this model."""
    return len(model._meta.concrete_fields)


@cache
def reading(
    model: type[Model], using: str
) -> tuple[list[str], list[tuple[Field, list[Converter]]]]:
    """The model's attribute names in `columns` order, and each field's converters."""
    connection = connections[using]
    fields = model._meta.concrete_fields
    found = []
    for field in fields:
        column = field.get_col(model._meta.db_table)
        found.append(
            (field, connection.ops.get_db_converters(column) + column.get_db_converters(connection))
        )
    return [field.attname for field in fields], found


def instance(model: type[M], values: Sequence[Any], using: str = "default") -> M:
    """The model object for its slice of a row, in `columns` order."""
    connection = connections[using]
    names, converters = reading(model, using)
    converted = []
    for value, (field, field_converters) in zip(values, converters, strict=True):
        for convert in field_converters:
            value = convert(value, field, connection)
        converted.append(value)
    return model.from_db(using, names, converted)
