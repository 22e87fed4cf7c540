"""The audit trail: one write path, append-only, hash-chained, verifiable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from conduct.accounts.roles import Role
from conduct.core import audit
from conduct.core.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


def test_record_chains_each_event_to_the_one_before(make_staff):
    """Each event points at the previous event's hash and the chain verifies."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    first = audit.record("accounts.signed_in", actor=officer, target=officer)
    second = audit.record("accounts.signed_out", actor=officer, target=officer)
    assert second.previous_hash == first.hash
    assert second.sequence == first.sequence + 1
    assert audit.verify_chain() is None


def test_unknown_verbs_are_refused():
    """Only registered verbs can be written, so every event can be described."""
    with pytest.raises(audit.UnknownVerbError):
        audit.record("accounts.did_something_new", actor=None)
    assert not AuditEvent.objects.filter(verb="accounts.did_something_new").exists()


def test_events_cannot_be_changed_or_deleted_through_the_orm(make_staff):
    """save() on a stored event, update() and delete() all raise."""
    event = audit.record("accounts.signed_in", actor=make_staff(Role.AUDITOR))
    event.verb = "accounts.signed_out"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_the_database_refuses_updates_by_any_route(make_staff):
    """Even raw SQL cannot change an event: a trigger refuses it."""
    event = audit.record("accounts.signed_in", actor=make_staff(Role.AUDITOR))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET verb = 'x' WHERE id = %s", [event.pk])


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("payload", "its contents have changed"),
        ("previous_hash", "does not point at the event before it"),
        ("missing", "is missing"),
    ],
)
def test_verify_chain_finds_the_first_broken_link(make_staff, tamper, reason):
    """A changed payload, a re-pointed link or a missing event is reported at that event."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    for _ in range(4):
        audit.record("accounts.signed_in", actor=officer)
    events = list(AuditEvent.objects.order_by("sequence"))
    first_number = events[0].sequence
    victim = events[2]
    if tamper == "payload":
        victim.payload = {"changed": True}
    elif tamper == "previous_hash":
        victim.previous_hash = "f" * 64
    else:
        events.remove(victim)
    broken = audit.verify_chain([e for e in events])
    assert broken is not None
    assert broken.sequence == first_number + 2 and reason in broken.reason


def test_verify_audit_command_reports_an_intact_chain(make_staff):
    """The operator's command says the chain is whole and how long it is."""
    audit.record("accounts.signed_in", actor=make_staff(Role.AUDITOR))
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


def test_verify_audit_command_fails_on_a_tampered_chain(make_staff):
    """With the trigger lifted and an event edited behind Conduct's back, the command fails."""
    officer = make_staff(Role.AUDITOR)
    event = audit.record("accounts.signed_in", actor=officer)
    drop = "DROP TRIGGER core_auditevent_no_update"
    if connection.vendor == "postgresql":
        drop += " ON core_auditevent"
    with connection.cursor() as cursor:
        cursor.execute(drop)
        cursor.execute(
            "UPDATE core_auditevent SET verb = 'accounts.signed_out' WHERE id = %s", [event.pk]
        )
    with pytest.raises(CommandError, match=f"#{event.sequence}"):
        call_command("verify_audit", stdout=StringIO())


def test_describe_turns_an_event_into_a_sentence(make_staff):
    """Wording comes from the verb registry, filled from the payload."""
    admin = make_staff(Role.ADMINISTRATOR)
    event = AuditEvent.objects.filter(
        verb="accounts.staff_member_created", target_id=str(admin.pk)
    ).get()
    assert audit.describe(event) == f"Conduct added {admin.email} with roles Administrator"
