"""Merging two records keeps every linked item, in this app and others, and is audited."""

from datetime import date

import pytest

from conduct.accounts.roles import Role
from conduct.cases.models import Case
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.customers import services
from conduct.customers.models import EqualityMonitoring, HouseholdLink, ServiceReceived
from conduct.customers.tests.factories import (
    case,
    council_service,
    customer,
    incident,
    informal_warning,
)
from conduct.incidents.models import Incident, InformalWarning

pytestmark = pytest.mark.django_db


def fill(record, neighbour, manager):
    """Give a record one of every linked item."""
    services.add_alias(record, name="Other name", by=None)
    services.add_address(record, line_1="1 Lane", postcode="LN1 1AA", by=None)
    services.add_phone_number(record, number="07700 900999", by=None)
    services.add_email_address(record, email="dup@example.com", by=None)
    services.add_social_media_handle(record, platform="X", handle="dup", by=None)
    services.link_household_member(record, neighbour, by=None)
    services.add_representative(
        record,
        name="Rep",
        kind="friend",
        lawful_basis="consent",
        given_on=date(2025, 1, 1),
        review_on=date(2026, 1, 1),
        by=None,
    )
    services.add_adjustment(
        record, kind="large-print", agreed_on=date(2025, 1, 1), review_on=date(2026, 1, 1), by=None
    )
    services.record_service_received(record, service=council_service(), by=None)
    services.add_safeguarding_note(record, note="Concern", by=None)
    services.record_equality_monitoring(record, given_on=date(2025, 1, 1), sex="Male", by=None)
    logged = incident(record)
    informal_warning(logged, manager)
    case(record, logged)


def test_merge_moves_every_linked_item_and_is_audited(make_staff):
    """Aliases to cases all move to the kept record; the duplicate points at it; counts are audited."""
    manager = make_staff(Role.LINE_MANAGER)
    officer = make_staff(Role.CASE_OFFICER)
    keep, duplicate, neighbour = customer(), customer(), customer()
    fill(duplicate, neighbour, manager)
    services.merge_customers(keep, duplicate, reason="Same date of birth and address", by=officer)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep and duplicate.merged_at is not None
    for related in (
        "aliases",
        "addresses",
        "phone_numbers",
        "email_addresses",
        "social_media",
        "household_links",
        "representatives",
        "adjustments",
        "services_received",
        "safeguarding_notes",
        "incidents",
        "informal_warnings",
        "cases",
    ):
        assert getattr(keep, related).count() >= 1, related
        assert getattr(duplicate, related).count() == 0, related
    assert EqualityMonitoring.objects.get().customer == keep
    assert Incident.objects.get().customer == keep
    assert InformalWarning.objects.get().customer == keep
    assert Case.objects.get().customer == keep
    event = AuditEvent.objects.get(verb="customers.customers_merged")
    assert event.actor == officer and event.target_id == str(keep.pk)
    assert event.payload["moved"]["incidents"] == 1
    assert event.payload["moved"]["aliases"] == 1
    assert event.payload["duplicate"] == duplicate.reference
    assert AuditEvent.objects.filter(
        verb="customers.merged_into", target_id=str(duplicate.pk)
    ).exists()


def test_clashing_items_stay_on_the_merged_record(make_staff):
    """The kept record's own service, equality answers and link to the duplicate win; nothing is deleted."""
    keep, duplicate = customer(), customer()
    housing = council_service()
    for record in (keep, duplicate):
        services.record_service_received(record, service=housing, by=None)
        services.record_equality_monitoring(record, given_on=date(2025, 1, 1), by=None)
    services.link_household_member(duplicate, keep, by=None)
    services.merge_customers(keep, duplicate, reason="Same person", by=None)
    assert ServiceReceived.objects.filter(customer=keep).count() == 1
    assert ServiceReceived.objects.filter(customer=duplicate).count() == 1
    assert EqualityMonitoring.objects.filter(customer=duplicate).exists()
    assert HouseholdLink.objects.get().customer == duplicate


def test_records_merged_into_the_duplicate_follow_it():
    """An earlier merge into the duplicate now points at the record kept."""
    keep, duplicate, older = customer(), customer(), customer()
    services.merge_customers(duplicate, older, reason="Same person", by=None)
    services.merge_customers(keep, duplicate, reason="Same person", by=None)
    older.refresh_from_db()
    assert older.merged_into == keep


@pytest.mark.parametrize(
    ("case_name", "message"),
    [
        ("itself", "cannot be merged into itself"),
        ("into merged", "has been merged itself"),
        ("already merged", "has already been merged"),
        ("no reason", "Enter why"),
    ],
)
def test_bad_merges_are_refused(case_name, message):
    """A record cannot merge into itself or a merged record, twice, or without a reason."""
    keep, duplicate, other = customer(), customer(), customer()
    reason = "" if case_name == "no reason" else "Same person"
    if case_name == "itself":
        duplicate = keep
    if case_name == "into merged":
        services.merge_customers(other, keep, reason="Same", by=None)
    if case_name == "already merged":
        services.merge_customers(other, duplicate, reason="Same", by=None)
    with pytest.raises(Refusal, match=message):
        services.merge_customers(keep, duplicate, reason=reason, by=None)
    assert not AuditEvent.objects.filter(
        verb="customers.customers_merged", target_id=str(keep.pk)
    ).exists()
