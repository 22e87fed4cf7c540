"""Bar charts for the committee report, drawn as SVG on the server: no script, no library.

Each chart is an image with a name and a description (`role="img"`, `<title>`, `<desc>`,
`aria-labelledby`), and its figures are also in the table beside it, so nothing is said only
by the chart. Bars are told apart by their label and the value written at their end as well
as their colour; text is GOV.UK black on white, and both bar colours pass 3:1 against white.
"""

import textwrap

from markupsafe import Markup, escape

from conduct.reports.committee import Report, Table

WIDTH, LABELS, VALUES = 640, 230, 40  # the whole chart, the label column, room for a value
BAR, GAP, ROW_GAP = 14, 2, 14  # one bar's height, between a row's two bars, between rows
TEXT, THIS, BEFORE = "#0b0c0c", "#1d70b8", "#505a5f"  # black, GOV.UK blue, dark grey
LEGEND = 28


def row_height() -> int:
    return 2 * BAR + GAP + ROW_GAP


def label_lines(label: str) -> list[str]:
    return textwrap.wrap(label, 30)[:3] or [""]


def bar(y: int, value: int, most: int, colour: str) -> str:
    span = WIDTH - LABELS - VALUES
    length = round(span * value / most) if most else 0
    return (
        f'<rect x="{LABELS}" y="{y}" width="{length}" height="{BAR}" fill="{colour}"/>'
        f'<text x="{LABELS + length + 4}" y="{y + BAR - 3}" font-size="12" fill="{TEXT}">'
        f"{value}</text>"
    )


def row(index: int, label: str, current: int, previous: int, most: int) -> str:
    top = LEGEND + index * row_height()
    words = "".join(
        f'<tspan x="{LABELS - 8}" dy="{0 if n == 0 else 13}">{escape(line)}</tspan>'
        for n, line in enumerate(label_lines(label))
    )
    return (
        f'<text x="{LABELS - 8}" y="{top + 12}" font-size="12" text-anchor="end" '
        f'fill="{TEXT}">{words}</text>'
        + bar(top, current, most, THIS)
        + bar(top + BAR + GAP, previous, most, BEFORE)
    )


def legend() -> str:
    return (
        f'<rect x="{LABELS}" y="4" width="12" height="12" fill="{THIS}"/>'
        f'<text x="{LABELS + 18}" y="14" font-size="12" fill="{TEXT}">This period</text>'
        f'<rect x="{LABELS + 120}" y="4" width="12" height="12" fill="{BEFORE}"/>'
        f'<text x="{LABELS + 138}" y="14" font-size="12" fill="{TEXT}">Previous period</text>'
    )


def description(table: Table) -> str:
    said = "; ".join(f"{r.label}: {r.current} (previously {r.previous})" for r in table.rows)
    return f"This period against the previous one. {said}." if said else "Nothing to show."


def bar_chart(table: Table, report: Report) -> Markup:
    """`table`'s counts as horizontal bars, this period's above the previous period's."""
    rows = [(r.label, r.current, r.previous) for r in table.rows]
    counts = [(label, a, b) for label, a, b in rows if isinstance(a, int) and isinstance(b, int)]
    lines = max((len(label_lines(label)) for label, _, _ in counts), default=1)
    height = LEGEND + len(counts) * row_height() + max(0, (lines - 2) * 13)
    name = f"chart-{table.key}"
    drawn = "".join(row(n, label, a, b, table.most) for n, (label, a, b) in enumerate(counts))
    title = f"{table.caption}, {report.period.label()}, against {report.previous.label()}"
    return Markup(  # noqa: S704  every text in it is escaped; the rest is numbers
        f'<svg xmlns="http://www.w3.org/2000/svg" class="conduct-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{name}-title {name}-desc" font-family="Arial, sans-serif">'
        f'<title id="{name}-title">{escape(title)}</title>'
        f'<desc id="{name}-desc">{escape(description(table))}</desc>'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        f"{legend()}{drawn}</svg>"
    )
