"""GOV.UK components written in Python where the Jinja macro costs a page most of its time.

`govukTable` renders a list page's table: GOV.UK's macro builds every cell through three
nested macro calls (the cell, its attributes and a captured block), about a third of
rendering a page of 50 rows. `Table` gives the same HTML, character for character
(`core/tests/test_components.py` renders the same parameters through both), and hands
anything it was not written for (parameters that are not plain dictionaries) to the macro.
`Timeline` does the same for MOJ's timeline (`components/moj.html`), which the customer page
draws with four macro calls an entry.
"""

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup, escape

Macro = Callable[[Any], Any]


class Table:
    """`govukTable(params)`, as GOV.UK Frontend's macro renders it."""

    def __init__(self, macro: Macro, attributes: Macro) -> None:
        self.macro = macro  # the original, for parameters this does not read
        self.attributes_macro = attributes

    def __call__(self, params: Any) -> Markup:
        if not plain(params):
            return Markup(self.macro(params))  # noqa: S704 the macro's own escaped output
        html = [
            '\n<table class="govuk-table',
            suffix(params.get("classes")),
            '"',
            self.attributes(params),
            ">\n",
            self.caption(params),
            "\n",
            self.head(params),
            '\n  <tbody class="govuk-table__body">\n',
        ]
        for row in params.get("rows") or ():
            html.append(self.row(row, bool(params.get("firstCellIsHeader"))))
        html.append("\n  </tbody>\n</table>\n")
        return Markup("".join(html))  # noqa: S704 every value is escaped as it is added

    def caption(self, params: Mapping[str, Any]) -> str:
        if not params.get("caption"):
            return ""
        classes = suffix(params.get("captionClasses"))
        text = escape(params["caption"])
        return f'\n  <caption class="govuk-table__caption{classes}">{text}</caption>\n'

    def head(self, params: Mapping[str, Any]) -> str:
        if not params.get("head"):
            return ""
        cells = "".join(
            '\n      <th scope="col" class="govuk-table__header'
            f"{suffix(item.get('format'), 'govuk-table__header--')}{suffix(item.get('classes'))}"
            f'"{spans(item)}{self.attributes(item)}>{content(item)}</th>\n    '
            for item in params["head"]
        )
        return (
            '\n  <thead class="govuk-table__head">\n    <tr class="govuk-table__row">\n    '
            f"{cells}\n    </tr>\n  </thead>\n"
        )

    def row(self, row: Any, first_is_header: bool) -> str:
        if not row:
            return "\n  \n"
        cells = []
        for number, cell in enumerate(row):
            shared = spans(cell) + self.attributes(cell)
            if number == 0 and first_is_header:
                cells.append(
                    '\n      \n      \n      <th scope="row" class="govuk-table__header'
                    f'{suffix(cell.get("classes"))}"{shared}>{content(cell)}</th>\n      \n    '
                )
            else:
                cells.append(
                    '\n      \n      \n      <td class="govuk-table__cell'
                    f"{suffix(cell.get('format'), 'govuk-table__cell--')}"
                    f'{suffix(cell.get("classes"))}"{shared}>{content(cell)}</td>\n      \n    '
                )
        return (
            '\n  \n    <tr class="govuk-table__row">\n    ' + "".join(cells) + "\n    </tr>\n  \n"
        )

    def attributes(self, params: Mapping[str, Any]) -> str:
        """GOV.UK's own attributes macro, asked only when there are attributes to write."""
        given = params.get("attributes")
        if given is None or isinstance(given, Undefined):
            return ""
        return str(self.attributes_macro(given))


def plain(params: Any) -> bool:
    """Parameters as our templates write them: dictionaries of rows of dictionaries."""
    if type(params) is not dict:
        return False
    head, rows = params.get("head") or [], params.get("rows") or []
    if not isinstance(head, list | tuple) or not isinstance(rows, list | tuple):
        return False
    cells = [*head, *(cell for row in rows if row for cell in row)]
    return all(isinstance(row, list | tuple) for row in rows if row) and all(
        type(cell) is dict for cell in cells
    )


def suffix(value: Any, prefix: str = "") -> str:
    """` {prefix}{value}` when the value is given, as the macro's `{% if %}` writes it."""
    return f" {prefix}{escape(value)}" if value and not isinstance(value, Undefined) else ""


def spans(cell: Mapping[str, Any]) -> str:
    found = ""
    for name in ("colspan", "rowspan"):
        value = cell.get(name)
        if value and not isinstance(value, Undefined):
            found += f' {name}="{escape(value)}"'
    return found


def content(cell: Mapping[str, Any]) -> str:
    """The cell's HTML as given, else its text escaped (an absent text is nothing)."""
    html = cell.get("html")
    if html and not isinstance(html, Undefined):
        return str(html)
    if "text" not in cell or isinstance(cell["text"], Undefined):
        return ""
    return str(escape(cell["text"]))


class Timeline:
    """`mojTimeline(params)`, as `components/moj.html` renders it, for entries dated and timed."""

    ITEM_KEYS = frozenset({"label", "text", "html", "datetime", "byline"})

    def __init__(self, find_macro: Callable[[], Macro]) -> None:
        # The original, for parameters this does not read: found when first needed, since an
        # environment may be built without the app templates that hold it.
        self.find_macro = find_macro

    @property
    def macro(self) -> Macro:
        return self.find_macro()

    def __call__(self, params: Any) -> Markup:
        if not self.plain(params):
            return Markup(self.macro(params))  # noqa: S704 the macro's own escaped output
        level = params.get("headingLevel") or 2
        items = "".join(self.item(item, level) for item in params.get("items") or ())
        return Markup(f'<div class="moj-timeline">{items}</div>')  # noqa: S704 escaped as added

    def plain(self, params: Any) -> bool:
        """Parameters as the customer page writes them: no classes or attributes, and each
        entry's date a datetime shown as one (MOJ's "datetime" type)."""
        if type(params) is not dict or set(params) - {"items", "headingLevel"}:
            return False
        items = params.get("items") or []
        return isinstance(items, list | tuple) and all(
            type(item) is dict
            and "label" in item
            and not set(item) - self.ITEM_KEYS
            and all(type(item.get(part, {})) is dict for part in ("label", "byline", "datetime"))
            and isinstance(item.get("datetime", {}).get("timestamp"), datetime)
            and item["datetime"].get("type") == "datetime"
            for item in items
        )

    def item(self, item: Mapping[str, Any], level: Any) -> str:
        byline = ""
        if item.get("byline"):
            byline = f'\n        <p class="moj-timeline__byline">by {content(item["byline"])}</p>\n      '
        at = item["datetime"]["timestamp"]
        return (
            '\n  <div class="moj-timeline__item">\n\n    <div class="moj-timeline__header">\n'
            f'      <h{level} class="moj-timeline__title">{content(item.get("label") or {})}'
            f"</h{level}>\n      {byline}\n    </div>\n\n"
            '    <p class="moj-timeline__date">\n'
            f'      <time datetime="{escape(at.isoformat())}">{escape(spoken(at))}</time>\n'
            "    </p>\n\n"
            f'    <div class="moj-timeline__description">{content(item)}</div>\n\n  </div>\n  '
        )


def spoken(at: datetime) -> str:
    """MOJ's `datetime` date: "4 March 2026 at 1:05pm", "4 March 2026 at 12am"."""
    minutes = f":{at.minute:02d}" if at.minute > 0 else ""
    return f"{at.day} {at:%B %Y} at {at.hour % 12 or 12}{minutes}{'pm' if at.hour >= 12 else 'am'}"
