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
from conduct.core.references import next_reference, next_references
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


def test_blocks_of_references_and_single_ones_taken_together_neither_overlap_nor_leave_gaps():
    """Two import batches take 500 customer references each while staff add a customer: the
    1,001 numbers are all different with none missed, and each block's are consecutive."""

    @writes
    def block() -> list[str]:
        return next_references("C", 500)

    @writes
    def single() -> list[str]:
        return [next_reference("C")]

    results = together(block, single, block)
    assert not any(isinstance(result, Exception) for result in results), results
    numbers = sorted(int(reference[2:]) for taken in results for reference in taken)
    assert numbers == list(range(numbers[0], numbers[0] + 1001))
    for taken in (results[0], results[2]):
        firsts = int(taken[0][2:])
        assert [int(reference[2:]) for reference in taken] == list(range(firsts, firsts + 500))


def test_a_block_of_none_takes_nothing():
    assert next_references("C", 0) == []
    assert not ReferenceCounter.objects.filter(prefix="C").exists()
