"""Read and file's declared moves: a reading is signed off once by a permitted reader, a hint
marked as read once; `check` refuses exactly what the email's page does not offer."""

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.contacts import moves, services
from conduct.contacts.models import Hint, Reading
from conduct.contacts.tests import factories
from conduct.core.moves import check
from conduct.core.refusals import Refusal
from conduct.core.tests.moves_table import assert_check_agrees_with_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading() -> Reading:
    """An email under read and file that asks for a repair: a reading and a hint."""
    customer = factories.customer("sam@example.org")
    factories.restrict(customer, "read-and-file", matters="x")
    body = "There is a leak and damp in my bedroom, please repair it."
    return factories.receive(factories.email("sam@example.org", body)).reading


@pytest.mark.parametrize("signed_off", [False, True])
def test_the_reading_is_offered_exactly_as_check_allows(reading, signed_off):
    reading.signed_off_at = timezone.now() if signed_off else None  # in memory only
    for role in Role:
        assert_check_agrees_with_offer(staff_member(role), reading, moves.READING_MOVES)


@pytest.mark.parametrize("seen", [False, True])
def test_a_hint_is_offered_exactly_as_check_allows(reading, seen):
    hint = reading.message.hints.get(kind=Hint.Kind.REPAIR)
    hint.seen_at = timezone.now() if seen else None
    for role in Role:
        assert_check_agrees_with_offer(staff_member(role), hint, moves.HINT_MOVES)


def test_each_refusal_says_why_and_carries_the_contacts_problem(reading):
    reader = staff_member(Role.CASE_OFFICER)
    with pytest.raises(Refusal, match="not a permitted reader") as refused:
        check("sign_off_reading", staff_member(Role.FRONTLINE_OFFICER), reading)
    assert refused.value.problem == "contacts-refused"
    services.sign_off_reading(reading, by=reader, outcome="nothing-new")
    reading.refresh_from_db()
    with pytest.raises(Refusal, match="already been signed off"):
        check("sign_off_reading", reader, reading)


def test_a_hint_marked_as_read_a_moment_ago_is_refused(reading):
    """The page may still show the form; the service refuses the second, as before."""
    hint = reading.message.hints.get(kind=Hint.Kind.REPAIR)
    services.mark_hint_seen(hint, by=staff_member(Role.CASE_OFFICER))
    with pytest.raises(Refusal, match="Someone has already marked this as seen"):
        services.mark_hint_seen(hint, by=staff_member(Role.CASE_OFFICER))
