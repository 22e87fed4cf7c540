"""Which page of a long list a link asks for."""

from django.http import HttpRequest

# Far beyond any list a person pages through; a larger number is read as the last of these.
MOST_PAGES = 1000


def page_number(request: HttpRequest, name: str = "page") -> int:
    """The page number in the query string, from 1; anything unreadable is the first page."""
    text = request.GET.get(name, "")
    number = int(text) if text.isdecimal() and len(text) <= 4 else 1
    return min(max(number, 1), MOST_PAGES)
