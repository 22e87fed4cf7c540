"""One page for an action's form, written once for every app.

GET shows the form. POST checks the answers and calls the service; a `Refusal`
is shown on the form (on the field it names, or in the error summary the form
layer draws) with every answer kept, and success goes on with a banner.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from conduct.core.refusals import Refusal


def show_refusal(form: forms.BaseForm, refusal: Refusal) -> None:
    """Each refused answer on its field if the form asks it, otherwise at the top of the page."""
    for field, message in refusal.answers.items() or [(None, refusal.message)]:
        form.add_error(field if field in form.fields else None, message)


def attempt(form: forms.BaseForm, act: Callable[[], Any]) -> Any:
    """The service's result, or None with its refusal shown on the form (so the form has errors)."""
    try:
        return act()
    except Refusal as refusal:
        show_refusal(form, refusal)
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
