"""The Python `govukTable` gives the HTML GOV.UK's own macro gives, for any parameters."""

from typing import Any

from django.template import engines
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from conduct.core.components import Table

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
