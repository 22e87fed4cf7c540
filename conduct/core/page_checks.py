"""Checks every rendered page must pass, as GOV.UK Notify's test suite does.

Used by a middleware in the test settings, so every HTML page any test renders
is checked: exactly one h1; the title starts with the h1's text (after
"Error: "); ids are unique; every form has an action; every paragraph and link
has a class (so it is styled as GOV.UK intends); text uses curly quotes.
"""

from collections import Counter
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag
from django.http import HttpRequest, HttpResponse


class PageCheckError(AssertionError):
    pass


def problems(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        found.append(f"expected one h1, found {len(h1s)}")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if h1s and not title.removeprefix("Error: ").startswith(h1s[0].get_text(" ", strip=True)):
        found.append(f"title {title!r} does not start with the h1 {h1s[0].get_text(strip=True)!r}")
    ids = Counter(str(tag["id"]) for tag in soup.find_all(id=True))
    found += [f"id {id_!r} is used {n} times" for id_, n in ids.items() if n > 1]
    found += [
        f"form without an action: {str(f)[:80]}"
        for f in soup.find_all("form")
        if not f.get("action")
    ]
    for name in ("p", "a"):
        found += [
            f"<{name}> without a class: {str(t)[:80]}"
            for t in soup.find_all(name)
            if not t.get("class") and not styled_by_parent(t)
        ]
    found += [
        f"straight quote in text, use ’ or “”: {text.strip()[:60]!r}"
        for text in visible_text(soup)
        if "'" in text or '"' in text
    ]
    return found


def visible_text(soup: BeautifulSoup) -> list[str]:
    # What staff typed (a textarea's text) is theirs, not the page's own words.
    skip = ("script", "style", "code", "pre", "title", "svg", "textarea")
    return [
        str(s)
        for s in soup.find_all(string=True)
        if s.parent and s.parent.name not in skip and not any(p.name in skip for p in s.parents)
    ]


# GOV.UK components that style their own unclassed children.
STYLED_BY_PARENT = {"govuk-error-summary__list"}


def styled_by_parent(tag: Tag) -> bool:
    return any(STYLED_BY_PARENT & set(parent.get("class") or []) for parent in tag.parents)


class PageCheckMiddleware:
    """Raises on any HTML page that fails the checks (test settings only)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if is_html and not response.streaming and response.content:
            found = problems(response.content.decode())
            if found:
                raise PageCheckError(f"{request.path}: " + "; ".join(found))
        return response
