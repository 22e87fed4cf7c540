"""Every customers page against every role: who may open it, who gets a 403, who must sign in."""

from datetime import date

import pytest
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.customers import services
from conduct.customers.tests.factories import customer

pytestmark = pytest.mark.django_db

R = Role
EVERYONE = set(Role)
DEALS_WITH_CUSTOMERS = {
    R.FRONTLINE_OFFICER,
    R.LINE_MANAGER,
    R.CASE_OFFICER,
    R.COMPLAINTS_AND_CUSTOMER_SERVICES,
    R.HEALTH_AND_SAFETY_OFFICER,
}
MERGERS = {R.CASE_OFFICER, R.ADMINISTRATOR}
EQUALITY_RECORDERS = {R.CASE_OFFICER, R.COMPLAINTS_AND_CUSTOMER_SERVICES}

# URL name, which arguments it takes, and the roles that may open it.
PAGES = [
    ("find", "none", EVERYONE),
    ("add", "none", DEALS_WITH_CUSTOMERS),
    ("service_catalogue", "none", {R.ADMINISTRATOR}),
    ("detail", "customer", EVERYONE),
    ("change_details", "customer", DEALS_WITH_CUSTOMERS),
    ("add_alias", "customer", DEALS_WITH_CUSTOMERS),
    ("add_address", "customer", DEALS_WITH_CUSTOMERS),
    ("end_address", "address", DEALS_WITH_CUSTOMERS),
    ("add_phone_number", "customer", DEALS_WITH_CUSTOMERS),
    ("add_email_address", "customer", DEALS_WITH_CUSTOMERS),
    ("add_social_media_handle", "customer", DEALS_WITH_CUSTOMERS),
    ("link_household_member", "customer", DEALS_WITH_CUSTOMERS),
    ("add_representative", "customer", DEALS_WITH_CUSTOMERS),
    ("withdraw_consent", "representative", DEALS_WITH_CUSTOMERS),
    ("add_adjustment", "customer", DEALS_WITH_CUSTOMERS),
    ("end_adjustment", "adjustment", DEALS_WITH_CUSTOMERS),
    ("record_service", "customer", DEALS_WITH_CUSTOMERS),
    ("add_safeguarding_note", "customer", DEALS_WITH_CUSTOMERS),
    ("record_equality", "customer", EQUALITY_RECORDERS),
    ("merge", "customer", MERGERS),
    ("merge_confirm", "pair", MERGERS),
]


def address_for(url_name, kind):
    found = customer(address_line_1="1 Road", postcode="LN1 1AA")
    args: dict[str, list[object]] = {
        "none": [],
        "customer": [found.reference],
        "address": [found.reference, found.addresses.get().pk],
        "pair": [found.reference, customer().reference],
    }
    if kind == "representative":
        rep = services.add_representative(
            found,
            name="Jo",
            kind="friend",
            lawful_basis="consent",
            given_on=date(2025, 1, 1),
            review_on=date(2030, 1, 1),
            by=None,
        )
        return reverse(f"customers:{url_name}", args=[found.reference, rep.pk])
    if kind == "adjustment":
        adjustment = services.add_adjustment(
            found,
            kind="large-print",
            agreed_on=date(2025, 1, 1),
            review_on=date(2030, 1, 1),
            by=None,
        )
        return reverse(f"customers:{url_name}", args=[found.reference, adjustment.pk])
    return reverse(f"customers:{url_name}", args=args[kind])


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize(("url_name", "kind", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_against_each_role(client, make_staff, sign_in, role, url_name, kind, allowed):
    """A role with the permission gets the page; any other gets the GOV.UK 403 page."""
    url = address_for(url_name, kind)
    sign_in(make_staff(role))
    response = client.get(url)
    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize(("url_name", "kind", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_sends_people_not_signed_in_to_sign_in(client, url_name, kind, allowed):
    """Nobody reaches a customers page without signing in."""
    response = client.get(address_for(url_name, kind))
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/")


def test_staff_with_no_role_are_refused(client, make_staff, sign_in):
    """Signing in is not enough: a role is needed even to find a customer."""
    sign_in(make_staff())
    assert client.get(reverse("customers:find")).status_code == 403


def test_posting_needs_the_permission_too(client, make_staff, sign_in):
    """An auditor cannot add a customer by posting the form directly."""
    sign_in(make_staff(Role.AUDITOR))
    response = client.post(reverse("customers:add"), {"given_names": "A", "family_name": "B"})
    assert response.status_code == 403
