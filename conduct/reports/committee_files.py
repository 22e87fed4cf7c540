"""The committee report as files: PDF for printing, Word for the committee papers, and the
figures as CSV and ODS for those who chart them again. Every file holds the same rows as the
page (`lines`): section, table, figure, this period and the previous one, and for a share
(reviews held on time) the number it is out of.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.template.loader import render_to_string
from docx import Document
from docx.shared import Pt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table as OdsTable
from odf.table import TableCell, TableRow
from odf.text import P

from conduct.core.pdf import render_pdf
from conduct.reports.committee import Figure, Report, Share
from conduct.reports.committee_charts import bar_chart


@dataclass(frozen=True)
class Line:
    section: str
    table: str
    figure: str
    current: int
    current_of: int | None
    previous: int
    previous_of: int | None


def parts(value: Figure) -> tuple[int, int | None]:
    return (value.count, value.of) if isinstance(value, Share) else (value, None)


def lines(report: Report) -> Iterator[Line]:
    for section, table in report.tables():
        for row in table.rows:
            yield Line(
                section.title, table.caption, row.label, *parts(row.current), *parts(row.previous)
            )


def header(report: Report) -> list[str]:
    return [
        "Section",
        "Table",
        "Figure",
        f"This period ({report.period.label()})",
        "This period: out of",
        f"Previous period ({report.previous.label()})",
        "Previous period: out of",
    ]


def cell(text: str) -> str:
    # Spreadsheet programs run cells that start with these as formulas (service names are typed).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def values(line: Line) -> list[str | int | None]:
    return [
        cell(line.section),
        cell(line.table),
        cell(line.figure),
        line.current,
        line.current_of,
        line.previous,
        line.previous_of,
    ]


def csv_bytes(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(report))
    for line in lines(report):
        writer.writerow(["" if v is None else v for v in values(line)])
    return buffer.getvalue().encode("utf-8-sig")  # the mark tells Excel it is UTF-8


def ods_cell(value: str | int | None) -> TableCell:
    if value is None:
        return TableCell()
    number = isinstance(value, int)
    found = TableCell(valuetype="float", value=value) if number else TableCell(valuetype="string")
    found.addElement(P(text=str(value)))
    return found


def ods_bytes(report: Report) -> bytes:
    document = OpenDocumentSpreadsheet()
    sheet = OdsTable(name="Committee report")
    rows: list[list[str | int | None]] = [list(header(report))]
    rows.extend(values(line) for line in lines(report))
    for row in rows:
        found = TableRow()
        for value in row:
            found.addElement(ods_cell(value))
        sheet.addElement(found)
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def shown(value: Figure) -> str:
    return str(value)


def docx_bytes(report: Report, council: str) -> bytes:
    """A Word document for the committee papers: a heading per section, a table per figure."""
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"{council}: sanctions report to committee", level=0)
    document.add_paragraph(
        f"Figures for {report.period.label()}, each beside the previous period of the same "
        f"length ({report.previous.label()})."
    )
    for section in report.sections:
        document.add_heading(section.title, level=1)
        for table in section.tables:
            document.add_heading(table.caption, level=2)
            found = document.add_table(rows=1, cols=3)
            found.style = "Table Grid"
            for box, text in zip(
                found.rows[0].cells, ("Figure", "This period", "Previous period"), strict=True
            ):
                box.text = text
            for row in table.rows:
                boxes = found.add_row().cells
                boxes[0].text, boxes[1].text = row.label, shown(row.current)
                boxes[2].text = shown(row.previous)
        if section.key == "appeals":
            document.add_heading("Equality monitoring", level=1)
            document.add_paragraph(EQUALITY_NOTE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


EQUALITY_NOTE = (
    "The equality breakdown of customers warned or restricted in the same period is in the "
    "equality monitoring report, which has its own permission."
)


def pdf_html(report: Report, council: str) -> str:
    charts = {table.key: bar_chart(table, report) for _, table in report.tables() if table.chart}
    return render_to_string(
        "reports/committee_pdf.html",
        {"report": report, "council": council, "charts": charts, "equality_note": EQUALITY_NOTE},
    )


def pdf_bytes(report: Report, council: str) -> bytes:
    return render_pdf(pdf_html(report, council))
