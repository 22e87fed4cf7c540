"""Every change to a customer record is checked, stored in normal form and audited."""

from datetime import date

import pytest

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.customers import services
from conduct.customers.models import Address, Customer, EqualityMonitoring
from conduct.customers.tests.factories import council_service, customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    """Dates in these tests are judged against 15 June 2026."""
    time_machine.move_to("2026-06-15 10:00 +0000", tick=False)


def events(verb):
    return AuditEvent.objects.filter(verb=verb)


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        ({"given_names": "", "family_name": ""}, "family_name", "Enter the customer’s name"),
        ({"given_names": "  ", "family_name": " "}, "family_name", "Enter the customer’s name"),
        (
            {"no_fixed_abode": True, "collection_point": ""},
            "collection_point",
            "Enter where letters can be collected",
        ),
        (
            {"date_of_birth": date(2026, 6, 16)},
            "date_of_birth",
            "Date of birth must be in the past",
        ),
        (
            {"address_line_1": "1 High St", "postcode": "NOT A CODE"},
            "postcode",
            "Enter a real postcode",
        ),
        ({"address_line_1": "1 High St", "uprn": "12AB"}, "uprn", "UPRN"),
        ({"postcode": "LN1 1AA"}, "line_1", "Enter the first line of the address"),
        ({"phone": "12"}, "number", "Enter a phone number"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
    ],
)
def test_create_customer_refuses_bad_details(details, field, message):
    """Each rule on a new customer names the field and says what to do; nothing is saved."""
    values = {"given_names": "Sam", "family_name": "Jones", **details}
    with pytest.raises(Refusal) as caught:
        services.create_customer(by=None, **values)
    assert message in caught.value.answers[field]
    assert not Customer.objects.exists()


def test_create_customer_stores_contact_points_in_normal_form(make_staff):
    """Postcode, UPRN, phone and email are normalised, and the creation is audited."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    added = services.create_customer(
        by=officer,
        given_names=" Sam ",
        family_name="Jones",
        address_line_1="1 High Street",
        postcode="ln11aa",
        uprn="000123",
        phone="07700 900123",
        email="Sam@Example.com",
    )
    assert added.reference.startswith("C-")
    assert added.given_names == "Sam"
    address = added.addresses.get()
    assert (address.postcode, address.uprn, address.is_current) == ("LN1 1AA", "123", True)
    assert added.phone_numbers.get().number == "+447700900123"
    assert added.email_addresses.get().email == "sam@example.com"
    assert events("customers.customer_created").get().actor == officer


def test_no_fixed_abode_keeps_a_collection_point():
    """A customer with no fixed abode has somewhere letters wait."""
    added = customer(no_fixed_abode=True, collection_point="Customer services reception, Guildhall")
    assert added.collection_point == "Customer services reception, Guildhall"


def test_update_customer_details_audits_the_fields_not_the_values():
    """The audit names which details changed, so personal data does not spread into it."""
    added = customer(given_names="Sam")
    services.update_customer_details(
        added, by=None, given_names="Samuel", date_of_birth=date(1981, 1, 1)
    )
    added.refresh_from_db()
    assert (added.given_names, added.date_of_birth) == ("Samuel", date(1981, 1, 1))
    payload = events("customers.details_changed").get().payload
    assert payload["fields"] == "date_of_birth, given_names"
    assert "Samuel" not in str(payload)


def test_update_customer_details_refuses_unknown_fields():
    """Only names, date of birth and no fixed abode change here."""
    with pytest.raises(TypeError):
        services.update_customer_details(customer(), by=None, reference="C-999999")


def test_update_customer_details_checks_no_fixed_abode():
    """Turning on no fixed abode needs a collection point."""
    with pytest.raises(Refusal) as caught:
        services.update_customer_details(customer(), by=None, no_fixed_abode=True)
    assert caught.value.answers == {"collection_point": "Enter where letters can be collected"}


def test_a_new_address_replaces_the_current_one_and_can_be_ended():
    """The customer has moved: the old address stays, no longer current."""
    added = customer(address_line_1="1 Old Road", postcode="LN1 1AA")
    new = services.add_address(added, line_1="2 New Road", postcode="ln2 2bb", uprn="99", by=None)
    assert list(Address.objects.filter(customer=added, is_current=True)) == [new]
    assert new.postcode == "LN2 2BB"
    services.end_address(new, by=None)
    assert not Address.objects.filter(customer=added, is_current=True).exists()
    assert events("customers.address_ended").count() == 1


def test_contact_points_are_added_and_audited_on_the_customer():
    """Aliases, phones, emails and handles each write an event targeting the customer."""
    added = customer()
    services.add_alias(added, name="Sammy J", by=None)
    services.add_phone_number(added, number="+44 (0)1632 960001", label="home", by=None)
    services.add_email_address(added, email="SJ@Example.org", by=None)
    services.add_social_media_handle(added, platform="X", handle="@SammyJ", by=None)
    assert added.phone_numbers.get().number == "+441632960001"
    assert added.social_media.get().handle == "sammyj"
    verbs = set(
        AuditEvent.objects.filter(
            target_id=str(added.pk), target_type="customers.customer"
        ).values_list("verb", flat=True)
    )
    assert {
        "customers.alias_added",
        "customers.phone_number_added",
        "customers.email_address_added",
        "customers.social_media_handle_added",
    } <= verbs


@pytest.mark.parametrize(
    ("given_on", "review_on", "field", "message"),
    [
        (date(2026, 6, 16), date(2026, 12, 1), "given_on", "today or in the past"),
        (date(2026, 6, 1), date(2026, 5, 31), "review_on", "on or after the date it was given"),
    ],
)
def test_representative_dates_are_checked(given_on, review_on, field, message):
    """Consent is given in the past and reviewed after it was given (G1)."""
    with pytest.raises(Refusal) as caught:
        services.add_representative(
            customer(),
            name="Jo Advocate",
            kind="advocate",
            lawful_basis="consent",
            given_on=given_on,
            review_on=review_on,
            by=None,
        )
    assert message in caught.value.answers[field]


@pytest.mark.parametrize(
    ("kind", "basis", "field"),
    [("cousin", "consent", "kind"), ("friend", "because", "lawful_basis")],
)
def test_representative_kind_and_basis_come_from_the_lists(kind, basis, field):
    """Only the listed kinds of representative and lawful bases are accepted."""
    with pytest.raises(Refusal) as caught:
        services.add_representative(
            customer(),
            name="Jo",
            kind=kind,
            lawful_basis=basis,
            given_on=date(2026, 6, 1),
            review_on=date(2026, 12, 1),
            by=None,
        )
    assert field in caught.value.answers


def test_consent_can_be_withdrawn_once_with_a_reason_and_control_flagged():
    """Withdrawal keeps the representative on record; a second withdrawal is refused (G1, G3)."""
    rep = services.add_representative(
        customer(),
        name="Jo Friend",
        kind="friend",
        lawful_basis="consent",
        given_on=date(2026, 6, 1),
        review_on=date(2026, 12, 1),
        phone="07700 900555",
        by=None,
    )
    assert rep.phone == "+447700900555"
    with pytest.raises(Refusal, match="Enter why"):
        services.withdraw_consent(rep, reason=" ", by=None)
    services.withdraw_consent(rep, reason="The customer asked us to stop", by=None)
    assert rep.withdrawn_on == date(2026, 6, 15)
    with pytest.raises(Refusal, match="already"):
        services.withdraw_consent(rep, reason="Again", by=None)
    services.flag_coercive_control(rep, by=None)
    rep.refresh_from_db()
    assert rep.coercive_control_concern


@pytest.mark.parametrize(
    ("kind", "detail", "agreed_on", "review_on", "field"),
    [
        ("telepathy", "", date(2026, 6, 1), date(2026, 12, 1), "kind"),
        ("interpreter", "", date(2026, 6, 1), date(2026, 12, 1), "detail"),
        ("large-print", "", date(2026, 7, 1), date(2026, 12, 1), "agreed_on"),
        ("large-print", "", date(2026, 6, 1), date(2026, 5, 1), "review_on"),
    ],
)
def test_adjustment_rules(kind, detail, agreed_on, review_on, field):
    """An adjustment is from the list, has detail where needed, and is reviewed after agreement."""
    with pytest.raises(Refusal) as caught:
        services.add_adjustment(
            customer(), kind=kind, detail=detail, agreed_on=agreed_on, review_on=review_on, by=None
        )
    assert field in caught.value.answers


def test_adjustments_end_once():
    """An ended adjustment keeps its history; ending it twice is refused."""
    adjustment = services.add_adjustment(
        customer(),
        kind="interpreter",
        detail="Polish",
        agreed_on=date(2026, 1, 1),
        review_on=date(2026, 7, 1),
        by=None,
    )
    services.end_adjustment(adjustment, by=None)
    assert adjustment.ended_on == date(2026, 6, 15)
    with pytest.raises(Refusal):
        services.end_adjustment(adjustment, by=None)


def test_services_received_come_from_the_catalogue_once():
    """A service is recorded once, and only while the council offers it."""
    added = customer()
    housing = council_service()
    received = services.record_service_received(added, service=housing, by=None)
    assert received.service.is_mandatory
    with pytest.raises(Refusal, match="already receives"):
        services.record_service_received(added, service=housing, by=None)
    closed = council_service("Tourist information", mandatory=False)
    closed.is_active = False
    closed.save()
    with pytest.raises(Refusal, match="still offered"):
        services.record_service_received(added, service=closed, by=None)


def test_household_links_are_stored_once_and_never_to_oneself():
    """A link reads from either side, so the reverse link is refused too."""
    first, second = customer(), customer()
    services.link_household_member(first, second, relationship="Partner", by=None)
    with pytest.raises(Refusal, match="already linked"):
        services.link_household_member(second, first, by=None)
    with pytest.raises(Refusal):
        services.link_household_member(first, first, by=None)


def test_safeguarding_and_equality_audits_hold_no_detail():
    """The audit says a note or answers were recorded, never what they say."""
    added = customer()
    services.add_safeguarding_note(added, note="Spoke of self-harm", by=None)
    services.record_equality_monitoring(added, given_on=date(2026, 6, 1), sex="Female", by=None)
    services.record_equality_monitoring(
        added, given_on=date(2026, 6, 2), sex="Prefer not to say", by=None
    )
    assert EqualityMonitoring.objects.get(customer=added).sex == "Prefer not to say"
    for verb in ("customers.safeguarding_note_added", "customers.equality_data_recorded"):
        assert "self-harm" not in str(events(verb).values_list("payload", flat=True))
        assert "Female" not in str(events(verb).values_list("payload", flat=True))
    with pytest.raises(Refusal):
        services.add_safeguarding_note(added, note="", by=None)


def test_the_service_catalogue_refuses_repeats():
    """Each service is in the catalogue once, whatever its case."""
    services.add_council_service(name="Parking", is_mandatory=False, by=None)
    with pytest.raises(Refusal, match="already in the catalogue"):
        services.add_council_service(name="parking", is_mandatory=False, by=None)
