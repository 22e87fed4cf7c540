"""The customer pages render, pass the page checks, keep every answer and call the services."""

from datetime import date

import pytest
from django.urls import reverse
from markupsafe import escape

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.customers import services
from conduct.customers.models import Customer
from conduct.customers.tests.factories import (
    case,
    council_service,
    customer,
    dated,
    incident,
    informal_warning,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_staff, sign_in):
    return sign_in(make_staff(Role.FRONTLINE_OFFICER))


def body(response):
    return response.content.decode()


def test_find_shows_matches_and_a_link_to_add(client, officer):
    """Searching lists matching customers in a table with a link to each."""
    found = customer(given_names="Priya", family_name="Venkataraman")
    response = client.get(reverse("customers:find"), {"q": "venkat"})
    assert response.status_code == 200
    assert found.reference in body(response)
    assert reverse("customers:detail", args=[found.reference]) in body(response)
    assert "Add a new customer" in body(response)


def test_find_says_when_nobody_matches(client, officer):
    """No match gives a heading and advice, not an empty table."""
    response = client.get(reverse("customers:find"), {"q": "nobody"})
    assert "No customers found" in body(response)


def test_find_with_a_blank_query_asks_for_one(client, officer):
    """An empty search is an error, shown in the GOV.UK error summary."""
    response = client.get(reverse("customers:find"), {"q": " "})
    assert "Enter something to search for" in body(response)


NEW = {
    "given_names": "Sam",
    "family_name": "Jones",
    **dated("date_of_birth", "27/3/1980"),
    "address_line_1": "1 High Street",
    "town": "Lincoln",
    "postcode": "ln11aa",
    "phone": "07700 900123",
    "email": "sam@example.com",
}


def test_add_a_customer_with_no_duplicates(client, officer):
    """A new customer is added and the officer lands on their page."""
    response = client.post(reverse("customers:add"), NEW)
    added = Customer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("customers:detail", args=[added.reference])
    assert added.addresses.get().postcode == "LN1 1AA"
    assert added.created_by == officer


def test_likely_duplicates_are_offered_first_and_every_answer_kept(client, officer):
    """A possible match is shown with its reasons, a link to use it, and the answers still filled in."""
    existing = customer(given_names="Samuel", family_name="Jones", date_of_birth=date(1980, 3, 27))
    response = client.post(reverse("customers:add"), NEW)
    page = body(response)
    assert response.status_code == 200
    assert "Check if this customer is already on Conduct" in page
    assert "Same family name and date of birth" in page
    assert reverse("customers:detail", args=[existing.reference]) in page
    assert "None of these, add a new customer" in page
    for value in NEW.values():
        assert f'value="{value}"' in page, value
    assert Customer.objects.count() == 1
    response = client.post(reverse("customers:add"), {**NEW, "confirm_new": "yes"})
    assert response.status_code == 302
    assert Customer.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_names": "", "family_name": ""}, "Enter the customer’s name"),
        ({"postcode": "LN1"}, "Enter a real postcode, like SW1A 1AA"),
        ({"phone": "12"}, "Enter a phone number"),
        ({"email": "nope"}, "Enter a valid email address"),
        (dated("date_of_birth", "31/02/1980"), "Date of birth must be a real date"),
        (dated("date_of_birth", "27//1980"), "Date of birth must include a month"),
        (dated("date_of_birth", "27/3/80"), "Year must include 4 numbers"),
        (dated("date_of_birth", "1/1/2999"), "Date of birth must be today or in the past"),
        ({"uprn": "ABC"}, "Enter a UPRN of up to 12 digits"),
        ({"no_fixed_abode": "on", "collection_point": ""}, "Enter where letters can be collected"),
        ({"address_line_1": ""}, "Enter the first line of the address"),
    ],
)
def test_add_customer_validation_keeps_every_answer(client, officer, changes, message):
    """Each rule shows in the error summary and the other answers stay filled in."""
    response = client.post(reverse("customers:add"), {**NEW, **changes})
    page = body(response)
    assert response.status_code == 200
    assert str(escape(message)) in page
    assert "There is a problem" in page
    assert 'value="1 High Street"' in page or changes.get("address_line_1") == ""
    assert not Customer.objects.exists()


@pytest.fixture
def full_customer(make_staff):
    manager = make_staff(Role.LINE_MANAGER)
    found = customer(
        given_names="Gareth",
        family_name="Pryce",
        no_fixed_abode=True,
        collection_point="Customer services reception, Guildhall",
        phone="07700 900108",
    )
    services.add_adjustment(
        found, kind="large-print", agreed_on=date(2025, 1, 1), review_on=date(2030, 1, 1), by=None
    )
    services.add_representative(
        found,
        name="Sam Patel",
        kind="advocate",
        lawful_basis="consent",
        given_on=date(2025, 1, 1),
        review_on=date(2030, 1, 1),
        by=None,
    )
    services.record_service_received(found, service=council_service(), by=None)
    services.add_safeguarding_note(found, note="Spoke of ending his life", by=None)
    services.record_equality_monitoring(
        found, given_on=date(2025, 1, 1), ethnicity="White British", by=None
    )
    logged = incident(found, by=manager)
    informal_warning(logged, manager)
    case(found, logged)
    return found


def test_the_customer_page_for_a_frontline_officer(client, officer, full_customer):
    """Identity bar with badges, cards and timeline; no safeguarding or equality detail, so no read audited."""
    response = client.get(reverse("customers:detail", args=[full_customer.reference]))
    page = body(response)
    assert response.status_code == 200
    assert "moj-identity-bar" in page and "moj-timeline" in page
    assert "Large print" in page and "No fixed abode" in page
    assert "Customer services reception, Guildhall" in page
    assert f"/incidents/log/?customer={full_customer.reference}" in page
    assert "Sam Patel" in page and "Housing options and homelessness" in page
    assert "Safeguarding concern" not in page and "Spoke of ending" not in page
    assert "White British" not in page
    assert not AuditEvent.objects.filter(verb="customers.sensitive_detail_viewed").exists()


@pytest.mark.parametrize(
    ("role", "safeguarding", "equality"),
    [
        (Role.LINE_MANAGER, True, False),
        (Role.CASE_OFFICER, True, True),
        (Role.AUDITOR, False, True),
        (Role.COMPLAINTS_AND_CUSTOMER_SERVICES, False, False),
    ],
)
def test_sensitive_detail_only_with_its_permission_and_audited(
    client, make_staff, sign_in, full_customer, role, safeguarding, equality
):
    """Safeguarding notes and equality answers show only to their roles, and each such view is audited."""
    viewer = sign_in(make_staff(role))
    page = body(client.get(reverse("customers:detail", args=[full_customer.reference])))
    assert ("Safeguarding concern" in page) == safeguarding
    assert ("Spoke of ending his life" in page) == safeguarding
    assert ("White British" in page) == equality
    read = AuditEvent.objects.filter(verb="customers.sensitive_detail_viewed", actor=viewer).first()
    assert (read is not None) == (safeguarding or equality)
    if read:
        assert ("safeguarding notes" in read.payload["shown"]) == safeguarding
        assert ("equality monitoring" in read.payload["shown"]) == equality


def test_a_merged_record_sends_staff_to_the_record_kept(client, officer):
    """Opening a merged record's old reference shows the record it was merged into."""
    keep, duplicate = customer(), customer()
    services.merge_customers(keep, duplicate, reason="Same person", by=None)
    response = client.get(reverse("customers:detail", args=[duplicate.reference]))
    assert response.url == reverse("customers:detail", args=[keep.reference])


def test_an_unknown_reference_is_not_found(client, officer):
    """A reference that does not exist is a 404 page."""
    assert client.get(reverse("customers:detail", args=["C-999999"])).status_code == 404


ITEM_PAGES = [
    ("change_details", {"given_names": "Samuel", "family_name": "Jones"}, "details_changed"),
    ("add_alias", {"name": "Sammy"}, "alias_added"),
    ("add_address", {"line_1": "2 Low Street", "postcode": "LN2 2BB"}, "address_added"),
    ("add_phone_number", {"number": "01632 960001"}, "phone_number_added"),
    ("add_email_address", {"email": "s@example.com"}, "email_address_added"),
    ("add_social_media_handle", {"platform": "X", "handle": "@sam"}, "social_media_handle_added"),
    (
        "add_representative",
        {
            "name": "Jo",
            "kind": "advocate",
            "lawful_basis": "consent",
            **dated("given_on", "1/1/2025"),
            **dated("review_on", "1/1/2027"),
        },
        "representative_added",
    ),
    (
        "add_adjustment",
        {
            "kind": "interpreter",
            "detail": "Polish",
            **dated("agreed_on", "1/1/2025"),
            **dated("review_on", "1/1/2027"),
        },
        "adjustment_added",
    ),
    ("add_safeguarding_note", {"note": "Worried about his safety"}, "safeguarding_note_added"),
]


@pytest.mark.parametrize(("name", "answers", "verb"), ITEM_PAGES)
def test_item_pages_render_and_save(client, officer, name, answers, verb):
    """Each page renders, then a good answer is saved through its service and audited."""
    found = customer(family_name="Jones")
    url = reverse(f"customers:{name}", args=[found.reference])
    assert client.get(url).status_code == 200
    response = client.post(url, answers)
    assert response.status_code == 302, body(response)
    assert AuditEvent.objects.filter(verb=f"customers.{verb}", target_id=str(found.pk)).exists()


@pytest.mark.parametrize(
    ("name", "answers", "message"),
    [
        ("add_alias", {"name": ""}, "Enter other name"),
        ("add_address", {"line_1": "", "postcode": "LN2 2BB"}, "Enter address line 1"),
        ("add_phone_number", {"number": "0770"}, "Enter a phone number, like"),
        ("add_email_address", {"email": "no"}, "Enter an email address in the correct format"),
        (
            "add_social_media_handle",
            {"platform": "X", "handle": "two words"},
            "Enter a handle without spaces",
        ),
        (
            "add_representative",
            {
                "name": "Jo",
                "kind": "advocate",
                "lawful_basis": "consent",
                **dated("given_on", "1/1/2026"),
                **dated("review_on", "1/1/2025"),
            },
            "The review date must be on or after the date it was given",
        ),
        ("add_representative", {"name": "Jo"}, "Select who the representative is"),
        (
            "add_adjustment",
            {
                "kind": "interpreter",
                **dated("agreed_on", "1/1/2025"),
                **dated("review_on", "1/1/2027"),
            },
            "Enter the detail, such as the language or channel",
        ),
        ("add_safeguarding_note", {"note": ""}, "Enter the safeguarding concern"),
        (
            "link_household_member",
            {"member": "C-999999"},
            "There is no customer with that reference",
        ),
        ("record_service", {}, "Select a service"),
    ],
)
def test_item_pages_show_errors_and_keep_answers(client, officer, name, answers, message):
    """Bad answers come back with a GOV.UK error summary and nothing saved."""
    found = customer()
    before = AuditEvent.objects.count()
    response = client.post(reverse(f"customers:{name}", args=[found.reference]), answers)
    assert response.status_code == 200
    assert str(escape(message)) in body(response)
    assert AuditEvent.objects.count() == before


def test_household_service_and_equality_pages(client, make_staff, sign_in):
    """Link a household member by reference, record a service, and record equality answers."""
    sign_in(make_staff(Role.CASE_OFFICER))
    found, partner = customer(), customer()
    housing = council_service()
    url = reverse("customers:link_household_member", args=[found.reference])
    assert (
        client.post(
            url, {"member": partner.reference.lower(), "relationship": "Partner"}
        ).status_code
        == 302
    )
    url = reverse("customers:record_service", args=[found.reference])
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"service": housing.pk, **dated("since", "1/4/2020")}).status_code == 302
    )
    url = reverse("customers:record_equality", args=[found.reference])
    assert client.get(url).status_code == 200
    assert (
        client.post(
            url, {**dated("given_on", "1/1/2025"), "sex": "Female", "age_band": "35 to 44"}
        ).status_code
        == 302
    )
    assert found.household_links.get().member == partner
    assert found.services_received.get().since == date(2020, 4, 1)
    assert found.equality_monitoring.sex == "Female"


def test_end_address_withdraw_consent_and_end_adjustment(client, officer):
    """Confirmation pages end an address or adjustment; consent is withdrawn with a reason."""
    found = customer(address_line_1="1 Road", postcode="LN1 1AA")
    address = found.addresses.get()
    adjustment = services.add_adjustment(
        found, kind="large-print", agreed_on=date(2025, 1, 1), review_on=date(2030, 1, 1), by=None
    )
    rep = services.add_representative(
        found,
        name="Jo",
        kind="friend",
        lawful_basis="consent",
        given_on=date(2025, 1, 1),
        review_on=date(2030, 1, 1),
        by=None,
    )
    for name, item in (("end_address", address), ("end_adjustment", adjustment)):
        url = reverse(f"customers:{name}", args=[found.reference, item.pk])
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 302
    url = reverse("customers:withdraw_consent", args=[found.reference, rep.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "The customer asked"}).status_code == 302
    for row in (address, adjustment, rep):
        row.refresh_from_db()
    assert not address.is_current and adjustment.ended_on and rep.withdrawn_on
    assert client.get(url).status_code == 404


def test_ending_an_adjustment_someone_has_just_ended_says_so(client, officer, monkeypatch):
    """Two members of staff confirm the same ending at once: the second is told it has already
    ended, on the page, rather than shown a server error."""
    found = customer()
    adjustment = services.add_adjustment(
        found, kind="large-print", agreed_on=date(2025, 1, 1), review_on=date(2030, 1, 1), by=None
    )
    url = reverse("customers:end_adjustment", args=[found.reference, adjustment.pk])
    assert client.get(url).status_code == 200
    end = services.end_adjustment

    def ended_by_someone_else_first(item, *, by):
        end(item, by=None)  # the other member of staff's confirmation lands first
        return end(item, by=by)

    monkeypatch.setattr(services, "end_adjustment", ended_by_someone_else_first)
    response = client.post(url)
    assert response.status_code == 200
    page = body(response)
    assert "govuk-error-summary" in page and "This adjustment has already ended" in page
    assert "<title>Error: End this adjustment" in page


def test_merge_in_two_steps(client, make_staff, sign_in):
    """Choose the duplicate by reference, see both side by side, give a reason, merge."""
    sign_in(make_staff(Role.CASE_OFFICER))
    keep, duplicate = customer(), customer()
    url = reverse("customers:merge", args=[keep.reference])
    assert client.get(url).status_code == 200
    assert "Enter the reference of a different customer" in body(
        client.post(url, {"duplicate": keep.reference})
    )
    response = client.post(url, {"duplicate": duplicate.reference})
    confirm = reverse("customers:merge_confirm", args=[keep.reference, duplicate.reference])
    assert response.url == confirm
    assert duplicate.full_name in body(client.get(confirm))
    assert "Enter why these are the same customer" in body(client.post(confirm, {"reason": ""}))
    assert client.post(confirm, {"reason": "Same person, two spellings"}).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep


def test_service_catalogue(client, make_staff, sign_in):
    """Administrators see the catalogue and add a service, marked mandatory or not."""
    sign_in(make_staff(Role.ADMINISTRATOR))
    council_service()
    url = reverse("customers:service_catalogue")
    assert "Housing options and homelessness" in body(client.get(url))
    assert client.post(url, {"name": "Parking", "is_mandatory": "no"}).status_code == 302
    assert "Select whether the service is mandatory" in body(client.post(url, {"name": "Leisure"}))


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("family_name", "Jo\x00nes", "Family name must not include control characters"),
        ("given_names", "Sam\x1b", "Given names must not include control characters"),
        ("family_name", "x" * 151, "Family name must be 150 characters or fewer"),
        ("town", "x" * 101, "Town or city must be 100 characters or fewer"),
        ("address_line_1", "x" * 201, "Address line 1 must be 200 characters or fewer"),
    ],
)
def test_add_refuses_control_characters_and_text_too_long_to_store(
    client, officer, field, typed, message
):
    """A NUL or an over-long name is an error on the form, never a 500 and never stored."""
    response = client.post(reverse("customers:add"), {**NEW, field: typed})
    assert response.status_code == 200
    assert message in body(response)
    assert not Customer.objects.exists()
