"""Bad input is refused with a 422 problem naming what is wrong, never a 500 (issue 16, 4–6)."""

import json
from typing import Any

import pytest

from conduct.accounts.roles import Role
from conduct.api.problems import CONTENT_TYPE
from conduct.api.scopes import SCOPES
from conduct.api.tests.factories import bearer, issue_token
from conduct.customers.models import Customer
from conduct.customers.tests.factories import customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(make_staff) -> dict[str, Any]:
    """A token of every scope, acting as a member of staff holding every role."""
    _, secret = issue_token(make_staff(*Role), *SCOPES)
    return bearer(secret)


@pytest.fixture
def reference(db) -> str:
    return customer(given_names="Sam", family_name="Jones").reference


def send(client, method: str, path: str, body: Any, auth: dict[str, Any]):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json", **auth)


def refused(response, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == CONTENT_TYPE
    return response.json()


def fields_named(body: dict[str, Any]) -> set[str]:
    return {error["field"] for error in body.get("errors") or []}


DECISION = {
    "reasons": "r",
    "disability_link": "none",
    "equality_act_reasoning": "e",
    "human_rights_reasoning": "h",
    "staff_wellbeing": "s",
    "mandatory_services_stay_open": True,
    "protected_routes_stay_open": True,
}
# Each place the issue found a NUL giving a 500: method, path, body with {bad} where it goes.
BODIES = [
    ("post", "/api/v1/customers", {"family_name": "{bad}"}, "data.family_name"),
    ("patch", "/api/v1/customers/{reference}", {"family_name": "{bad}"}, "data.family_name"),
    (
        "post",
        "/api/v1/alerts/markers",
        {"category": "threats", "handling": "{bad}", "customer": "C-1", "incidents": ["I-1"]},
        "payload.handling",
    ),
    (
        "post",
        "/api/v1/cases/CASE-1/decisions",
        {
            **DECISION,
            "reasons": "{bad}",
            "members": [],
            "outcome": "no-further-action",
            "behaviour_categories": [],
        },
        "body.reasons",
    ),
    (
        "post",
        "/api/v1/cases/CASE-1/immediate-restrictions",
        {**DECISION, "ground": "{bad}", "behaviour_categories": [], "restrictions": []},
        "body.ground",
    ),
    ("post", "/api/v1/cases/appeals/1/officer", {"officer": "{bad}"}, "payload.officer"),
    (
        "post",
        "/api/v1/cases/CASE-1/decisions",
        {
            **DECISION,
            "members": ["{bad}"],
            "outcome": "no-further-action",
            "behaviour_categories": [],
        },
        "body.members",
    ),
]
CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]


def filled(body: Any, bad: str) -> Any:
    return json.loads(json.dumps(body).replace("{bad}", json.dumps(bad)[1:-1]))


@pytest.mark.parametrize("character", CONTROL)
@pytest.mark.parametrize(("method", "path", "body", "field"), BODIES)
def test_control_characters_in_a_body_are_refused(
    client, auth, reference, method, path, body, field, character
):
    """NUL and the other control characters are a 422 naming the field, wherever they are."""
    response = send(
        client, method, path.format(reference=reference), filled(body, f"a{character}b"), auth
    )
    assert field in fields_named(refused(response))


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/customers?q=a%00b",
        "/api/v1/customers?email=a%00b@example.org",
        "/api/v1/customers?postcode=%1b",
        "/api/v1/cases?customer=C%00",
        "/api/v1/alerts/markers?customer=C%7f",
    ],
)
def test_control_characters_in_a_query_are_refused(client, auth, query):
    """A query parameter with a control character is a 422 naming the parameter."""
    body = refused(client.get(query, **auth))
    assert body["errors"][0]["in"] == "query"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/customers/C%00", "/api/v1/cases/CASE%001", "/api/v1/alerts/markers/M%1b/detail"],
)
def test_control_characters_in_the_address_are_refused(client, auth, path):
    """An address with a control character is refused before any endpoint looks it up."""
    body = refused(client.get(path, **auth))
    assert body["errors"][0]["in"] == "path"


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("patch", "/api/v1/customers/{reference}", {"family_name": None}, "data.family_name"),
        ("patch", "/api/v1/customers/{reference}", {"given_names": None}, "data.given_names"),
        ("patch", "/api/v1/customers/{reference}", {"no_fixed_abode": None}, "data.no_fixed_abode"),
        ("patch", "/api/v1/customers/{reference}", {"famly_name": "Smith"}, "data.famly_name"),
        ("post", "/api/v1/customers", {"family_name": "Smith", "nickname": "S"}, "data.nickname"),
        (
            "post",
            "/api/v1/customers",
            {"family_name": "Smith", "address": {"line_1": "1 Road", "flat": "2"}},
            "data.address.flat",
        ),
        ("post", "/api/v1/screen", {"name": "Sam Jones", "dob": "1980"}, "body.dob"),
        ("patch", "/api/v1/customers/{reference}", {"family_name": "x" * 151}, "data.family_name"),
        ("post", "/api/v1/customers", {"family_name": "x" * 1_000_000}, "data.family_name"),
        ("post", "/api/v1/incidents", {"what_happened": "x" * 1_000_000}, "payload.what_happened"),
    ],
)
def test_nulls_unknown_fields_and_long_text_are_refused(
    client, auth, reference, method, path, body, field
):
    """A null name, a field the operation does not know, or text over its limit: 422 naming it."""
    response = send(client, method, path.format(reference=reference), body, auth)
    assert field in fields_named(refused(response))
    assert Customer.objects.filter(family_name="Smith").count() == 0


@pytest.mark.parametrize("body", [[None, None], [], "Smith", 7, None])
def test_a_body_that_is_not_an_object_is_refused(client, auth, reference, body):
    """PATCH /customers/{ref} with `[null, null]` answered 200: a body must be a JSON object."""
    response = send(client, "patch", f"/api/v1/customers/{reference}", body, auth)
    refused(response)


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/customers?offset=1076581947684491100160",
        "/api/v1/cases?offset=1076581947684491100160",
        "/api/v1/cases?offset=9223372036854775808",
        "/api/v1/incidents?page=9223372036854775807",
        "/api/v1/audit-events?before=9223372036854775808",
        "/api/v1/contacts/messages/3089765938602452884371559763935232",
        "/api/v1/incidents/I-1/evidence/9223372036854775808",
    ],
)
def test_numbers_too_big_to_store_are_refused(client, auth, query):
    """An offset, page, sequence or id beyond what the databases hold is a 422, on both."""
    refused(client.get(query, **auth))


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/cases/CASE-1/appeals",
            {"decision": 2**63, "received_on": "2026-01-01", "grounds": "g"},
            "payload.decision",
        ),
        ("/api/v1/contacts/messages/3089765938602452884/sign-off", {"outcome": "nothing-new"}, ""),
        (
            "/api/v1/cases/appeals/1/decision",
            {
                "outcome": "vary",
                "reasons": "r",
                "declared_not_involved": True,
                "varied_terms": {str(2**40): {}},
            },
            "payload.varied_terms",
        ),
    ],
)
def test_ids_too_big_to_store_are_refused(client, auth, path, body, field):
    """An id in the address or the body beyond an integer column is a 422, never an overflow."""
    answer = refused(send(client, "post", path, body, auth))
    assert field in fields_named(answer) or field == ""


def test_multipart_with_no_boundary_is_a_bad_request(client, auth):
    """Evidence posted as multipart with no boundary is a 400 problem, not a 500."""
    response = client.post(
        "/api/v1/incidents/I-1/evidence",
        b"--x\r\nContent-Disposition: form-data; name=files\r\n\r\nx\r\n--x--\r\n",
        content_type="multipart/form-data",
        **auth,
    )
    refused(response, 400)


@pytest.mark.parametrize("character", CONTROL)
def test_an_idempotency_key_with_control_characters_is_refused(client, auth, character):
    """The key is stored to match retries, so it is refused like any other text."""
    response = client.post(
        "/api/v1/customers",
        json.dumps({"family_name": "Jones"}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"key{character}1",
        **auth,
    )
    assert (
        refused(response, 400)["type"] == "urn:conduct:problem:idempotency-key-control-characters"
    )
    assert not Customer.objects.filter(family_name="Jones").exists()
