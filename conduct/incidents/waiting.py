"""How long a logged incident has waited for its line manager, and whether that is too long.

The time allowed is the pack's: the ladder's line-manager step may set
`respond_within_working_days`, and the model's 5 working days apply where the policy is
silent. Days are counted from the day the incident was logged, on the pack's calendar.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from conduct.core.working_days import add_months, add_working_days
from conduct.incidents.models import Incident


@dataclass(frozen=True)
class Waiting:
    age: str
    respond_by: date
    overdue: bool


def respond_by(incident: Incident) -> date:
    """The last working day for the line manager to act on the incident."""
    pack = incident.policy_pack.file
    logged = timezone.localdate(incident.created_at)
    return add_working_days(logged, pack.line_manager_respond_within(), pack.calendar.working_days)


def waiting(incident: Incident, today: date) -> Waiting:
    """Its age, and overdue only while it waits for the manager (not for the officer's answer)."""
    due = respond_by(incident)
    waits_for_manager = incident.status == Incident.Status.NEW
    return Waiting(
        age=age(timezone.localdate(incident.created_at), today),
        respond_by=due,
        overdue=waits_for_manager and today > due,
    )


def age(since: date, today: date) -> str:
    """`Today`, `1 day`, `45 days`, then whole months: `5 months`, `14 months`."""
    days = (today - since).days
    if days < 1:
        return "Today"
    if days < 60:
        return plural(days, "day")
    months = (today.year - since.year) * 12 + today.month - since.month
    if add_months(since, months) > today:
        months -= 1
    return plural(months, "month")


def plural(count: int, unit: str) -> str:
    return f"{count} {unit}" + ("" if count == 1 else "s")
