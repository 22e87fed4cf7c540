"""Importing a register a batch at a time (issue 22): whole batches, reruns harmless, a refused
row reported by line, references in blocks, the audit chain whole and screening up to date."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conduct.accounts.roles import Role
from conduct.alerts import importing
from conduct.alerts.models import Marker
from conduct.alerts.tests import factories
from conduct.core.audit import verify_chain
from conduct.core.models import AuditEvent
from conduct.customers import services as customers
from conduct.customers.models import Address, Customer, EmailAddress, PhoneNumber
from conduct.screening.engine import ScreeningQuery, screen
from conduct.screening.indexing import reindex_customer
from conduct.screening.models import ScreeningKey, ScreeningProfile

pytestmark = pytest.mark.django_db

HEADER = (
    "Reference,First names,Last name,Date of birth,Address line 1,Postcode,Email,Phone,"
    "Marker category,Handling instructions,Marker start date\n"
)
# Seven good rows on lines 2 to 8; line 6 (NN-5) belongs to a record merged into another, so
# its marker is refused when its batch is written, and line 9 has no name (refused on reading).
SEVEN = (
    "NN-1,Ada,Lovelace,10/12/1985,1 Bridge Street,NN1 1AB,ada@example.com,01604 837837,"
    "threats,Phone contact only,1/3/2024\n"
    "NN-2,Charles,Babbage,26/12/1971,2 Bridge Street,NN1 1AB,,,,,\n"
    "NN-3,Mary,Somerville,,3 Bridge Street,NN1 1AB,,,,,\n"
    "NN-4,Grace,Hopper,9/12/1986,4 Bridge Street,NN1 1AB,,,,,\n"
    "NN-5,Alan,Turing,23/6/1982,5 Bridge Street,NN1 1AB,,,threats,Meet in pairs,1/3/2024\n"
    "NN-6,Emmy,Noether,23/3/1982,6 Bridge Street,NN1 1AB,,,,,\n"
    "NN-7,Kurt,Gödel,28/4/1986,7 Bridge Street,NN1 1AB,kurt@example.com,,verbal-abuse,Short calls,2/3/2024\n"
    "NN-8,,,,,,,,,,\n"
)


@pytest.fixture(autouse=True)
def pack() -> Any:
    return factories.in_force()


@pytest.fixture
def merged_nn5(make_staff: Any) -> Customer:
    """NN-5 is already in Conduct, on a record since merged into another one."""
    officer = make_staff(Role.ADMINISTRATOR)
    keep = customers.create_customer(given_names="Alan", family_name="Turing", by=officer)
    duplicate = customers.create_customer(
        given_names="Alan", family_name="Turing", external_reference="NN-5", by=officer
    )
    customers.merge_customers(keep, duplicate, reason="The same person", by=officer)
    return keep


def run(path: Path, *options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_customers", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def register_file(tmp_path: Path, content: str = HEADER + SEVEN) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(content, encoding="utf-8")
    return path


def counts() -> tuple[int, ...]:
    return (
        Customer.objects.count(),
        Address.objects.count(),
        EmailAddress.objects.count(),
        PhoneNumber.objects.count(),
        Marker.objects.count(),
        ScreeningProfile.objects.count(),
    )


def number(reference: str) -> int:
    return int(reference.split("-")[1])


class TestBatches:
    def test_a_refused_row_in_the_second_batch_is_reported_and_the_rest_go_in(
        self, tmp_path: Path, merged_nn5: Customer
    ) -> None:
        """Batches of 3: [NN-1..3], [NN-4..6], [NN-7]. NN-5's marker is refused (its record was
        merged), so its line is reported and NN-4 and NN-6 beside it are still imported."""
        before = counts()
        out, err = run(register_file(tmp_path), "--no-progress", "--batch", "3")

        assert "6 customers added, 0 already there, 2 provisional markers added, 2 bad rows" in out
        assert err.splitlines() == [
            "Line 6: " + f"{Customer.objects.get(external_reference='NN-5').reference}"
            " was merged into another record",
            "Line 9: Enter the customer’s name",
        ]
        imported = ["NN-1", "NN-2", "NN-3", "NN-4", "NN-6", "NN-7"]
        assert sorted(
            Customer.objects.exclude(external_reference="").values_list(
                "external_reference", flat=True
            )
        ) == sorted([*imported, "NN-5"])
        # 6 customers, 6 addresses, 2 emails (NN-1, NN-7), 1 phone (NN-1), 2 markers, and
        # 6 screening profiles (the merged record's profile left the index).
        assert counts() == tuple(b + n for b, n in zip(before, (6, 6, 2, 1, 2, 6), strict=True))
        kurt = Customer.objects.get(external_reference="NN-7")
        marker = Marker.objects.get(customer=kurt)
        assert marker.status == Marker.Status.PROVISIONAL
        assert marker.category == "verbal-abuse"
        assert "register.csv, line 8" in marker.identified_risk
        assert kurt.email_addresses.get().email == "kurt@example.com"
        assert Customer.objects.get(external_reference="NN-1").phone_numbers.get().number == (
            "+441604837837"
        )

    def test_references_are_taken_in_blocks_and_follow_on(
        self, tmp_path: Path, merged_nn5: Customer, make_staff: Any
    ) -> None:
        """The six new customers take the six numbers after the last one in use, in file order,
        and the next customer added by hand takes the one after them."""
        last = max(number(r) for r in Customer.objects.values_list("reference", flat=True))
        run(register_file(tmp_path), "--no-progress", "--batch", "3")
        imported = [
            Customer.objects.get(external_reference=f"NN-{n}").reference for n in (1, 2, 3, 4, 6, 7)
        ]
        assert [number(r) for r in imported] == list(range(last + 1, last + 7))
        later = customers.create_customer(family_name="Later", by=make_staff())
        assert number(later.reference) == last + 7
        markers = [Marker.objects.get(import_key__startswith=f"NN-{n}:") for n in (1, 7)]
        assert number(markers[1].reference) == number(markers[0].reference) + 1

    def test_running_again_changes_nothing(self, tmp_path: Path, merged_nn5: Customer) -> None:
        """The second run finds every reference and marker already there and stores nothing but
        the record that it ran."""
        path = register_file(tmp_path)
        run(path, "--no-progress", "--batch", "3")
        stored, events = counts(), AuditEvent.objects.count()
        out, _ = run(path, "--no-progress", "--batch", "3")
        assert "0 customers added, 6 already there, 0 provisional markers added, 2 bad rows" in out
        assert counts() == stored
        assert AuditEvent.objects.count() == events + 1
        assert AuditEvent.objects.latest("sequence").verb == "alerts.register_imported"

    def test_a_crash_in_the_second_batch_leaves_the_first_whole_and_a_rerun_finishes(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The second batch fails as it writes: the first batch's three customers are stored
        with everything of theirs, nothing of the second; running the file again adds the rest."""
        path = register_file(tmp_path)
        real, calls = importing.create_customers, []
        events = AuditEvent.objects.count()  # putting the pack in force

        def failing_second(batch: Any, *, by: Any) -> Any:
            calls.append(len(batch))
            if len(calls) == 2:
                raise RuntimeError("the server stopped")
            return real(batch, by=by)

        monkeypatch.setattr(importing, "create_customers", failing_second)
        with pytest.raises(RuntimeError):
            run(path, "--no-progress", "--batch", "3")
        first = ["NN-1", "NN-2", "NN-3"]
        assert sorted(Customer.objects.values_list("external_reference", flat=True)) == first
        # NN-1..3: 3 addresses, 1 email, 1 phone, 1 marker, 3 profiles; 4 audit events.
        assert counts() == (3, 3, 1, 1, 1, 3)
        assert AuditEvent.objects.count() == events + 4
        assert verify_chain() is None

        monkeypatch.setattr(importing, "create_customers", real)
        out, _ = run(path, "--no-progress", "--batch", "3")
        assert "4 customers added, 3 already there, 2 provisional markers added, 1 bad rows" in out
        # NN-5 now imports too (nothing merged here): 7 customers, 3 markers in all.
        assert counts() == (7, 7, 2, 1, 3, 7)
        assert verify_chain() is None

    def test_the_audit_chain_verifies_after_an_import(
        self, tmp_path: Path, merged_nn5: Customer
    ) -> None:
        """Each new customer and marker has its event, chained in order; the chain is whole."""
        events = AuditEvent.objects.count()
        run(register_file(tmp_path), "--no-progress", "--batch", "3")
        verbs = list(
            AuditEvent.objects.filter(sequence__gt=events)
            .order_by("sequence")
            .values_list("verb", flat=True)
        )
        created, raised = "customers.customer_created", "alerts.marker_raised"
        # Batch 1: NN-1..3 and NN-1's marker; batch 2: NN-4, NN-6; batch 3: NN-7 and its marker.
        assert verbs == [
            *[created] * 3,
            raised,
            *[created] * 2,
            created,
            raised,
            "alerts.register_imported",
        ]
        out = io.StringIO()
        call_command("verify_audit", stdout=out)
        assert f"intact: {events + 9} events checked" in out.getvalue()

    def test_screening_finds_an_imported_person(self, tmp_path: Path) -> None:
        """The index rows are written with the batch: a caller's details find Ada at once."""
        run(register_file(tmp_path), "--no-progress", "--batch", "3")
        ada = Customer.objects.get(external_reference="NN-1")
        found = screen(ScreeningQuery(name="Ada Lovelace", date_of_birth="10/12/1985"))
        assert found[0].customer_id == ada.pk
        by_reference = screen(ScreeningQuery(reference="NN-7"))
        assert by_reference[0].customer_id == Customer.objects.get(external_reference="NN-7").pk

    def test_progress_shows_rows_done_of_all_and_rows_a_second(self, tmp_path: Path) -> None:
        """Without --no-progress the command shows how far it has got and how fast."""
        _, err = run(register_file(tmp_path), "--batch", "3")
        assert "7/7" in err
        assert "rows/s" in err

    def test_progress_is_told_after_each_batch(self) -> None:
        """7 good rows in batches of 3: told 3, 6, then 7 of 7."""
        register = importing.read_register("register.csv", (HEADER + SEVEN).encode())
        told: list[tuple[int, int]] = []
        importing.import_rows(
            register, by=None, progress=lambda done, total: told.append((done, total)), batch_size=3
        )
        assert told == [(3, 7), (6, 7), (7, 7)]


def test_queries_do_not_grow_with_the_rows_in_a_batch(tmp_path: Path) -> None:
    """A batch of 9 rows takes as many queries as a batch of 3: rows are looked up, stored,
    indexed and audited together, not one by one."""

    def rows(prefix: str, how_many: int) -> str:
        return "".join(
            f"{prefix}-{n},Ann,Smith{n},1/2/1990,{n} Hill Road,NN2 2AB,a{n}@example.com,"
            f"07700 900{n:03d},threats,Phone only,1/3/2024\n"
            for n in range(1, how_many + 1)
        )

    def queries(prefix: str, how_many: int) -> int:
        register = importing.read_register("r.csv", (HEADER + rows(prefix, how_many)).encode())
        with CaptureQueriesContext(connection) as captured:
            importing.import_rows(register, by=None)
        return len(captured)

    queries("W", 1)  # the reference counters exist from here on
    assert queries("A", 3) == queries("B", 9)


def test_a_batch_size_must_be_at_least_one() -> None:
    register = importing.read_register("register.csv", (HEADER + SEVEN).encode())
    with pytest.raises(ValueError, match="at least one row"):
        importing.import_rows(register, by=None, batch_size=0)


def index_rows() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    profiles = ScreeningProfile.objects.order_by("customer_id").values_list(
        "customer_id", "given", "other_given", "surnames", "date_of_birth", "postcodes",
        "premises", "streets", "emails", "phones", "uprns", "references",
    )  # fmt: skip
    keys = ScreeningKey.objects.order_by("customer_id", "key").values_list("customer_id", "key")
    return list(profiles), list(keys)


def test_a_batch_is_indexed_from_what_it_holds_as_a_rebuild_would_index_it(
    tmp_path: Path,
) -> None:
    """The screening index of the rows just written is made from the batch in memory, and is
    exactly what reading the customers back and indexing them gives; nothing is read back."""
    register = importing.read_register("register.csv", (HEADER + SEVEN).encode())
    with CaptureQueriesContext(connection) as captured:
        importing.import_rows(register, by=None)
    read_back = [
        q["sql"] for q in captured if q["sql"].startswith("SELECT") and "customers_" in q["sql"]
    ]
    assert not [sql for sql in read_back if "customers_address" in sql or "customers_alias" in sql]
    from_the_batch = index_rows()
    assert len(from_the_batch[0]) == 7
    reindex_customer(*Customer.objects.values_list("pk", flat=True))
    assert index_rows() == from_the_batch
