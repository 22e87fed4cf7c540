"""Importing a council's existing customer and alert register from CSV or XLSX.

The command (`manage.py import_customers FILE`) and the administrator's upload
page are two doors into `read_register` (parse and check every row) and
`import_rows` (write the good ones, 500 rows to a transaction: each batch's
customers, contact details, markers, screening index rows and audit events are
stored with one insert a table, and a failure part way leaves whole batches
only). A bad row, including one with a control character or a value longer than
Conduct stores, is reported with its line number and reasons and never stops
the good ones. Matching is on the council's own
reference, stored as `Customer.external_reference`, so running the same file
twice changes nothing.

Imported markers rest on the previous register's entry (file and line) as the
identified risk (I1), not on an invented incident, and arrive provisional: a
line manager verifies and health and safety approve each one before any member
of staff sees it (I4, A10).
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from conduct.alerts import services
from conduct.alerts.models import Marker, Severity
from conduct.core.audit import record
from conduct.core.refusals import Refusal
from conduct.core.text import CONTROL_MESSAGE, NOTE_LIMIT, has_control_characters
from conduct.core.transactions import writes
from conduct.customers import normalise
from conduct.customers.models import Customer
from conduct.customers.services import NewCustomer, Unsaved, checked_new_customer, create_customers
from conduct.policy.schema import PolicyPackFile
from conduct.policy.services import active_pack

# Each column, with the header names accepted for it (compared lower case, spaces and _ alike).
COLUMNS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "customer reference", "ref"),
    "given_names": ("first names", "first name", "given names", "forename"),
    "family_name": ("last name", "surname", "family name"),
    "date_of_birth": ("date of birth", "dob"),
    "address_line_1": ("address line 1", "address 1"),
    "address_line_2": ("address line 2", "address 2"),
    "town": ("town", "town or city"),
    "postcode": ("postcode", "post code"),
    "uprn": ("uprn",),
    "email": ("email", "email address"),
    "phone": ("phone", "phone number", "telephone"),
    "marker_category": ("marker category", "marker"),
    "marker_severity": ("marker severity",),
    "marker_handling": ("handling instructions", "marker handling", "handling"),
    "marker_detail": ("marker detail", "restricted detail"),
    "marker_start": ("marker start date", "marker start"),
}
HELP = """Columns (header row first; names are matched ignoring case):
  reference            required: the council's own customer reference, unique in the file
  first names, last name   at least one
  date of birth        optional, like 27/3/1980 or 1980-03-27
  address line 1, address line 2, town, postcode, uprn   optional; a postcode needs line 1
  email, phone         optional
  marker category      optional: a person marker category id or name from the pack in force
  handling instructions   required with a marker category
  marker severity      optional: information, warning, high or high-acknowledge
  marker detail        optional: restricted detail, need to know only
  marker start date    optional, defaults to today
Imported markers rest on the previous register's entry, not an incident, and are
provisional until a line manager verifies and health and safety approve them."""


# The longest value each column may hold: what the records it fills can store.
LIMITS: dict[str, int] = {
    "reference": 50,
    "given_names": 150,
    "family_name": 150,
    "address_line_1": 200,
    "address_line_2": 200,
    "town": 100,
    "postcode": 20,
    "uprn": 12,
    "email": 254,
    "phone": 40,
    "marker_category": 100,
    "marker_severity": 20,
    "marker_handling": NOTE_LIMIT,
    "marker_detail": 10_000,
}


def unreadable(message: str) -> Refusal:
    """The file cannot be read at all (not CSV or XLSX, or not text)."""
    return Refusal(message, field="file", conflict=False)


@dataclass
class Row:
    line: int
    values: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return str(self.values.get("reference") or "")


@dataclass
class Register:
    name: str
    rows: list[Row]
    notes: list[str] = field(default_factory=list)

    @property
    def good(self) -> list[Row]:
        return [row for row in self.rows if not row.problems]

    @property
    def bad(self) -> list[Row]:
        return [row for row in self.rows if row.problems]


@dataclass
class Result:
    created: int = 0
    already_there: int = 0
    markers: int = 0
    bad: list[Row] = field(default_factory=list)


# Reading ------------------------------------------------------------------------------------


def header_key(text: Any) -> str | None:
    wanted = " ".join(str(text or "").replace("_", " ").lower().split())
    return next((key for key, names in COLUMNS.items() if wanted in names), None)


def decode(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), else Windows-1252 with a note saying so."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise unreadable(
            "The file is not UTF-8 or Windows-1252 text. Save it as CSV UTF-8 and try again"
        ) from error
    return text, ["The file is not UTF-8, so it was read as Windows-1252. Check names with accents"]


def csv_rows(data: bytes) -> tuple[list[tuple[int, list[Any]]], list[str]]:
    text, notes = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    return [(reader.line_num, cells) for cells in reader], notes


FORMULA_WITHOUT_VALUE = object()


def xlsx_rows(data: bytes) -> tuple[list[tuple[int, list[Any]]], list[str]]:
    """The first sheet's cached values; a formula never calculated is marked, not guessed."""
    from openpyxl import load_workbook

    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise unreadable("The file is not a workbook Conduct can read") from error
    rows = []
    for number, (cached, written) in enumerate(
        zip(values.iter_rows(values_only=True), formulas.iter_rows(values_only=True), strict=False),
        start=1,
    ):
        cells = [
            FORMULA_WITHOUT_VALUE
            if value is None and isinstance(source, str) and source.startswith("=")
            else value
            for value, source in zip(cached, written, strict=False)
        ]
        rows.append((number, cells))
    return rows, []


def read_register(name: str, data: bytes, pack: PolicyPackFile | None = None) -> Register:
    """Every row of the file, each checked; problems are kept against the row's line number."""
    reader = xlsx_rows if name.lower().endswith(".xlsx") else csv_rows
    raw, notes = reader(data)
    if not raw:
        raise unreadable("The file is empty")
    (_, header), body = raw[0], raw[1:]
    keys = [header_key(cell) for cell in header]
    if "reference" not in keys:
        raise unreadable("The first row must name the columns, including reference")
    pack = pack or pack_file()
    rows = [
        checked_row(number, keys, cells, pack)
        for number, cells in body
        if any(blank_cell(c) is False for c in cells)
    ]
    mark_repeats(rows)
    return Register(name, rows, notes)


def blank_cell(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def pack_file() -> PolicyPackFile | None:
    pack = active_pack()
    return pack.file if pack else None


def mark_repeats(rows: list[Row]) -> None:
    """A reference on two lines: the later one is a bad row."""
    seen: dict[str, int] = {}
    for row in rows:
        reference = row.reference.casefold()
        if reference and reference in seen:
            row.problems.append(f"Reference {row.reference} is already on line {seen[reference]}")
        seen.setdefault(reference, row.line)


# Checking one row -----------------------------------------------------------------------------


def checked_row(
    line: int, keys: list[str | None], cells: list[Any], pack: PolicyPackFile | None
) -> Row:
    row = Row(line, {})
    for key, value in zip(keys, cells, strict=False):
        if key is None:
            continue
        if value is FORMULA_WITHOUT_VALUE:
            row.problems.append(
                f"The {key.replace('_', ' ')} cell has a formula with no saved value"
            )
            continue
        row.values[key] = value
        check_text(row, key, value)
    for check in (check_identity, check_contact, check_marker):
        check(row, pack)
    return row


def check_text(row: Row, key: str, value: Any) -> None:
    """A cell's text: no control characters, no longer than its column allows."""
    if not isinstance(value, str):
        return
    name = key.replace("_", " ").capitalize()
    if has_control_characters(value):
        row.problems.append(f"{name} {CONTROL_MESSAGE}")
    limit = LIMITS.get(key)
    if limit is not None and len(value.strip()) > limit:
        row.problems.append(f"{name} must be {limit:,} characters or fewer")


def text(row: Row, key: str) -> str:
    value = row.values.get(key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def a_date(row: Row, key: str, noun: str) -> date | None:
    value = row.values.get(key)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not text(row, key):
        return None
    try:
        return normalise.day_month_year(text(row, key))
    except ValueError:
        row.problems.append(f"{noun} must be a real date, like 27/3/1980")
        return None


def check_identity(row: Row, pack: PolicyPackFile | None) -> None:
    reference = text(row, "reference")
    if not reference:
        row.problems.append("Enter the customer reference")
    if not text(row, "given_names") and not text(row, "family_name"):
        row.problems.append("Enter the customer’s name")
    born = a_date(row, "date_of_birth", "Date of birth")
    if born is not None and born > timezone.localdate():
        row.problems.append("Date of birth must be in the past")
    row.values.update(reference=reference, date_of_birth=born)


def normal(row: Row, key: str, convert: Any) -> str:
    value = text(row, key)
    if not value:
        return ""
    try:
        return str(convert(value))
    except ValueError as error:
        row.problems.append(str(error))
        return ""


def check_contact(row: Row, pack: PolicyPackFile | None) -> None:
    postcode = normal(row, "postcode", normalise.postcode)
    phone = normal(row, "phone", normalise.phone)
    normal(row, "uprn", normalise.uprn)
    email = normalise.email(text(row, "email"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.problems.append(
                "Enter an email address in the correct format, like name@example.com"
            )
    if (postcode or text(row, "uprn")) and not text(row, "address_line_1"):
        row.problems.append("Enter the first line of the address")
    row.values.update(postcode=postcode, phone=phone, email=email)


def check_marker(row: Row, pack: PolicyPackFile | None) -> None:
    wanted = text(row, "marker_category")
    if not wanted:
        return
    if pack is None:
        row.problems.append("No policy pack is in force, so markers cannot be imported")
        return
    people = [c for c in pack.markers.categories if c.applies_to == "person"]
    found = next(
        (c for c in people if wanted.casefold() in (c.id, c.name.casefold(), c.code.casefold())),
        None,
    )
    if found is None:
        row.problems.append(f"“{wanted}” is not a person marker in the policy in force")
    if not text(row, "marker_handling"):
        row.problems.append("Enter the handling instructions for the marker")
    severity = text(row, "marker_severity").lower()
    if severity and severity not in Severity.values:
        row.problems.append(
            "Marker severity must be information, warning, high or high-acknowledge"
        )
    start = a_date(row, "marker_start", "Marker start date") or timezone.localdate()
    row.values.update(
        marker_category=found.id if found else "", marker_severity=severity, marker_start=start
    )


# Writing ------------------------------------------------------------------------------------

# Rows written in one transaction: big enough that a row costs little more than its inserts,
# small enough that a batch holds the audit chain's lock for well under a second.
BATCH = 500


@dataclass
class Written:
    """What one batch stored, and the rows in it the services refused, with their reasons."""

    created: int = 0
    already_there: int = 0
    markers: int = 0
    refused: list[tuple[Row, list[str]]] = field(default_factory=list)


def import_rows(
    register: Register,
    *,
    by: Any,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH,
) -> Result:
    """Write the good rows a batch at a time, each batch in one transaction of its own.

    Every row of a batch is checked first; one the services refuse is reported with its reasons
    and the others go in. A failure part way leaves whole batches only, and running the file
    again adds what is missing and changes nothing already imported (matching on the council's
    reference). `progress` is told the rows done and the good rows in all after each batch.
    """
    result = Result(bad=list(register.bad))
    good = register.good
    done = 0
    for rows in batched(good, batch_size):
        written = import_batch(rows, register.name, by)
        for row, problems in written.refused:
            row.problems.extend(problems)
            result.bad.append(row)
        result.created += written.created
        result.already_there += written.already_there
        result.markers += written.markers
        done += len(rows)
        if progress is not None:
            progress(done, len(good))
    result.bad.sort(key=lambda row: row.line)
    record_imported(register.name, result, by)
    return result


def batched(rows: list[Row], size: int) -> Iterator[list[Row]]:
    if size < 1:
        raise ValueError("A batch holds at least one row")
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@writes
def record_imported(file_name: str, result: Result, by: Any) -> None:
    record(
        "alerts.register_imported",
        actor=by,
        payload={
            "file": file_name,
            "created": result.created,
            "skipped": result.already_there,
            "bad": len(result.bad),
        },
    )


@writes
def import_batch(rows: list[Row], file_name: str, by: Any) -> Written:
    """One batch in one transaction: the customers found by the council's reference or added,
    then each row's marker, once. Run again whole if it meets another writer."""
    written = Written()
    found = {
        customer.external_reference: customer
        for customer in Customer.objects.filter(
            external_reference__in=[row.reference for row in rows]
        )
    }
    wanted_keys = {key for row in rows if (key := marker_key(row))}
    stored_keys = set(
        Marker.objects.filter(import_key__in=wanted_keys).values_list("import_key", flat=True)
    )
    pack = services.pack_in_force() if wanted_keys - stored_keys else None
    new: list[Unsaved] = []
    markers: list[tuple[Customer | Unsaved, Marker]] = []
    for row in rows:
        customer = found.get(row.reference)
        try:
            unsaved = None if customer else checked_new_customer(new_customer(row), by=by)
            key = marker_key(row)
            marker = None
            if key and key not in stored_keys:
                assert pack is not None
                subject = customer or unsaved.customer  # type: ignore[union-attr]
                marker = services.checked_imported_marker(
                    pack, subject, imported_marker(row, file_name, key)
                )
        except Refusal as refusal:
            if refusal.conflict:
                raise  # not this row's answers: nothing can be imported now
            written.refused.append((row, list(refusal.answers.values()) or [refusal.message]))
            continue
        if unsaved is not None:
            new.append(unsaved)
        if marker is not None:
            markers.append((customer or unsaved, marker))  # type: ignore[arg-type]
            stored_keys.add(key)
        written.created += customer is None
        written.already_there += customer is not None
    create_customers(new, by=by)
    services.raise_imported_markers(
        [
            (owner.customer if isinstance(owner, Unsaved) else owner, marker)
            for owner, marker in markers
        ],
        by=by,
    )
    written.markers = len(markers)
    return written


def marker_key(row: Row) -> str:
    """What makes an imported marker the same one on a rerun: reference, kind and start."""
    category = row.values.get("marker_category")
    if not category:
        return ""
    return f"{row.reference}:{category}:{row.values['marker_start'].isoformat()}"


def new_customer(row: Row) -> NewCustomer:
    v = row.values
    return NewCustomer(
        given_names=text(row, "given_names"),
        family_name=text(row, "family_name"),
        date_of_birth=v.get("date_of_birth"),
        address_line_1=text(row, "address_line_1"),
        address_line_2=text(row, "address_line_2"),
        town=text(row, "town"),
        postcode=v.get("postcode", ""),
        uprn=text(row, "uprn"),
        phone=v.get("phone", ""),
        email=v.get("email", ""),
        external_reference=row.reference,
    )


def imported_marker(row: Row, file_name: str, key: str) -> services.ImportedMarker:
    return services.ImportedMarker(
        category=str(row.values["marker_category"]),
        handling=text(row, "marker_handling"),
        restricted_detail=text(row, "marker_detail"),
        severity=row.values.get("marker_severity", ""),
        starts_on=row.values["marker_start"],
        identified_risk=(
            f"Entry on the council’s previous alert register ({Path(file_name).name}, line {row.line})"
        ),
        import_key=key,
    )
