"""The page checks catch the mistakes they are for."""

import pytest

from conduct.core.page_checks import problems

GOOD = """<html><head><title>Sign in – Conduct</title></head><body>
<h1 class="govuk-heading-l">Sign in</h1><p class="govuk-body">Hello</p>
<a class="govuk-link" href="/">Home</a><form action="/x" method="post"></form></body></html>"""


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('<h1 class="govuk-heading-l">Sign in</h1>', ""), "expected one h1, found 0"),
        (("</body>", "<h1>Again</h1></body>"), "expected one h1, found 2"),
        (("<title>Sign in", "<title>Welcome"), "does not start with the h1"),
        (('<p class="govuk-body">', '<p id="a" class="govuk-body">'), None),
        (('<a class="govuk-link"', "<a"), "<a> without a class"),
        (('<p class="govuk-body">', "<p>"), "<p> without a class"),
        (('action="/x"', ""), "form without an action"),
        (("</body>", '<span id="x"></span><span id="x"></span></body>'), "id 'x' is used 2 times"),
        (("Hello", "It's here"), "straight quote"),
    ],
)
def test_each_check_fails_the_page_it_should(change, problem):
    """A page with one deliberate mistake fails with a message naming it (and a good page passes)."""
    html = GOOD.replace(*change)
    found = problems(html)
    if problem is None:
        assert found == []
    else:
        assert any(problem in p for p in found), found


def test_an_error_title_still_starts_with_the_h1():
    """'Error: ' before the title is how GOV.UK marks a page with errors; it is allowed."""
    assert problems(GOOD.replace("<title>Sign in", "<title>Error: Sign in")) == []


def test_text_typed_into_a_textarea_is_not_checked_for_quotes():
    """A textarea holds what someone typed (a TOML file, say), not the page's own words."""
    html = GOOD.replace("</form>", '<textarea name="t">key = "value"</textarea></form>')
    assert problems(html) == []
