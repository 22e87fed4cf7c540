"""The GOV.UK form layer: every Django form field renders through a GOV.UK macro.

A page template writes `{{ govuk_field(form.email) }}`; the widget decides the
component, the field gives the label, hint, value and error. Error messages
follow the Design System's wording ("Enter your email address").
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.core import validators
from django.forms.boundfield import BoundField
from django.utils import timezone
from jinja2 import Environment, pass_environment
from markupsafe import Markup

from conduct.core.periods import period_problems
from conduct.core.text import LONG_TEXT_LIMIT, ControlCharactersValidator

Params = dict[str, Any]
# (a radio or checkbox field's name, one of its values) → the fields asked only when it is picked.
Branches = dict[tuple[str, str], list[str]]


class GovUKForm(forms.Form):
    """A form whose required-field messages name what is missing, and whose text is bounded.

    Each field may set `error_messages["required"]`; otherwise the message is
    built from its label: "Enter your email address", "Select a role". Every text
    field refuses control characters and has a maximum length (LONG_TEXT_LIMIT
    unless it sets a smaller one), said the GOV.UK way: "Reason must be 5000
    characters or fewer".
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.word_fields()

    def full_clean(self) -> None:
        self.word_fields()  # again, for the fields a form adds after this class's __init__
        super().full_clean()

    def word_fields(self) -> None:
        for field in self.fields.values():
            if (
                field.error_messages.get("required")
                == forms.Field.default_error_messages["required"]
            ):
                field.error_messages["required"] = required_message(field)
            if isinstance(field, forms.CharField):
                bound_text(field)

    def branches(self) -> Branches:
        """The follow-on questions each choice asks (none unless a form says so). The page shows
        them under the choice, GOV.UK's conditional reveal; see govuk_field."""
        return {}

    def asked(self, name: str) -> bool:
        """Whether the answers given ask this field: it is in no branch, or in a picked one."""
        owners = [key for key, names in self.branches().items() if name in names]
        return not owners or any(
            self.asked(control) and value in _picked(self[control]) for control, value in owners
        )

    def asked_text(self, name: str) -> str:
        """A text answer if the choices made ask it; text left under another choice is not kept."""
        return str(self.cleaned_data.get(name) or "") if self.asked(name) else ""

    def follows_on(self, name: str) -> bool:
        """Whether the field is asked under one of the choices (and rendered there)."""
        return any(name in names for names in self.branches().values())

    def in_page_order(self, top: list[str]) -> list[str]:
        """The top-level fields in page order, each followed by its choices' follow-on fields."""
        order: list[str] = []
        for name in top:
            order.append(name)
            follow_on = [
                names for (control, _), names in self.branches().items() if control == name
            ]
            order.extend(self.in_page_order([n for names in follow_on for n in names]))
        return order

    def clean(self) -> dict[str, Any] | None:
        """Answers to questions the choices made do not ask are kept on the page, not checked."""
        data = super().clean()
        for name in [name for name in self.errors if name in self.fields]:
            if not self.asked(name):
                del self.errors[name]
        return data


def bound_text(field: forms.CharField) -> None:
    """Refuse control characters, and say the field's maximum length in GOV.UK's words."""
    if field.max_length is None:
        field.max_length = LONG_TEXT_LIMIT
    replaced = (
        validators.MaxLengthValidator,
        validators.ProhibitNullCharactersValidator,
        ControlCharactersValidator,
    )
    field.validators = [v for v in field.validators if not isinstance(v, replaced)]
    noun = str(field.label or "This").strip() or "This"
    field.validators += [
        validators.MaxLengthValidator(
            field.max_length, f"{noun} must be {field.max_length:,} characters or fewer"
        ),
        ControlCharactersValidator(noun),
    ]


DATE_PARTS = ("day", "month", "year")


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes, named `<field>_day`, `<field>_month`, `<field>_year`."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({part: forms.TextInput for part in DATE_PARTS}, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovUKDateField(forms.Field):
    """A memorable date in the GOV.UK date input, with the Design System's error wording.

    `noun` names the date in messages ("Date of birth must include a month");
    `past=True` refuses dates after today.
    """

    widget = DateInputWidget

    def __init__(self, *, noun: str | None = None, past: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.noun = noun or str(self.label or "Date")
        self.past = past
        if self.error_messages["required"] == forms.Field.default_error_messages["required"]:
            named = lower_first(self.noun)
            self.error_messages["required"] = (
                f"Enter {named if named.startswith('the ') else 'the ' + named}"
            )

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        parts = [str(part or "").strip() for part in (value or ["", "", ""])]
        if not any(parts):
            return None
        return parse_date_parts(dict(zip(DATE_PARTS, parts, strict=True)), self.noun)

    def validate(self, value: date | None) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if value is not None and self.past and value > timezone.localdate():
            raise forms.ValidationError(f"{self.noun} must be today or in the past", code="future")


def parse_date_parts(parts: dict[str, str], noun: str) -> date:
    """A date from day, month and year boxes, or a ValidationError in GOV.UK's words."""
    missing = [name for name in DATE_PARTS if not parts.get(name)]
    if missing:
        raise forms.ValidationError(
            f"{noun} must include a {' and '.join(missing)}", code="incomplete"
        )
    if len(parts["year"]) != 4 or not parts["year"].isdigit():
        raise forms.ValidationError("Year must include 4 numbers", code="year")
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError as error:
        raise forms.ValidationError(f"{noun} must be a real date", code="invalid") from error


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def required_message(field: forms.Field) -> str:
    noun = str(field.label or "").strip()
    noun = noun[:1].lower() + noun[1:]
    choosing = isinstance(field.widget, forms.RadioSelect | forms.Select | forms.CheckboxInput)
    return f"{'Select' if choosing else 'Enter'} {noun}"


def _common(field: BoundField, params: Params) -> Params:
    base: Params = {"id": field.auto_id, "name": field.html_name}
    if field.help_text:
        base["hint"] = {"text": str(field.help_text)}
    if field.errors:
        base["errorMessage"] = {"text": " ".join(str(e) for e in field.errors)}
    base.update(params)
    return base


def _label(field: BoundField, params: Params) -> Params:
    label: Params = {"text": str(field.label)}
    if params.pop("is_page_heading", False):
        label.update(isPageHeading=True, classes="govuk-label--l")
    return label


def _input(field: BoundField, params: Params) -> tuple[str, Params]:
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "text")
    value = field.value()
    attrs = {
        k: v for k, v in widget.attrs.items() if k in ("autocomplete", "spellcheck", "inputmode")
    }
    result = _common(field, {"label": _label(field, params), **params})
    if input_type == "password":
        result.update(autocomplete=attrs.get("autocomplete", "current-password"))
        return "govukPasswordInput", result
    result.setdefault("type", input_type)
    if value not in (None, ""):
        result.setdefault("value", str(value))
    for key, attr in attrs.items():
        result.setdefault(key, attr)
    if widget.attrs.get("class"):
        result.setdefault("classes", widget.attrs["class"])
    return "govukInput", result


def _textarea(field: BoundField, params: Params) -> tuple[str, Params]:
    result = _common(field, {"label": _label(field, params), **params})
    if field.value():
        result.setdefault("value", str(field.value()))
    return "govukTextarea", result


def _choices(field: BoundField, selected: list[str]) -> list[Params]:
    return [
        {"value": str(value), "text": str(text), "checked": str(value) in selected}
        for value, text in field.field.choices  # type: ignore[attr-defined]
        if str(value) != ""
    ]


def _picked(field: BoundField) -> list[str]:
    """The values chosen: a ticked single checkbox is "on", as its GOV.UK item's value."""
    if isinstance(field.field.widget, forms.CheckboxInput):
        return ["on"] if field.value() else []
    return _selected(field)


def _selected(field: BoundField) -> list[str]:
    value = field.value()
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _fieldset(field: BoundField, params: Params) -> Params:
    legend: Params = {"text": str(field.label), "classes": "govuk-fieldset__legend--m"}
    if params.pop("is_page_heading", False):
        legend.update(isPageHeading=True, classes="govuk-fieldset__legend--l")
    return {"legend": legend}


def _reveal(items: list[Params], params: Params) -> list[Params]:
    """Give each checkbox its follow-on questions (`conditional={value: html}`), which GOV.UK
    Frontend shows only while it is ticked, and shows all of without JavaScript."""
    conditional = params.pop("conditional", None) or {}
    for item in items:
        html = conditional.get(item["value"])
        if html and str(html).strip():
            item["conditional"] = {"html": html}
    return items


def _radios(field: BoundField, params: Params) -> tuple[str, Params]:
    items = _choices(field, _selected(field))
    result = _common(field, {"fieldset": _fieldset(field, params), **params})
    result.pop("id")
    result.update(idPrefix=field.auto_id, items=items)
    return "govukRadios", result


def _checkboxes(field: BoundField, params: Params) -> tuple[str, Params]:
    items = _reveal(_choices(field, _selected(field)), params)
    result = _common(field, {"fieldset": _fieldset(field, params), **params})
    result.pop("id")
    result.update(idPrefix=field.auto_id, items=items)
    return "govukCheckboxes", result


def _checkbox(field: BoundField, params: Params) -> tuple[str, Params]:
    result = _common(field, params)
    result.pop("id")
    item = {"value": "on", "text": str(field.label), "checked": bool(field.value())}
    result.update(idPrefix=field.auto_id, items=_reveal([item], result))
    return "govukCheckboxes", result


def _select(field: BoundField, params: Params) -> tuple[str, Params]:
    selected = _selected(field)
    items = [
        {"value": str(value), "text": str(text), "selected": str(value) in selected}
        for value, text in field.field.choices  # type: ignore[attr-defined]
    ]
    result = _common(field, {"label": _label(field, params), "items": items, **params})
    return "govukSelect", result


def _date(field: BoundField, params: Params) -> tuple[str, Params]:
    value = field.value()
    parts = field.field.widget.decompress(value) if isinstance(value, date) else (value or [])
    parts = [*parts, "", "", ""][:3]
    error = bool(field.errors)
    items = [
        {
            "id": f"{field.auto_id}_{part}",
            "name": f"{field.html_name}_{part}",
            "label": part.capitalize(),
            "value": "" if parts[i] is None else str(parts[i]),
            "classes": ("govuk-input--width-4" if part == "year" else "govuk-input--width-2")
            + (" govuk-input--error" if error else ""),
            "inputmode": "numeric",
        }
        for i, part in enumerate(DATE_PARTS)
    ]
    result = _common(field, {"fieldset": _fieldset(field, params), **params})
    result["items"] = items
    return "govukDateInput", result


def _file(field: BoundField, params: Params) -> tuple[str, Params]:
    return "govukFileUpload", _common(field, {"label": _label(field, params), **params})


Builder = Callable[[BoundField, Params], tuple[str, Params]]
# Order matters: the first widget class a field's widget is an instance of wins.
BUILDERS: list[tuple[type[forms.Widget], Builder]] = [
    (DateInputWidget, _date),
    (forms.CheckboxSelectMultiple, _checkboxes),
    (forms.RadioSelect, _radios),
    (forms.CheckboxInput, _checkbox),
    (forms.Select, _select),
    (forms.Textarea, _textarea),
    (forms.FileInput, _file),
    (forms.widgets.Input, _input),
]


def component_for(field: BoundField, params: Params) -> tuple[str, Params]:
    """The GOV.UK macro name and parameters that render this field."""
    for widget_class, build in BUILDERS:
        if isinstance(field.field.widget, widget_class):
            return build(field, dict(params))
    raise TypeError(f"No GOV.UK component renders {type(field.field.widget).__name__}")


@pass_environment
def govuk_field(env: Environment, field: BoundField, **params: Any) -> Markup:
    """Render a bound field with its GOV.UK macro (macros return escaped Markup), each choice's
    follow-on questions (the form's branches) with it."""
    follow_on = params.pop("follow_on", False)
    if not follow_on and isinstance(field.form, GovUKForm) and field.form.follows_on(field.name):
        return Markup("")  # rendered under its choice, so a page may loop over every field
    reveal = follow_on_questions(env, field)
    widget = field.field.widget
    radios = isinstance(widget, forms.RadioSelect) and not isinstance(
        widget, forms.CheckboxSelectMultiple
    )
    if reveal and not radios:
        params.setdefault("conditional", reveal)
    name, component_params = component_for(field, params)
    if follow_on and "fieldset" in component_params:
        # A question under a choice is smaller than the question it follows.
        component_params["fieldset"]["legend"]["classes"] = "govuk-fieldset__legend--s"
    macro: Callable[[Params], Markup] = env.globals[name]  # type: ignore[assignment]
    html = macro(component_params)
    if reveal and radios:
        html += after_radios(field, reveal)
    return html


def follow_on_questions(env: Environment, field: BoundField) -> dict[str, Markup]:
    """Each of the field's choices → the questions it asks, rendered (GovUKForm.branches)."""
    form = field.form
    if not isinstance(form, GovUKForm):
        return {}
    return {
        value: Markup("").join(govuk_field(env, form[name], follow_on=True) for name in names)
        for (control, value), names in form.branches().items()
        if control == field.name
    }


def after_radios(field: BoundField, reveal: dict[str, Markup]) -> Markup:
    """GOV.UK's radio reveals put aria-expanded on radios, which axe refuses: the questions go
    after the radios for conduct/reveal.js (the page loads it) to show only the chosen answer's.
    Without JavaScript every question shows."""
    block = Markup(
        '<div class="conduct-reveal" data-reveal-name="{}" data-reveal-value="{}">{}</div>'
    )
    return Markup("").join(
        block.format(field.html_name, value, html) for value, html in reveal.items()
    )


def error_list(form: forms.BaseForm) -> list[Params]:
    """Error summary entries, each linking to the field it is about, in the form's field order
    (a form whose page asks in another order lists its fields in the page's order)."""
    entries: list[Params] = [{"text": str(e)} for e in form.non_field_errors()]
    for name in form.fields:
        errors = form.errors.get(name)
        if not errors:
            continue
        field = form[name]
        first_box = "_day" if isinstance(field.field.widget, DateInputWidget) else ""
        entries.extend({"text": str(e), "href": f"#{field.auto_id}{first_box}"} for e in errors)
    return entries


@pass_environment
def govuk_error_summary(env: Environment, *forms_: forms.BaseForm) -> Markup:
    entries = [entry for form in forms_ if form is not None for entry in error_list(form)]
    if not entries:
        return Markup("")
    summary: Callable[[Params], Markup] = env.globals["govukErrorSummary"]  # type: ignore[assignment]
    return summary({"titleText": "There is a problem", "errorList": entries})


class PeriodForm(GovUKForm):
    """A period to report on (contact frequency, the decision pack's); an end left blank is the
    one the form started with, or today."""

    start = GovUKDateField(label="From", required=False)
    end = GovUKDateField(label="To", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        today = timezone.localdate()
        start = cleaned.get("start") or self.initial.get("start")
        end = cleaned.get("end") or self.initial.get("end") or today
        for name, problem in period_problems(start, end, today=today).items():
            self.add_error(name, problem)
        return cleaned
