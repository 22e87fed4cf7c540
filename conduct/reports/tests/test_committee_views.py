"""The committee report's page and downloads: who may read them, what they show, that every
file holds the page's figures, and that each read is audited with its period."""

import csv
import io
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from docx import Document
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.core.tests.pdf_files import text_of
from conduct.reports import committee_tasks
from conduct.reports.tests.committee_council import EXPECTED, TODAY, committee_council

pytestmark = pytest.mark.django_db
PAGE = reverse("reports:committee")
Q3 = {"from": "2026-07-01", "to": "2026-09-30"}
BOXES = {
    "from_day": "1",
    "from_month": "7",
    "from_year": "2026",
    "to_day": "30",
    "to_month": "9",
    "to_year": "2026",
}


@pytest.fixture(autouse=True)
def december() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def auditor(sign_in, make_staff):
    committee_council()
    return sign_in(make_staff(Role.AUDITOR))


def soup(response: Any) -> Any:
    return BeautifulSoup(response.content, "html.parser")


def file_url(kind: str) -> str:
    return reverse("reports:committee_file", args=[kind])


def shown(value: object) -> str:
    return str(value)


def test_the_page_shows_every_figure_beside_the_previous_periods(client, auditor):
    """Each table on the page holds the hand-worked figures, this period then the previous."""
    page = soup(client.get(PAGE, BOXES))
    assert page.h1.text.strip() == "Committee report"
    for key, rows in EXPECTED.items():
        table = page.find(id=f"table-{key}")
        assert table is not None, key
        found = [
            [cell.text.strip() for cell in row.find_all(["th", "td"])]
            for row in table.tbody.find_all("tr")
        ]
        assert found == [[label, shown(now), shown(before)] for label, now, before in rows], key


def test_each_chart_is_a_named_image_with_a_table_of_the_same_figures_beside_it(client, auditor):
    """An SVG with role img, a title and a description naming every figure, next to its table."""
    page = soup(client.get(PAGE, Q3))
    charts = page.find_all("svg", class_="conduct-chart")
    assert len(charts) == 12  # every table but the two that are one figure or a share
    for chart in charts:
        key = chart["aria-labelledby"].split()[0].removeprefix("chart-").removesuffix("-title")
        assert chart["role"] == "img"
        title, desc = chart.find("title"), chart.find("desc")
        assert title["id"] in chart["aria-labelledby"] and desc["id"] in chart["aria-labelledby"]
        assert "1 July 2026 to 30 September 2026" in title.text
        for label, now, before in EXPECTED[key]:
            assert f"{label}: {now} (previously {before})" in desc.text
        beside = chart.find_parent(class_="govuk-grid-row")
        assert beside.find(id=f"table-{key}") is not None


def test_without_a_period_the_page_shows_the_last_complete_quarter(client, auditor):
    """On 7 December 2026 the last complete quarter is July to September."""
    page = client.get(PAGE).content.decode()
    assert "1 July 2026 to 30 September 2026" in page
    assert "31 March 2026 to 30 June 2026" in page


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({**BOXES, "to_year": "2027"}, "The ‘To’ date must be today or in the past"),
        ({**BOXES, "to_month": "6"}, "The ‘To’ date must be the same as or after the ‘From’ date"),
        ({**BOXES, "from_year": "2020"}, "The period must be 5 years or shorter"),
        ({**BOXES, "from_day": "", "from_month": "", "from_year": ""}, "Enter the ‘From’ date"),
        ({**BOXES, "to_month": "13"}, "must be a real date"),
    ],
)
def test_a_wrong_period_is_named_in_the_error_summary(client, auditor, answers, message):
    """The error summary says what is wrong; the answers are kept in the boxes."""
    response = client.get(PAGE, answers)
    page = soup(response)
    assert response.status_code == 200
    assert page.title.text.startswith("Error: ")
    assert message in page.find(class_="govuk-error-summary").text
    assert page.find(id="id_to_year")["value"] == answers["to_year"]


def test_a_download_of_a_wrong_period_is_refused(client, auditor):
    response = client.get(file_url("csv"), {"from": "2026-09-30", "to": "2026-07-01"})
    assert response.status_code == 400


def rows_of_expected() -> list[tuple[str, str, str]]:
    return [
        (label, shown(now), shown(before))
        for rows in EXPECTED.values()
        for label, now, before in rows
    ]


def spreadsheet_rows(table_rows: list[list[str]]) -> list[tuple[str, str, str]]:
    """(figure, this period, previous period) as the page says them, from a file's cells."""
    said = []
    for row in table_rows[1:]:
        _, _, label, now, now_of, before, before_of = (row + [""] * 7)[:7]
        now_text = f"{round(100 * int(now) / int(now_of))}% ({now} of {now_of})" if now_of else now
        before_text = (
            f"{round(100 * int(before) / int(before_of))}% ({before} of {before_of})"
            if before_of
            else before
        )
        said.append((label, now_text, before_text))
    return said


def test_the_csv_holds_the_same_figures(client, auditor):
    response = client.get(file_url("csv"), Q3)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][3] == "This period (1 July 2026 to 30 September 2026)"
    assert spreadsheet_rows(rows) == rows_of_expected()


def ods_rows(data: bytes) -> list[list[str]]:
    document = load(io.BytesIO(data))
    sheet = document.spreadsheet.getElementsByType(Table)[0]
    found = []
    for row in sheet.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            cells.append("".join(str(p) for p in cell.getElementsByType(P)))
        found.append(cells)
    return found


def test_the_ods_opens_and_holds_the_same_figures_as_numbers(client, auditor):
    response = client.get(file_url("ods"), Q3)
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert spreadsheet_rows(ods_rows(response.content)) == rows_of_expected()
    sheet = load(io.BytesIO(response.content)).spreadsheet.getElementsByType(Table)[0]
    second = sheet.getElementsByType(TableRow)[1].getElementsByType(TableCell)[3]
    assert second.getAttribute("valuetype") == "float"


def test_the_word_document_holds_every_table_with_the_same_figures(client, auditor):
    response = client.get(file_url("docx"), Q3)
    document = Document(io.BytesIO(response.content))
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows[1:]] for table in document.tables
    ]
    assert tables == [
        [[label, shown(now), shown(before)] for label, now, before in rows]
        for rows in EXPECTED.values()
    ]
    headings = [
        p.text for p in document.paragraphs if p.style and str(p.style.name).startswith("Heading")
    ]
    assert "Equality monitoring" in headings


def test_the_pdf_holds_the_same_figures(client, auditor):
    response = client.get(file_url("pdf"), Q3)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(text_of(response.content).split())
    for label, now, before in rows_of_expected():
        assert f"{' '.join(label.split())} {now} {before}" in text, label
    assert "Equality monitoring" in text


def test_the_pdf_is_made_by_a_worker_for_the_one_who_asked(
    client, auditor, sign_in, make_staff, django_capture_on_commit_callbacks
):
    """Asked for from the page, made by the job, offered on its status page, downloaded by the
    person who asked only, and the download audited with its period."""
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("reports:ask_for_committee_pdf"), Q3)
    assert asked.status_code == 302
    status = soup(client.get(asked["Location"]))
    assert status.h1.text.strip() == "Your PDF is ready"
    download = status.find("a", string=lambda s: s and "Download the PDF" in s)["href"]
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(text_of(response.content).split())
    assert "Named services 3 0" in text
    event = AuditEvent.objects.filter(verb="reports.committee_report_downloaded").get()
    assert (event.actor, event.payload["start"], event.payload["format"]) == (
        auditor,
        "2026-07-01",
        "PDF",
    )
    sign_in(make_staff(Role.AUDITOR))
    assert client.get(download).status_code == 404
    assert "being made" in client.get(asked["Location"]).content.decode()


def test_the_page_links_to_equality_monitoring_for_the_same_period(client, auditor):
    page = soup(client.get(PAGE, Q3))
    link = page.find("a", string=lambda s: s and s.startswith("Equality monitoring for"))
    assert link["href"] == (
        "/reports/equality/?start_day=1&start_month=7&start_year=2026"
        "&end_day=30&end_month=9&end_year=2026"
    )
    equality = soup(client.get(link["href"]))
    assert "1 July 2026" in equality.text and "30 September 2026" in equality.text


def test_the_equality_link_shows_only_to_those_who_may_read_it(client, sign_in, make_staff):
    """A line manager reads the committee report but not equality monitoring."""
    sign_in(make_staff(Role.LINE_MANAGER))
    page = client.get(PAGE, Q3).content.decode()
    assert "Equality monitoring for" not in page
    assert "equality monitoring report, which has its own permission" in page


OVERSEERS = [
    Role.LINE_MANAGER,
    Role.DECISION_MAKER,
    Role.HEALTH_AND_SAFETY_OFFICER,
    Role.COMPLAINTS_AND_CUSTOMER_SERVICES,
    Role.AUDITOR,
]


@pytest.mark.parametrize("role", OVERSEERS)
def test_those_who_oversee_sanctions_may_read_it(client, sign_in, make_staff, role):
    sign_in(make_staff(role))
    assert client.get(PAGE).status_code == 200
    assert client.get(file_url("csv")).status_code == 200


@pytest.mark.parametrize("role", [role for role in Role if role not in OVERSEERS])
def test_other_roles_are_refused(client, sign_in, make_staff, role):
    sign_in(make_staff(role))
    assert client.get(PAGE).status_code == 403
    assert client.get(file_url("pdf")).status_code == 403


def test_someone_not_signed_in_is_sent_to_sign_in(client):
    assert client.get(PAGE).status_code == 302


def test_every_read_is_audited_with_its_period(client, auditor):
    """The page and each download are recorded, with the period they covered."""
    client.get(PAGE, Q3)
    client.get(file_url("ods"), Q3)
    events = list(AuditEvent.objects.filter(verb__startswith="reports.").order_by("sequence"))
    assert [(e.verb, e.actor, e.payload["start"], e.payload["end"]) for e in events] == [
        ("reports.committee_report_viewed", auditor, "2026-07-01", "2026-09-30"),
        ("reports.committee_report_downloaded", auditor, "2026-07-01", "2026-09-30"),
    ]
    assert events[1].payload["format"] == "ODS spreadsheet"


def test_pdfs_made_on_request_are_removed_once_a_day_old(settings, tmp_path):
    """The hourly job removes PDFs and failure notes older than COMMITTEE_REPORT_PDF_KEEP,
    and leaves those the person who asked may still be about to download."""
    settings.CASE_FILES_ROOT = tmp_path
    kept_folder = committee_tasks.folder()
    kept_folder.mkdir(parents=True)
    old, failed, fresh = (kept_folder / name for name in ("1_a.pdf", "2_b.failed", "3_c.pdf"))
    for path in (old, failed, fresh):
        path.write_bytes(b"%PDF")
    a_day_and_more = time.time() - 25 * 3600
    for path in (old, failed):
        os.utime(path, (a_day_and_more, a_day_and_more))
    assert committee_tasks.remove_old_committee_report_pdfs.call() == 2
    assert sorted(kept_folder.iterdir()) == [fresh]


def test_a_pdf_that_could_not_be_made_says_so_and_offers_to_try_again(
    client, auditor, monkeypatch, django_capture_on_commit_callbacks
):
    def fails(*args, **kwargs):
        raise RuntimeError("the printer is out of paper")

    monkeypatch.setattr(committee_tasks.committee_files, "pdf_bytes", fails)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("reports:ask_for_committee_pdf"), Q3)
    status = client.get(asked["Location"]).content.decode()
    assert "Try again" in status
    assert "out of paper" not in status
