"""Schemathesis calls every operation with data drawn from the OpenAPI document: no answer
is a server error, and every answer matches what the document says of it."""

import json
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.tests.factories import live_person_marker, premises_marker
from conduct.api.api import api
from conduct.api.scopes import SCOPES
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.tests.factories import case
from conduct.wsgi import application

schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = application

CHECKS = [not_a_server_error, response_schema_conformance]


@schemathesis.serializer("message/rfc822")
def raw_email(context: Any, value: Any) -> bytes:
    """POST /contacts/emails takes the email's bytes as they are (drawn as binary)."""
    if isinstance(value, bytes):
        return value
    return str(value).encode()


# The seeded records' references, by the collection an address names; filled by `everything`.
SEEDED: dict[str, str] = dict.fromkeys(["markers", "customers", "cases", "incidents"], "")


@schema.hook
def map_path_parameters(context: Any, parameters: dict[str, Any]) -> dict[str, Any]:
    """About half the time, an address names a real record, so the endpoint's own work runs."""
    path = str(context.operation.path) if context.operation else ""
    collection = next((name for name in SEEDED if f"/{name}/{{reference}}" in path), None)
    if collection is None or "reference" not in parameters or len(str(parameters)) % 2:
        return parameters
    return {**parameters, "reference": SEEDED[collection]}


@pytest.fixture
def connection_kept():
    """As Django's test client does: the request's end must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def everything(db: None, connection_kept: None) -> dict[str, Any]:
    """A staff member holding every role, with a token of every scope, and a few real records."""
    person = staff_member(*Role)
    _, secret = issue_token(person, *SCOPES)
    opened = case(person)
    SEEDED.update(
        customers=opened.customer.reference,
        cases=opened.reference,
        incidents=opened.incidents.get().reference,
        markers=live_person_marker().reference,
    )
    premises_marker()
    return {"Authorization": bearer(secret)["HTTP_AUTHORIZATION"]}


@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_no_answers_the_document_does_not_describe(case, everything):
    """Each operation, ten examples: 0 server errors and 0 schema violations."""
    response = case.call(headers=everything)
    case.validate_response(response, checks=CHECKS)
