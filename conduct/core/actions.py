"""One page for an action's form, written once for every app.

GET shows the form. POST checks the answers and calls the service; a `Refusal`
is shown on the form (on the field it names, or in the error summary the form
layer draws) with every answer kept, and success goes on with a banner.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from conduct.core.refusals import Refusal


def show_refusal(form: forms.BaseForm, refusal: Refusal) -> None:
    """The refusal on its field if the form asks it, otherwise at the top of the page."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


def attempt(form: forms.BaseForm, act: Callable[[], Any]) -> Any:
    """The service's result, or None with its refusal shown on the form (so the form has errors).

    A service that still says no with Django's ValidationError is shown the same
    way, each message on the field it names.
    """
    try:
        return act()
    except Refusal as refusal:
        show_refusal(form, refusal)
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    return None


def action_page(
    request: HttpRequest,
    template: str,
    form: forms.BaseForm,
    act: Callable[[], Any],
    *,
    then: str | Callable[[Any], str],
    done: str | Callable[[Any], str] | None = None,
    **context: Any,
) -> HttpResponse:
    """Show the form, or act on its answers and go to `then` with the banner `done`.

    Without `done` the banner is what the call returned. `then` and `done` may be
    worked out from that result (the marker a new marker page leads to).
    """
    if request.method == "POST" and form.is_valid():
        result = attempt(form, act)
        if not form.errors:
            banner = done(result) if callable(done) else done
            messages.success(request, str(result) if banner is None else banner)
            return redirect(then(result) if callable(then) else then)
    return TemplateResponse(request, template, {"form": form, **context})
