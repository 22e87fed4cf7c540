"""The Python `govukTable` and `mojTimeline` give the HTML their macros give, for any parameters."""

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.template import engines
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from conduct.core.components import Table, Timeline

WORDS = st.sampled_from(["", "Name", "<b>bold</b>", "Fish & chips", 'a "quote"', "0", 7, None])
SOME = st.one_of(st.just(None), WORDS)


def environment() -> Any:
    return engines["jinja2"].env  # type: ignore[attr-defined]


def macro() -> Any:
    """GOV.UK's own macro, as the environment had it before ours replaced it."""
    table = environment().globals["govukTable"]
    assert isinstance(table, Table)
    return table.macro


@st.composite
def cells(draw: st.DrawFn) -> dict[str, Any]:
    cell: dict[str, Any] = {}
    for name, values in [
        ("text", WORDS),
        ("html", st.sampled_from(["<a href='#'>x</a>", Markup("<i>y</i>"), "", None])),
        ("classes", SOME),
        ("format", st.sampled_from(["numeric", ""])),
        ("colspan", st.sampled_from([2, "3", 0, None])),
        ("rowspan", st.sampled_from([2, None])),
        ("attributes", st.sampled_from([{"data-x": "1"}, {}, None, {"id": "a<b"}])),
    ]:
        if draw(st.booleans()):
            cell[name] = draw(values)
    return cell


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    params: dict[str, Any] = {
        "rows": draw(st.lists(st.lists(cells(), max_size=4), max_size=4)),
    }
    for name, values in [
        ("head", st.lists(cells(), max_size=4)),
        ("caption", SOME),
        ("captionClasses", SOME),
        ("classes", SOME),
        ("firstCellIsHeader", st.booleans()),
        ("attributes", st.sampled_from([{"aria-label": "Letters"}, {}, None])),
    ]:
        if draw(st.booleans()):
            params[name] = draw(values)
    return params


@settings(max_examples=300, deadline=None)
@given(tables())
def test_any_table_is_written_as_the_macro_writes_it(params: dict[str, Any]) -> None:
    assert str(environment().globals["govukTable"](params)) == str(macro()(params))


def test_a_table_in_a_page_is_escaped_and_marked_safe() -> None:
    page = environment().from_string(
        '{{ govukTable({"head": [{"text": "A & B"}], "rows": [[{"text": "<x>"}]]}) }}'
    )
    html = page.render()
    assert "A &amp; B" in html and "&lt;x&gt;" in html
    assert html == str(macro()({"head": [{"text": "A & B"}], "rows": [[{"text": "<x>"}]]}))


def test_parameters_it_was_not_written_for_go_to_the_macro() -> None:
    odd: Any = {"rows": [[{"text": "a"}, "not a cell"]]}
    assert str(environment().globals["govukTable"](odd)) == str(macro()(odd))


ATTRIBUTES: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from([None, "", ' x="1"', [], 0, False, {}]),
    st.dictionaries(
        st.sampled_from(["id", "data-module", "hidden", "aria-label"]),
        st.one_of(
            WORDS,
            st.booleans(),
            st.fixed_dictionaries(
                {"value": st.one_of(WORDS, st.booleans()), "optional": st.booleans()}
            ),
        ),
        max_size=3,
    ),
)


@settings(max_examples=200, deadline=None)
@given(ATTRIBUTES)
def test_our_attributes_macro_writes_what_gov_uks_writes(attributes: Any) -> None:
    """Ours stands in front of GOV.UK's and skips it only where it would write nothing."""
    ours = environment().get_template("govuk_frontend_jinja/macros/attributes.html")
    theirs = environment().get_template("govuk_frontend_original/macros/attributes.html")
    assert str(ours.module.govukAttributes(attributes)) == str(
        theirs.module.govukAttributes(attributes)
    )


def timeline_macro() -> Any:
    timeline = environment().globals["mojTimeline"]
    assert isinstance(timeline, Timeline)
    return timeline.macro


TEXTS = st.sampled_from(["Incident logged", "<b>bold</b>", "Fish & chips", "", Markup("<i>y</i>")])


@st.composite
def timeline_items(draw: st.DrawFn) -> dict[str, Any]:
    at = draw(
        st.datetimes(
            min_value=datetime(1990, 1, 1),  # noqa: DTZ001 hypothesis adds the zone
            max_value=datetime(2100, 1, 1),  # noqa: DTZ001
            timezones=st.sampled_from([UTC, ZoneInfo("Europe/London")]),
        )
    )
    item: dict[str, Any] = {
        "datetime": {"timestamp": at, "type": "datetime"},
        "label": draw(st.fixed_dictionaries({}, optional={"text": TEXTS, "html": TEXTS})),
    }
    for name, values in [
        ("text", TEXTS),
        ("html", st.sampled_from(["<p>Said</p>", "", None])),
        ("byline", st.fixed_dictionaries({}, optional={"text": TEXTS, "html": TEXTS})),
    ]:
        if draw(st.booleans()):
            item[name] = draw(values)
    return item


@settings(max_examples=300, deadline=None)
@given(st.lists(timeline_items(), max_size=5), st.sampled_from([None, 2, 3]))
def test_any_timeline_is_written_as_the_macro_writes_it(items: Any, level: Any) -> None:
    params: dict[str, Any] = {"items": items}
    if level is not None:
        params["headingLevel"] = level
    assert str(environment().globals["mojTimeline"](params)) == str(timeline_macro()(params))


def test_a_timeline_it_was_not_written_for_goes_to_the_macro() -> None:
    """Classes, attributes or a date type other than "datetime" are the macro's to draw."""
    at = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    label = {"text": "Incident logged"}
    for odd in (
        {"items": [], "classes": "app-x"},
        {"items": [{"datetime": {"timestamp": at, "type": "date"}, "label": label}]},
        {
            "items": [
                {"datetime": {"timestamp": at, "type": "datetime"}, "label": label, "classes": "x"}
            ]
        },
    ):
        assert str(environment().globals["mojTimeline"](odd)) == str(timeline_macro()(odd))
