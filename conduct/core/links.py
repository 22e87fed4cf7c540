"""Offer a link only to a page the person may open, by asking the view's own rule.

The page behind a link carries `@requires(permission, obj=getter)`; `may_open` resolves
the link, reads that permission and getter from the view and asks the same question
the view will ask. Templates call `link(href, text)` or test `may_open(href)`, and the
service navigation and start page ask it too, so no one is offered a link to a 403.
"""

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import Resolver404, ResolverMatch, get_urlconf, resolve
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

CACHE = "_conduct_may_open"
STAND_IN = "_conduct_links_request"


def may_open(request: HttpRequest, href: str, target: Any = None) -> bool:
    """Whether the view behind `href` would let this person in (asked once per request).

    A page listing rows it has already loaded gives each row's object as `target`, so the
    view's rule is asked about it without fetching it again (one query per row otherwise).
    """
    asked: dict[str, bool] = request.__dict__.setdefault(CACHE, {})
    if href not in asked:
        asked[href] = answer(request, href, target)
    return asked[href]


def may_open_as(user: Any, href: str, target: Any = None) -> bool:
    """`may_open` for code that holds the person but not the request (presenters). The answers
    are kept on the person's object, which a request loads afresh, as a page's are."""
    request = getattr(user, STAND_IN, None)
    if request is None:
        request = HttpRequest()
        request.user = user
        setattr(user, STAND_IN, request)
    return may_open(request, href, target)


def answer(request: HttpRequest, href: str, target: Any = None) -> bool:
    match = resolved(get_urlconf() or settings.ROOT_URLCONF, urlsplit(href).path)
    if match is None:
        return False
    permission = getattr(match.func, "required_permission", None)
    if permission is None:
        return hasattr(match.func, "public_because")
    if not (request.user.is_authenticated or getattr(match.func, "asks_signed_out", False)):
        return False
    getter = getattr(match.func, "permission_object", None)
    try:
        if target is None and getter is not None:
            target = getter(request, *match.args, **match.kwargs)
    except Http404:
        return False
    return bool(request.user.has_perm(permission, target))


@lru_cache(maxsize=4096)
def resolved(urlconf: str, path: str) -> ResolverMatch | None:
    """The view behind a path, worked out once a process for each (a page asks for its
    navigation's links and each row's on every request)."""
    try:
        return resolve(path, urlconf)
    except Resolver404:
        return None


@pass_context
def may_open_here(context: Context, href: str) -> bool:
    """`may_open(href)` in a template: the page's request is the person asking."""
    return may_open(context["request"], href)


@pass_context
def link(
    context: Context, href: str, text: Any, classes: str = "govuk-link", target: Any = None
) -> Markup:
    """An anchor when the person may open the page; otherwise the text alone. A row already
    loaded is given as `target`, so the view's rule is asked about it without fetching it."""
    if not may_open(context["request"], href, target):
        return escape(text)
    return Markup('<a class="{}" href="{}">{}</a>').format(classes, href, text)
