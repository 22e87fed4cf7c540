"""core.actions: one page for an action's form, with a refusal shown on it and every answer kept."""

from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.core.actions import action_page
from conduct.core.forms import GovUKForm
from conduct.core.refusals import Refusal, bad_answer

pytestmark = pytest.mark.django_db
PAGE = "core/form_page.html"


class NoteForm(GovUKForm):
    subject = forms.CharField(label="Subject")
    note = forms.CharField(label="Note", widget=forms.Textarea)


def request_for(method: str, data: dict[str, str] | None = None) -> HttpRequest:
    request = getattr(RequestFactory(), method)("/notes/add", data or {})
    request.user = staff_member(Role.CASE_OFFICER)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def one(html: BeautifulSoup, selector: str) -> Tag:
    found = html.select_one(selector)
    assert found is not None, selector
    return found


def page(request: HttpRequest, act: Any, **options: Any) -> Any:
    form = NoteForm(request.POST if request.method == "POST" else None)
    options.setdefault("then", "/notes")
    return action_page(request, PAGE, form, act, title="Add a note", **options)


ANSWERS = {"subject": "Rent arrears", "note": "Called twice about the same letter"}


def refuse(refusal: Refusal) -> Any:
    def act() -> None:
        raise refusal

    return act


def test_get_shows_the_form_and_does_not_act() -> None:
    """GET is the question page: nothing is called, nothing is said."""
    called: list[str] = []
    response = page(request_for("get"), lambda: called.append("acted"))
    response.render()
    html = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200 and not called
    assert one(html, "h1").text.strip() == "Add a note" and not html.select(".govuk-error-summary")


@pytest.mark.parametrize(
    ("refusal", "on_field"),
    [
        (Refusal("The case is closed, so no note can be added"), None),
        (bad_answer("Enter a subject of 100 characters or fewer", "subject"), "subject"),
        (bad_answer("Enter the note", "not_on_this_form"), None),
    ],
)
def test_a_refusal_is_shown_on_the_form_with_every_answer_kept(refusal, on_field) -> None:
    """The sentence is in the error summary (and by its field when the form asks it); the
    answers typed are all still there, and no banner or redirect follows."""
    request = request_for("post", ANSWERS)
    response = page(request, refuse(refusal), done="Note added")
    response.render()
    html = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert refusal.message in one(html, ".govuk-error-summary").text
    assert one(html, "input[name=subject]")["value"] == ANSWERS["subject"]
    assert one(html, "textarea[name=note]").text.strip() == ANSWERS["note"]
    field_errors = [tag.text for tag in html.select(".govuk-error-message")]
    assert any(refusal.message in text for text in field_errors) is (on_field is not None)
    assert not list(get_messages(request))


def test_success_goes_on_with_the_banner() -> None:
    """A service that accepts: the banner given (or the one it returns), then the next page."""
    request = request_for("post", ANSWERS)
    response = page(request, lambda: "ignored", done="Note added")
    assert response.status_code == 302 and response["Location"] == "/notes"
    assert [str(m) for m in get_messages(request)] == ["Note added"]
    request = request_for("post", ANSWERS)
    response = page(
        request, lambda: "Note NOTE-1 added", then=lambda banner: f"/notes/{banner[5:11]}"
    )
    assert response["Location"] == "/notes/NOTE-1"
    assert [str(m) for m in get_messages(request)] == ["Note NOTE-1 added"]


def test_unanswered_questions_are_asked_again_before_any_action() -> None:
    """The form's own checks come first: a blank answer never reaches the service."""
    called: list[str] = []
    response = page(request_for("post", {"subject": "Rent"}), lambda: called.append("acted"))
    response.render()
    assert response.status_code == 200 and not called
    html = BeautifulSoup(response.content, "html.parser")
    assert "Enter" in one(html, ".govuk-error-summary").text


def test_every_refused_answer_is_shown_on_its_own_field() -> None:
    """Several answers refused at once: each sentence by its field and in the summary."""
    answers = {"subject": "Enter a shorter subject", "note": "Enter what was said"}
    refusal = Refusal(answers["subject"], field="subject", conflict=False, answers=answers)
    response = page(request_for("post", ANSWERS), refuse(refusal), done="Note added")
    response.render()
    html = BeautifulSoup(response.content, "html.parser")
    summary = one(html, ".govuk-error-summary").text
    assert all(message in summary for message in answers.values())
    for field, message in answers.items():
        group = one(html, f"[name={field}]").find_parent(class_="govuk-form-group")
        assert group is not None and message in group.text
