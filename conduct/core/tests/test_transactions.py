"""Concurrent writers neither deadlock nor fail: locks in one order, conflicts retried whole.

Each test runs two real transactions at once, in two threads with their own connections,
on the database the suite runs on (SQLite and PostgreSQL in CI).
"""

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from conduct.core.audit import record, verify_chain
from conduct.core.models import ReferenceCounter
from conduct.core.references import next_reference
from conduct.core.transactions import is_conflict, writes

pytestmark = pytest.mark.django_db(transaction=True)


def together(*jobs: Callable[[], Any]) -> list[Any]:
    """Run each job in its own thread and connection; what each returned or raised."""
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            results[index] = job()
        except Exception as error:  # the test asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_a_new_customer_and_an_incident_for_an_existing_one_take_references_together():
    """The orders logging an incident took: with a new customer the customer counter, the
    audit head, then the incident counter; for an existing customer the incident counter,
    then the audit head. Run at once they deadlocked on PostgreSQL; now both finish."""
    first_has_audited = threading.Event()

    @transaction.atomic
    def with_a_new_customer() -> str:
        next_reference("C")
        record("core.audit_trail_viewed", actor=None)
        first_has_audited.set()
        time.sleep(0.5)  # the other writer runs into its counter now
        return next_reference("INC")

    @transaction.atomic
    def for_an_existing_customer() -> str:
        first_has_audited.wait(10)
        reference = next_reference("INC")
        record("core.audit_trail_viewed", actor=None)
        return reference

    results = together(with_a_new_customer, for_an_existing_customer)
    assert sorted(results) == ["INC-000001", "INC-000002"], results
    assert verify_chain() is None


def test_a_transaction_chosen_as_a_deadlock_victim_is_run_again_whole():
    """Two writers lock two counters in opposite orders: whichever the database fails is
    retried by `writes` and both add one to each counter."""
    ReferenceCounter.objects.create(prefix="A")
    ReferenceCounter.objects.create(prefix="B")
    both_hold_one = threading.Barrier(2, timeout=5)

    def add_one(first: str, second: str) -> Callable[[], str]:
        attempts = 0

        @writes
        def add() -> str:
            nonlocal attempts
            attempts += 1
            for prefix in (first, second):
                counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix)
                counter.value += 1
                counter.save(update_fields=["value"])
                if attempts == 1 and prefix == first:
                    # SQLite lets one writer in at a time: there the other never comes.
                    with contextlib.suppress(threading.BrokenBarrierError):
                        both_hold_one.wait()
            return f"{first}{second} in {attempts}"

        return add

    results = together(add_one("A", "B"), add_one("B", "A"))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert dict(ReferenceCounter.objects.values_list("prefix", "value")) == {"A": 2, "B": 2}


class LockedError(Exception):
    pass


@pytest.mark.parametrize(
    ("message", "conflict"),
    [
        ("database is locked", True),
        ("database table is locked: core_auditchainhead", True),
        ("no such table: core_auditevent", False),
        ("PostgreSQL text fields cannot contain NUL (0x00) bytes", False),
    ],
)
def test_only_another_transaction_in_the_way_counts_as_a_conflict(message, conflict):
    assert is_conflict(LockedError(message)) is conflict
