"""Visit facts as GOV.UK component parameters."""

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup

from conduct.visits.checks import VisitCheck
from conduct.visits.models import CheckIn, Visit

Params = dict[str, Any]
TAGS = {
    "missed": "govuk-tag--red",
    "overdue": "govuk-tag--orange",
    "in-progress": "govuk-tag--blue",
    "planned": "govuk-tag--grey",
    "finished": "govuk-tag--green",
}


def when(value: datetime | None) -> str:
    if value is None:
        return "Not yet"
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def clock(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%H:%M}" if value else ""


def row(key: str, value: str | Markup) -> Params:
    content: Params = {"html": value} if isinstance(value, Markup) else {"text": value}
    return {"key": {"text": key}, "value": content}


def link(href: str, text: str) -> Markup:
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(href, text)


def summary_rows(visit: Visit) -> list[Params]:
    who = visit.officer.full_name + (
        f" and {visit.second_officer.full_name}" if visit.second_officer else ""
    )
    agreed = (
        f"Every {visit.check_in_every} minutes from arriving"
        if visit.check_in_every
        else ", ".join(clock(c.due_at) for c in visit.check_ins.all() if c.kind == "check-in")
    )
    rows = [
        row("Address", " ".join(part for part in (visit.line_1, visit.postcode) if part)),
        row("When", f"{when(visit.starts_at)}, for {visit.expected_minutes} minutes"),
        row("Officers", who),
        row("Checks in with", visit.check_in_with.full_name),
        row("Check-ins agreed", agreed or "At the end only"),
        row("Arrived", when(visit.arrived_at)),
        row("Last checked in", when(visit.last_check_in_at)),
        row("Left", when(visit.left_at)),
    ]
    if visit.customer is not None:
        target = reverse("customers:detail", args=[visit.customer.reference])
        rows.insert(0, row("Customer", link(target, visit.customer.reference)))
    if visit.cancel_reason:
        rows.append(row("Cancelled", visit.cancel_reason))
    return rows


def check_in_state(item: CheckIn) -> str:
    if item.resolved_at:
        return f"Missed; {item.get_resolution_display().lower()}, recorded by {item.resolved_by}"
    if item.done_at:
        return f"Done at {clock(item.done_at)}"
    if item.escalated_again_at:
        return "Missed: health and safety told"
    if item.escalated_at:
        return "Missed: colleague and line managers told"
    return "Due"


def check_in_rows(visit: Visit) -> list[list[Params]]:
    return [
        [
            {"text": item.get_kind_display()},
            {"text": clock(item.due_at)},
            {"text": check_in_state(item)},
        ]
        for item in visit.check_ins.all()
    ]


def state_tag(state: str, label: str) -> Markup:
    return Markup('<strong class="govuk-tag {}">{}</strong>').format(TAGS[state], label)


def today_rows(visits: list[Visit], state: str, label: str) -> list[list[Params]]:
    return [
        [
            {"html": link(reverse("visits:visit", args=[v.reference]), v.reference)},
            {"text": clock(v.starts_at)},
            {
                "text": v.officer.full_name
                + (" and " + v.second_officer.full_name if v.second_officer else "")
            },
            {"text": " ".join(part for part in (v.line_1, v.postcode) if part)},
            {"text": v.check_in_with.full_name},
            {"html": state_tag(state, label)},
        ]
        for v in visits
    ]


def stored_check(visit: Visit) -> VisitCheck:
    return VisitCheck.from_json(visit.pre_visit_check)
