"""The GOV.UK form layer: each Django field renders through its GOV.UK component."""

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template import engines

from conduct.core.forms import GovUKDateField, GovUKForm, component_for


class ExampleForm(GovUKForm):
    name = forms.CharField(label="Your name", help_text="As on your badge")
    email = forms.EmailField(label="Email address")
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    channel = forms.ChoiceField(
        label="Channel", choices=[("phone", "Phone"), ("email", "Email")], widget=forms.RadioSelect
    )
    services = forms.MultipleChoiceField(
        label="Services",
        required=False,
        choices=[("housing", "Housing"), ("tax", "Council tax")],
        widget=forms.CheckboxSelectMultiple,
    )
    team = forms.ChoiceField(label="Team", choices=[("", "Choose"), ("a", "A")])
    police = forms.BooleanField(label="Police called", required=False)
    evidence = forms.FileField(label="Evidence", required=False)


@pytest.mark.parametrize(
    ("field", "macro"),
    [
        ("name", "govukInput"),
        ("email", "govukInput"),
        ("password", "govukPasswordInput"),
        ("notes", "govukTextarea"),
        ("channel", "govukRadios"),
        ("services", "govukCheckboxes"),
        ("team", "govukSelect"),
        ("police", "govukCheckboxes"),
        ("evidence", "govukFileUpload"),
    ],
)
def test_each_widget_has_its_gov_uk_component(field, macro):
    """The widget decides the component; nothing is rendered by hand."""
    assert component_for(ExampleForm()[field], {})[0] == macro


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "Enter your name"),
        ("email", "Enter email address"),
        ("channel", "Select channel"),
        ("team", "Select team"),
    ],
)
def test_required_messages_are_built_from_the_label(field, message):
    """Missing answers get GOV.UK wording: Enter … for text, Select … for choices."""
    form = ExampleForm(data={})
    assert not form.is_valid()
    assert form.errors[field] == [message]


def render(template: str, **context: object) -> BeautifulSoup:
    return BeautifulSoup(engines["jinja2"].from_string(template).render(context), "html.parser")


def test_an_invalid_form_keeps_what_was_typed_and_links_errors_to_fields():
    """Values stay in their boxes, and each summary entry links to its field's id."""
    form = ExampleForm(data={"name": "Sam", "email": "not an email", "channel": "phone"})
    form.is_valid()
    page = render(
        "{{ govuk_error_summary(form) }}{% for f in form %}{{ govuk_field(f) }}{% endfor %}",
        form=form,
    )
    assert page.select_one("input[name=name]")["value"] == "Sam"  # type: ignore[index]
    assert page.select_one("input[name=email]")["value"] == "not an email"  # type: ignore[index]
    assert page.select_one("input[name=channel][value=phone][checked]") is not None
    links = {a["href"] for a in page.select(".govuk-error-summary a")}
    assert "#id_email" in links and "#id_team" in links
    assert page.select_one("#id_email-error") is not None
    assert page.select_one(".govuk-form-group--error #id_email") is not None


def test_a_form_with_no_errors_has_no_summary():
    """The error summary appears only when there is something to fix."""
    assert render("{{ govuk_error_summary(form) }}", form=ExampleForm()).get_text().strip() == ""


def test_missing_macro_parameters_render_as_nothing_even_in_debug_mode(settings):
    """Debug mode must not print Jinja's undefined markers into GOV.UK components."""
    from django.template.backends.jinja2 import Jinja2

    settings.DEBUG = True
    engine = Jinja2(
        {
            "NAME": "debug",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {"environment": "conduct.core.jinja2.environment"},
        }
    )
    html = engine.from_string("{{ govuk_field(form.notes) }}").render({"form": ExampleForm()})
    assert "no such element" not in html and "{{" not in html


class DateForm(GovUKForm):
    born = GovUKDateField(label="Date of birth", past=True)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date of birth"),
        ("27", "", "1980", "Date of birth must include a month"),
        ("", "", "1980", "Date of birth must include a day and month"),
        ("31", "2", "1980", "Date of birth must be a real date"),
        ("27", "3", "80", "Year must include 4 numbers"),
        ("1", "1", "2999", "Date of birth must be today or in the past"),
        ("27", "3", "1980", None),
    ],
)
def test_date_inputs_use_the_design_systems_messages(day, month, year, message):
    """Each way a date can be wrong gets GOV.UK's wording; a real date is accepted."""
    form = DateForm(data={"born_day": day, "born_month": month, "born_year": year})
    if message is None:
        assert form.is_valid() and str(form.cleaned_data["born"]) == "1980-03-27"
    else:
        assert form.errors["born"] == [message]


def test_a_date_input_keeps_its_answers_and_links_its_error_to_the_day_box():
    """The three boxes keep what was typed; the summary links to the first box."""
    form = DateForm(data={"born_day": "31", "born_month": "2", "born_year": "1980"})
    form.is_valid()
    page = render("{{ govuk_error_summary(form) }}{{ govuk_field(form.born) }}", form=form)
    assert [i["value"] for i in page.select("input")] == ["31", "2", "1980"]
    assert page.select_one(".govuk-error-summary a")["href"] == "#id_born_day"  # type: ignore[index]
    assert page.select_one("#id_born_day.govuk-input--error") is not None


CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]


@pytest.mark.parametrize("character", CONTROL)
@pytest.mark.parametrize(("field", "noun"), [("name", "Your name"), ("notes", "Notes")])
def test_control_characters_are_refused_in_every_text_field(field, noun, character):
    """NUL and the other control characters are an error naming the field, in GOV.UK words."""
    form = ExampleForm(data={field: f"Sam{character}Jones"})
    form.is_valid()
    assert form.errors[field] == [
        f"{noun} must not include control characters such as NUL (tabs and new lines are fine)"
    ]


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("notes", 20_001, "Notes must be 20,000 characters or fewer"),
        ("name", 20_001, "Your name must be 20,000 characters or fewer"),
    ],
)
def test_every_text_field_has_a_maximum_length(field, length, message):
    """A text field with no maximum of its own gets LONG_TEXT_LIMIT, said the GOV.UK way."""
    form = ExampleForm(data={field: "x" * length})
    form.is_valid()
    assert form.errors[field] == [message]


class BranchingForm(GovUKForm):
    """A choice whose answers ask more, nested, and a box that asks why."""

    contact = forms.ChoiceField(
        label="How should we reply?",
        choices=[("post", "Post"), ("email", "Email")],
        widget=forms.RadioSelect,
    )
    address = forms.EmailField(label="Email address", required=False)
    copy = forms.ChoiceField(
        label="Copy someone in?",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        required=False,
    )
    copy_to = forms.EmailField(label="Their email address", required=False)
    urgent = forms.BooleanField(label="It is urgent", required=False)
    why_urgent = forms.CharField(label="Why is it urgent?", required=False)

    def branches(self):
        return {
            ("contact", "email"): ["address", "copy"],
            ("copy", "yes"): ["copy_to"],
            ("urgent", "on"): ["why_urgent"],
        }


def test_a_choices_questions_render_once_under_it_however_the_page_loops():
    """Radios' questions follow them for reveal.js (no aria-expanded, which axe refuses);
    a box's use GOV.UK's own conditional; each question is on the page exactly once."""
    page = render("{% for f in form %}{{ govuk_field(f) }}{% endfor %}", form=BranchingForm())
    block = page.select_one(
        '.conduct-reveal[data-reveal-name="contact"][data-reveal-value="email"]'
    )
    assert block is not None
    assert {str(t["name"]) for t in block.select("[name]")} == {"address", "copy", "copy_to"}
    assert block.select_one('.conduct-reveal[data-reveal-name="copy"] [name="copy_to"]')
    assert page.select_one(".govuk-checkboxes__conditional [name=why_urgent]") is not None
    for name in ("address", "copy_to", "why_urgent"):
        assert len(page.select(f'[name="{name}"]')) == 1, name
    assert "aria-expanded" not in str(page)


def test_answers_not_asked_are_kept_but_not_checked():
    """A bad address under "Post" is no error; under "Email" it is, and nested likewise."""
    by_post = BranchingForm(data={"contact": "post", "address": "nope", "copy_to": "nope"})
    assert by_post.is_valid(), by_post.errors
    by_email = BranchingForm(data={"contact": "email", "address": "nope", "copy_to": "nope"})
    assert not by_email.is_valid() and list(by_email.errors) == ["address"]
    copied = BranchingForm(data={"contact": "email", "copy": "yes", "copy_to": "nope"})
    assert list(copied.errors) == ["copy_to"]
    page = render("{% for f in form %}{{ govuk_field(f) }}{% endfor %}", form=by_post)
    assert page.select_one("input[name=address]")["value"] == "nope"  # type: ignore[index]


def test_the_error_summary_lists_errors_in_the_forms_field_order():
    """Errors added in clean() still take their field's place in the summary."""

    class Ordered(GovUKForm):
        first = forms.CharField(label="First", required=False)
        second = forms.CharField(label="Second")

        def clean(self):
            self.add_error("first", "Enter first")
            return super().clean()

    form = Ordered(data={})
    form.is_valid()
    page = render("{{ govuk_error_summary(form) }}", form=form)
    assert [a["href"] for a in page.select(".govuk-error-summary a")] == ["#id_first", "#id_second"]
