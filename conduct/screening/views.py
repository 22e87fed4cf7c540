"""The screening and pre-visit pages: thin doors into services.py.

Both are POST forms so that what was typed about a caller never appears in a
URL, a browser history or a server log.
"""

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from conduct.accounts.models import User
from conduct.core.permissions import requires
from conduct.screening import forms, services


def person(request: HttpRequest) -> User:
    return cast(User, request.user)


@requires("screening.screen")
def screen_caller(request: HttpRequest) -> HttpResponse:
    """Who the caller may be, with each match’s markers and restrictions to handle them safely."""
    form = forms.ScreeningForm(request.POST if request.method == "POST" else None)
    result = None
    if form.is_bound and form.is_valid():
        result = services.screen_for(
            form.query(),
            by=person(request),
            purpose=form.cleaned_data["purpose"],
            channel=services.Channel.PAGE,
        )
    return TemplateResponse(request, "screening/screen.html", {"form": form, "result": result})


@requires("screening.check_before_visit")
def check_before_visit(request: HttpRequest) -> HttpResponse:
    """Hazards at an address and markers on the people who live there, before going (I8)."""
    form = forms.VisitForm(request.POST if request.method == "POST" else None)
    check = None
    if form.is_bound and form.is_valid():
        check = services.check_before_visit(
            form.address(), by=person(request), channel=services.Channel.PAGE
        )
    return TemplateResponse(request, "screening/visit.html", {"form": form, "check": check})
