"""Importing a register: bad rows by line, duplicates refused, encodings and formulas handled, reruns harmless."""

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from conduct.accounts.roles import Role
from conduct.alerts import importing
from conduct.alerts.models import Marker
from conduct.alerts.tests import factories
from conduct.customers.models import Customer

pytestmark = pytest.mark.django_db

HEADER = (
    "Reference,First names,Last name,Date of birth,Address line 1,Postcode,Email,Phone,"
    "Marker category,Handling instructions,Marker start date\n"
)
GOOD = (
    "NN-1001,Ada,Lovelace,10/12/1985,1 Bridge Street,NN1 1AB,ada@example.com,01604 837837,"
    "threats,Phone contact only,1/3/2024\n"
)
SECOND = "NN-1002,Zoë,Müller,,2 Bridge Street,NN1 1AB,,,,,\n"


def run(path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_customers", str(path), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, content: str | bytes, name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture(autouse=True)
def pack() -> Any:
    return factories.in_force()


class TestCsv:
    def test_good_rows_imported_with_provisional_marker(self, tmp_path: Path) -> None:
        """Customers get the council's reference; a marker arrives provisional, resting on the register entry."""
        out, _ = run(write(tmp_path, HEADER + GOOD + SECOND))
        assert "2 customers added" in out
        ada = Customer.objects.get(external_reference="NN-1001")
        marker = Marker.objects.get(customer=ada)
        assert marker.status == Marker.Status.PROVISIONAL
        assert marker.starts_on.isoformat() == "2024-03-01"
        assert "register.csv, line 2" in marker.identified_risk
        assert ada.addresses.get().postcode == "NN1 1AB"

    def test_running_twice_changes_nothing(self, tmp_path: Path) -> None:
        """The second run finds every reference already there and adds nothing."""
        path = write(tmp_path, HEADER + GOOD + SECOND)
        run(path)
        counts = (Customer.objects.count(), Marker.objects.count())
        out, _ = run(path)
        assert "0 customers added, 2 already there, 0 provisional markers added" in out
        assert (Customer.objects.count(), Marker.objects.count()) == counts

    def test_bad_rows_reported_good_rows_kept(self, tmp_path: Path) -> None:
        """Each bad row is named by line with its reasons; the good ones still go in."""
        bad = (
            ",No,Reference,,,,,,,,\n"
            "NN-2,Bad,Postcode,31/2/1990,3 Road,XX,not-an-email,,,,\n"
            "NN-3,Bad,Marker,,,,,,dragons,,\n"
        )
        out, err = run(write(tmp_path, HEADER + GOOD + bad))
        assert "1 customers added" in out
        assert "Line 3: Enter the customer reference" in err
        assert (
            "Line 4:" in err
            and "real date" in err
            and "real postcode" in err
            and "correct format" in err
        )
        assert "Line 5: “dragons” is not a person marker" in err
        assert "Enter the handling instructions" in err

    def test_duplicate_reference_in_the_file(self, tmp_path: Path) -> None:
        """The second line with a reference is a bad row naming the first."""
        _, err = run(write(tmp_path, HEADER + GOOD + GOOD.replace("Ada", "Another")))
        assert "Line 3: Reference NN-1001 is already on line 2" in err
        assert Customer.objects.filter(external_reference="NN-1001").count() == 1

    def test_bom_is_ignored(self, tmp_path: Path) -> None:
        """A UTF-8 file saved by Excel with a byte order mark reads the same."""
        run(write(tmp_path, ("\ufeff" + HEADER + SECOND).encode("utf-8")))
        assert Customer.objects.get(external_reference="NN-1002").family_name == "Müller"

    def test_windows_1252_read_with_a_warning(self, tmp_path: Path) -> None:
        """A Windows-1252 file is read, with a message saying so."""
        _, err = run(write(tmp_path, (HEADER + SECOND).encode("cp1252")))
        assert "read as Windows-1252" in err
        assert Customer.objects.get(external_reference="NN-1002").given_names == "Zoë"

    def test_unreadable_bytes(self, tmp_path: Path) -> None:
        """Bytes that are neither UTF-8 nor Windows-1252 stop with a clear message."""
        with pytest.raises(CommandError, match="not UTF-8 or Windows-1252"):
            run(write(tmp_path, HEADER.encode() + b"\x81\x8d\x90,x\n"))

    def test_no_header(self, tmp_path: Path) -> None:
        """A file without a reference column is refused as a whole."""
        with pytest.raises(CommandError, match="name the columns"):
            run(write(tmp_path, GOOD))


class TestXlsx:
    def workbook(self, tmp_path: Path) -> Path:
        book = Workbook()
        sheet = book.active
        sheet.append(
            ["reference", "first names", "last name", "marker category", "handling instructions"]
        )
        sheet.append(["X-1", "Ann", "Smith", "verbal-abuse", "Calm, short calls"])
        sheet.append(["X-2", "Bob", '=UPPER("jones")', None, None])
        path = tmp_path / "register.xlsx"
        book.save(path)
        return path

    def test_formula_without_saved_value_is_a_bad_row(self, tmp_path: Path) -> None:
        """openpyxl saves no calculated value, so the formula row is bad and the other imported."""
        out, err = run(self.workbook(tmp_path))
        assert "1 customers added" in out
        assert "Line 3: The family name cell has a formula with no saved value" in err
        assert Marker.objects.get().category == "verbal-abuse"


class TestUploadPages:
    def test_upload_preview_confirm_result(
        self, client: Any, make_staff: Any, sign_in: Any, settings: Any, tmp_path: Path
    ) -> None:
        """An administrator uploads, sees first rows and every bad row, confirms, and sees the result."""

        settings.VAR_DIR = tmp_path
        sign_in(make_staff(Role.ADMINISTRATOR))
        content = (HEADER + GOOD + ",No,Reference,,,,,,,,\n").encode()
        sent = client.post(
            reverse("alerts:import"), {"file": SimpleUploadedFile("reg.csv", content)}
        )
        assert sent.status_code == 302
        preview = client.get(sent["Location"]).content.decode()
        assert "NN-1001" in preview
        assert "Enter the customer reference" in preview
        assert Customer.objects.count() == 0
        done = client.post(sent["Location"]).content.decode()
        assert "Import finished" in done
        assert Customer.objects.filter(external_reference="NN-1001").exists()

    def test_wrong_kind_of_file(self, client: Any, make_staff: Any, sign_in: Any) -> None:
        """Only CSV and XLSX are accepted, with an error summary."""

        sign_in(make_staff(Role.ADMINISTRATOR))
        response = client.post(
            reverse("alerts:import"), {"file": SimpleUploadedFile("reg.pdf", b"%PDF")}
        )
        assert "The selected file must be a CSV or XLSX" in response.content.decode()

    def test_a_file_over_the_limit_is_refused(
        self, client: Any, make_staff: Any, sign_in: Any, settings: Any, tmp_path: Path
    ) -> None:
        """A register larger than REGISTER_IMPORT_MAX_BYTES is refused, and nothing is kept."""

        settings.VAR_DIR = tmp_path
        settings.REGISTER_IMPORT_MAX_BYTES = 1024
        sign_in(make_staff(Role.ADMINISTRATOR))
        content = (HEADER + GOOD * 40).encode()
        response = client.post(
            reverse("alerts:import"), {"file": SimpleUploadedFile("reg.csv", content)}
        )
        assert "The selected file must be smaller than 1.0 KB" in response.content.decode()
        assert not (tmp_path / "imports").exists() or not any((tmp_path / "imports").iterdir())

    def test_frontline_cannot_import(self, client: Any, make_staff: Any, sign_in: Any) -> None:
        """Importing is for administrators."""

        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        assert client.get(reverse("alerts:import")).status_code == 403


def with_cached_values(path: Path) -> None:
    """Give each formula a saved value, as Excel does when it saves (openpyxl saves none)."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = (
        parts[sheet]
        .replace(b"<v></v>", b"<v>JONES</v>")
        .replace(b'<c r="C3">', b'<c r="C3" t="str">')
    )
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)


def test_formula_with_saved_value_uses_it(tmp_path: Path) -> None:
    """A formula Excel calculated gives its saved value, not the formula text."""
    path = TestXlsx().workbook(tmp_path)
    with_cached_values(path)
    _, err = run(path)
    assert err == ""
    assert Customer.objects.get(external_reference="X-2").family_name == "JONES"


# Control characters and lengths (issue 16, items 4 and 6) ------------------------------------


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("NN-4,Ada\x00,Nul,,,,,,,,\n", "Given names must not include control characters"),
        ("NN-4,Ada,Esc\x1b,,,,,,,,\n", "Family name must not include control characters"),
        ("NN-4\x7f,Ada,Del,,,,,,,,\n", "Reference must not include control characters"),
        (
            "NN-4,Ada,Nul,,,,,,threats,Meet\x00 in pairs,\n",
            "Marker handling must not include control characters",
        ),
        (f"NN-4,{'x' * 151},Long,,,,,,,,\n", "Given names must be 150 characters or fewer"),
        (f"NN-4,Ada,Long,,{'x' * 201},,,,,,\n", "Address line 1 must be 200 characters or fewer"),
        (f"{'N' * 51},Ada,Long,,,,,,,,\n", "Reference must be 50 characters or fewer"),
    ],
)
def test_control_characters_and_overlong_values_make_a_bad_row(
    tmp_path: Path, line: str, problem: str
) -> None:
    """A cell with a control character, or longer than Conduct stores, is a bad row by line."""
    out, err = run(write(tmp_path, HEADER + GOOD + line))
    assert "1 customers added" in out
    assert f"Line 3: {problem}" in err
    assert Customer.objects.count() == 1


def test_confirming_an_import_writes_all_of_it_or_none(client: Any, make_staff: Any) -> None:
    """A failure part way through the writing leaves nothing half done."""
    register = importing.read_register("register.csv", (HEADER + SECOND + GOOD).encode())
    register.rows[1].values.pop("marker_start")  # its customer is written, then its marker fails
    with pytest.raises(KeyError):
        importing.import_rows(register, by=make_staff(Role.ADMINISTRATOR))
    assert (Customer.objects.count(), Marker.objects.count()) == (0, 0)
