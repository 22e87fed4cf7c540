"""The customers API: same services and permissions as the pages, scopes on top, problems for errors."""

import json
from datetime import date

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.customers import services
from conduct.customers.models import Customer
from conduct.customers.tests.factories import customer

pytestmark = pytest.mark.django_db

BASE = "/api/v1/customers"
R = Role
DEALS_WITH_CUSTOMERS = {
    R.FRONTLINE_OFFICER,
    R.LINE_MANAGER,
    R.CASE_OFFICER,
    R.COMPLAINTS_AND_CUSTOMER_SERVICES,
    R.HEALTH_AND_SAFETY_OFFICER,
}


def token_for(make_staff, role=Role.CASE_OFFICER, *scopes):
    _, secret = issue_token(make_staff(role), *(scopes or ("customers:read", "customers:write")))
    return bearer(secret)


def post(client, url, body, auth, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **auth, **headers)


def patch(client, url, body, auth):
    return client.patch(url, json.dumps(body), content_type="application/json", **auth)


NEW = {
    "given_names": "Sam",
    "family_name": "Jones",
    "date_of_birth": "1980-03-27",
    "address": {"line_1": "1 High Street", "postcode": "ln11aa"},
    "phone": "07700 900123",
    "email": "Sam@Example.com",
}


def endpoints(reference):
    """Every customers endpoint: method, path, body, scope needed, roles allowed, success status."""
    everyone = set(Role)
    item = f"{BASE}/{reference}"
    rep = {
        "name": "Jo",
        "kind": "friend",
        "lawful_basis": "consent",
        "given_on": "2025-01-01",
        "review_on": "2027-01-01",
    }
    adj = {"kind": "large-print", "agreed_on": "2025-01-01", "review_on": "2027-01-01"}
    return [
        ("get", BASE, None, "customers:read", everyone, 200),
        ("post", BASE, NEW, "customers:write", DEALS_WITH_CUSTOMERS, 201),
        ("get", item, None, "customers:read", everyone, 200),
        ("patch", item, {"preferred_name": "Sammy"}, "customers:write", DEALS_WITH_CUSTOMERS, 200),
        (
            "post",
            f"{item}/addresses",
            {"line_1": "2 Road", "postcode": "LN2 2BB"},
            "customers:write",
            DEALS_WITH_CUSTOMERS,
            201,
        ),
        (
            "post",
            f"{item}/phone-numbers",
            {"number": "01632 960001"},
            "customers:write",
            DEALS_WITH_CUSTOMERS,
            201,
        ),
        (
            "post",
            f"{item}/email-addresses",
            {"email": "a@example.com"},
            "customers:write",
            DEALS_WITH_CUSTOMERS,
            201,
        ),
        ("post", f"{item}/adjustments", adj, "customers:write", DEALS_WITH_CUSTOMERS, 201),
        ("post", f"{item}/representatives", rep, "customers:write", DEALS_WITH_CUSTOMERS, 201),
    ]


def call(client, method, url, body, auth):
    if method == "get":
        return client.get(url, **auth)
    if method == "patch":
        return patch(client, url, body, auth)
    return post(client, url, body, auth)


ENDPOINT_IDS = [
    "list",
    "create",
    "read",
    "update",
    "address",
    "phone",
    "email",
    "adjustment",
    "representative",
]


@pytest.mark.parametrize("index", range(9), ids=ENDPOINT_IDS)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_endpoint_against_each_role(client, make_staff, role, index):
    """With the right scope, the acting role decides: its permission gives success, else a 403 problem."""
    method, url, body, _, allowed, status = endpoints(customer().reference)[index]
    response = call(client, method, url, body, token_for(make_staff, role))
    expected = status if role in allowed else 403
    assert response.status_code == expected, response.content
    if expected == 403:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"] == "urn:conduct:problem:permission-denied"


@pytest.mark.parametrize("index", range(9), ids=ENDPOINT_IDS)
def test_each_endpoint_needs_its_scope_and_a_token(client, make_staff, index):
    """A token without the scope gets a 403 missing-scope problem; no token gets a 401 problem."""
    method, url, body, scope, _, _ = endpoints(customer().reference)[index]
    other = "customers:write" if scope == "customers:read" else "customers:read"
    response = call(client, method, url, body, token_for(make_staff, Role.CASE_OFFICER, other))
    assert response.status_code == 403
    assert response.json()["type"] == "urn:conduct:problem:missing-scope"
    assert call(client, method, url, body, {}).status_code == 401


def test_create_normalises_and_returns_the_customer(client, make_staff):
    """The created customer comes back with its reference and contact points in normal form."""
    response = post(client, BASE, NEW, token_for(make_staff))
    assert response.status_code == 201
    data = response.json()
    assert data["reference"].startswith("C-")
    assert data["addresses"][0]["postcode"] == "LN1 1AA"
    assert data["phone_numbers"][0]["number"] == "+447700900123"
    assert data["email_addresses"][0]["email"] == "sam@example.com"
    assert data["likely_duplicates"] == []


def test_create_is_idempotent(client, make_staff):
    """The same Idempotency-Key and body gives the same customer once; a different body is refused."""
    auth = token_for(make_staff)
    first = post(client, BASE, NEW, auth, HTTP_IDEMPOTENCY_KEY="abc-123")
    again = post(client, BASE, NEW, auth, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    assert Customer.objects.count() == 1
    other = post(
        client, BASE, {**NEW, "given_names": "Other"}, auth, HTTP_IDEMPOTENCY_KEY="abc-123"
    )
    assert other.status_code == 422
    assert other.json()["type"] == "urn:conduct:problem:idempotency-key-reused"
    assert Customer.objects.count() == 1


def test_likely_duplicates_are_listed_or_block_when_asked(client, make_staff):
    """By default duplicates are listed with the new customer; with if_no_duplicates nothing is added."""
    existing = customer(given_names="Samuel", family_name="Jones", date_of_birth=date(1980, 3, 27))
    auth = token_for(make_staff)
    blocked = post(client, BASE, {**NEW, "if_no_duplicates": True}, auth)
    assert blocked.status_code == 409
    assert blocked["Content-Type"] == "application/problem+json"
    assert blocked.json()["likely_duplicates"][0]["reference"] == existing.reference
    assert Customer.objects.count() == 1
    created = post(client, BASE, NEW, auth)
    assert created.status_code == 201
    assert created.json()["likely_duplicates"][0]["reasons"] == [
        "Same family name and date of birth"
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"given_names": "", "family_name": ""}, "family_name"),
        ({"family_name": "X", "address": {"line_1": "1 Road", "postcode": "NOPE"}}, "postcode"),
        ({"family_name": "X", "phone": "12"}, "number"),
        ({"family_name": "X", "email": "bad"}, "email"),
        ({"family_name": "X", "no_fixed_abode": True}, "collection_point"),
        ({"family_name": "X", "date_of_birth": "2999-01-01"}, "date_of_birth"),
    ],
)
def test_create_refuses_bad_data_as_a_problem(client, make_staff, body, field):
    """Each rule the pages apply gives a 422 problem naming the field, with the page's words."""
    response = post(client, BASE, body, token_for(make_staff))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:conduct:problem:invalid-customer-data"
    assert problem["errors"][0]["field"] == field
    assert problem["errors"][0]["detail"] in problem["detail"]
    assert not Customer.objects.exists()


def test_schema_errors_are_422_problems(client, make_staff):
    """A date that is not a date is refused by the schema, as a problem."""
    response = post(
        client, BASE, {"family_name": "X", "date_of_birth": "yesterday"}, token_for(make_staff)
    )
    assert response.status_code == 422
    assert response.json()["type"] == "urn:conduct:problem:validation-error"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=featherstone", True),
        ("q=nobody", False),
        ("postcode=ln2%201lu", True),
        ("postcode=LN9%209ZZ", False),
        ("date_of_birth=1975-04-09", True),
        ("phone=%2B447700900321", True),
        ("phone=07700%20900321", True),
        ("email=JO%40EXAMPLE.COM", True),
        ("q=jo&postcode=LN2%201LU&date_of_birth=1975-04-09", True),
        ("q=jo&date_of_birth=1975-04-10", False),
    ],
)
def test_list_filters(client, make_staff, query, found):
    """Each filter finds by its identifier in any format, and filters combine."""
    jo = customer(
        given_names="Jo",
        family_name="Featherstone",
        date_of_birth=date(1975, 4, 9),
        address_line_1="12 Steep Hill",
        postcode="LN2 1LU",
        phone="07700 900321",
        email="jo@example.com",
    )
    customer(given_names="Someone", family_name="Else")
    response = client.get(f"{BASE}?{query}", **token_for(make_staff))
    assert response.status_code == 200
    references = [item["reference"] for item in response.json()["items"]]
    assert references == ([jo.reference] if found else [])


def test_list_pages(client, make_staff):
    """Pages are offset-based, with next_offset on all but the last."""
    for _ in range(3):
        customer()
    auth = token_for(make_staff)
    first = client.get(f"{BASE}?limit=2", **auth).json()
    assert (len(first["items"]), first["count"], first["next_offset"]) == (2, 3, 2)
    last = client.get(f"{BASE}?limit=2&offset=2", **auth).json()
    assert (len(last["items"]), last["next_offset"]) == (1, None)


def test_bad_filter_values_are_problems(client, make_staff):
    """An unreadable postcode filter is a 422 problem, not an empty list."""
    response = client.get(f"{BASE}?postcode=nonsense", **token_for(make_staff))
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("role", "safeguarding", "equality"),
    [
        (Role.FRONTLINE_OFFICER, False, False),
        (Role.LINE_MANAGER, True, False),
        (Role.CASE_OFFICER, True, True),
        (Role.AUDITOR, False, True),
    ],
)
def test_read_shows_sensitive_fields_only_with_permission(
    client, make_staff, role, safeguarding, equality
):
    """Safeguarding notes and equality answers are null without their permissions; reads of them are audited."""
    found = customer()
    services.add_safeguarding_note(found, note="Concern for safety", by=None)
    services.record_equality_monitoring(found, given_on=date(2025, 1, 1), sex="Female", by=None)
    response = client.get(f"{BASE}/{found.reference}", **token_for(make_staff, role))
    data = response.json()
    assert (data["safeguarding_notes"] is not None) == safeguarding
    assert (data["equality_monitoring"] is not None) == equality
    audited = AuditEvent.objects.filter(verb="customers.customer_read_by_api").exists()
    assert audited == (safeguarding or equality)


def test_read_unknown_is_a_404_problem(client, make_staff):
    """An unknown reference is a 404 problem."""
    response = client.get(f"{BASE}/C-999999", **token_for(make_staff))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_update_changes_only_what_is_sent(client, make_staff):
    """PATCH changes the fields sent, checks the rules and audits the change."""
    found = customer(given_names="Sam", family_name="Jones")
    auth = token_for(make_staff)
    response = patch(client, f"{BASE}/{found.reference}", {"given_names": "Samuel"}, auth)
    assert response.status_code == 200
    assert (response.json()["given_names"], response.json()["family_name"]) == ("Samuel", "Jones")
    refused = patch(client, f"{BASE}/{found.reference}", {"no_fixed_abode": True}, auth)
    assert refused.status_code == 422
    assert [error["field"] for error in refused.json()["errors"]] == ["collection_point"]
    fine = patch(
        client,
        f"{BASE}/{found.reference}",
        {"no_fixed_abode": True, "collection_point": "Guildhall"},
        auth,
    )
    assert fine.json()["collection_point"] == "Guildhall"


def test_merged_records_cannot_be_changed(client, make_staff):
    """Changes go to the record kept; the merged one says where it went."""
    keep, duplicate = customer(), customer()
    services.merge_customers(keep, duplicate, reason="Same", by=None)
    auth = token_for(make_staff)
    assert (
        client.get(f"{BASE}/{duplicate.reference}", **auth).json()["merged_into"] == keep.reference
    )
    response = post(
        client, f"{BASE}/{duplicate.reference}/phone-numbers", {"number": "01632 960001"}, auth
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("addresses", {"line_1": "1 Road", "postcode": "NOPE"}),
        ("phone-numbers", {"number": "0770"}),
        ("email-addresses", {"email": "nope"}),
        (
            "adjustments",
            {"kind": "large-print", "agreed_on": "2025-02-01", "review_on": "2025-01-01"},
        ),
        (
            "representatives",
            {
                "name": "Jo",
                "kind": "pal",
                "lawful_basis": "consent",
                "given_on": "2025-01-01",
                "review_on": "2026-01-01",
            },
        ),
    ],
)
def test_linked_items_refuse_bad_data(client, make_staff, path, body):
    """Each linked item applies the same rules as its page."""
    response = post(client, f"{BASE}/{customer().reference}/{path}", body, token_for(make_staff))
    assert response.status_code == 422


def test_linked_item_create_is_idempotent(client, make_staff):
    """A retried add with the same key adds one phone number."""
    found = customer()
    auth = token_for(make_staff)
    for _ in range(2):
        response = post(
            client,
            f"{BASE}/{found.reference}/phone-numbers",
            {"number": "01632 960001"},
            auth,
            HTTP_IDEMPOTENCY_KEY="k1",
        )
        assert response.status_code == 201
    assert found.phone_numbers.count() == 1


def test_openapi_documents_the_duplicate_rule(client):
    """Integrators can read how duplicates are handled in the OpenAPI description."""
    schema = client.get("/api/v1/openapi.json").json()
    assert "if_no_duplicates" in json.dumps(schema)
    assert "/api/v1/customers/{reference}/representatives" in schema["paths"]
