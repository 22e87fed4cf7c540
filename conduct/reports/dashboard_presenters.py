"""The oversight dashboard's tables, as GOV.UK table rows (the page's words, not the API's)."""

from typing import Any

from django.http import HttpRequest
from markupsafe import Markup, escape

from conduct.core.links import may_open
from conduct.reports.dashboard import Row, Section

Params = dict[str, Any]


def figure_link(request: HttpRequest, href: str, text: str) -> Markup:
    """The figure's words, linked to its list where this person may open that list."""
    if not may_open(request, href):
        return escape(text)
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(href, text)


def figure_rows(request: HttpRequest, section: Section) -> list[list[Params]]:
    return [
        [
            {"html": figure_link(request, figure.href, figure.label)},
            {"text": f"{figure.count:,}", "format": "numeric"},
        ]
        for figure in section.figures
    ]


def detail_rows(section: Section) -> list[list[Params]]:
    return [detail_row(row) for row in section.rows]


def detail_row(row: Row) -> list[Params]:
    return [
        {"text": row.customer},
        {"text": row.reference},
        {"text": f"{row.what}: {row.note}" if row.note else row.what},
        {"text": f"{row.on:%-d %B %Y}" if row.on else ""},
        {"text": "" if row.days is None else str(row.days), "format": "numeric"},
    ]


def hours(value: float | None) -> str:
    """A median time taken, in the unit a person reads it in."""
    if value is None:
        return "nothing handled yet"
    if value < 48:
        return "1 hour" if value == 1 else f"{value:g} hours"
    return f"{value / 24:.1f} days"


def tables(request: HttpRequest, sections: list[Section]) -> list[Params]:
    """Each section with its figures' rows and its detail rows, ready for the template."""
    return [
        {
            "section": section,
            "anchor": section.key.replace("_", "-"),
            "figures": figure_rows(request, section),
            "detail": detail_rows(section),
            "medians": [(median.label, hours(median.hours)) for median in section.medians],
        }
        for section in sections
    ]
