"""The OpenAPI document tells the truth: one schema per name, every answer documented."""

import json
import typing
from collections import defaultdict

import pytest
from pydantic import BaseModel

from conduct.api.api import api
from conduct.api.problems import CONTENT_TYPE

METHODS = {"get", "post", "put", "patch", "delete"}


def models_in(annotation: typing.Any, found: set[type[BaseModel]]) -> None:
    """Every pydantic model an annotation refers to, however deeply nested."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            models_in(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        models_in(argument, found)


def routers(parents: list[typing.Any]) -> list[typing.Any]:
    """These routers and every router mounted under them."""
    return [r for parent in parents for r in [parent, *routers([c[1] for c in parent._routers])]]


def operations() -> list[typing.Any]:
    return [
        operation
        for router in routers([router for _, router in api._routers])
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]


def schemas_by_name() -> dict[str, set[type[BaseModel]]]:
    found: set[type[BaseModel]] = set()
    for operation in operations():
        for param_model in operation.models:
            models_in(param_model, found)
        for response_model in operation.response_models.values():
            models_in(response_model, found)
    by_name: dict[str, set[type[BaseModel]]] = defaultdict(set)
    for model in found:
        if model.__module__.startswith("conduct."):
            by_name[model.__name__].add(model)
    return by_name


def test_no_two_schemas_share_a_name():
    """Ninja names each component by its class, so two classes of one name hide one of them."""
    clashes = {
        name: sorted(f"{m.__module__}.{m.__qualname__}" for m in models)
        for name, models in schemas_by_name().items()
        if len(models) > 1
    }
    assert clashes == {}


def the_document() -> dict[str, typing.Any]:
    """The OpenAPI document as a client reads it, with JSON's string keys."""
    return json.loads(json.dumps(api.get_openapi_schema()))


def documented() -> list[tuple[str, str, dict]]:
    document = the_document()
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


@pytest.mark.parametrize("status", ["400", "401", "403", "404", "422", "503"])
def test_every_operation_documents_its_problem_answers(status):
    """Each operation lists the problem documents it can answer with, as problem+json."""
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in documented()
        if CONTENT_TYPE not in operation["responses"].get(status, {}).get("content", {})
    ]
    assert missing == []


def test_the_pre_visit_check_documents_the_answer_it_gives():
    """POST /pre-visit-checks answers a pre-visit check, not a planned visit."""
    document = the_document()
    answer = document["paths"]["/api/v1/pre-visit-checks"]["post"]["responses"]["200"]
    reference = answer["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert set(schema["properties"]) == {"screening", "premises_markers", "occupiers"}


def test_input_schemas_refuse_fields_they_do_not_know():
    """Every request body and query schema forbids extra fields, so a mistyped field is refused."""
    allowing = sorted(
        f"{model.__module__}.{model.__qualname__}"
        for operation in operations()
        for param_model in operation.models
        for field in param_model.model_fields.values()
        for model in [field.annotation]
        if isinstance(model, type)
        and issubclass(model, BaseModel)
        and model.model_config.get("extra") != "forbid"
    )
    assert allowing == []
