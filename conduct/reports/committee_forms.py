"""The period the committee report covers: two GOV.UK date inputs, or `from` and `to` as
ISO dates in a link (a download, the equality report's link back). Both blank is the last
complete quarter; the period is kept to what `core.periods` allows."""

import re
from datetime import date
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from conduct.core.forms import GovUKDateField, GovUKForm
from conduct.core.periods import period_problems
from conduct.reports.committee import Period, last_complete_quarter

ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
ENDS = {"start": "from", "end": "to"}
EARLIEST = date(2000, 1, 1)  # Conduct holds nothing older; the period before must be a date too


def problems_with(start: date | None, end: date | None) -> dict[str, str]:
    """What is wrong with the period, by the parameter it is about (`from`, `to`)."""
    early = {
        name: f"The ‘{name.title()}’ date must be 1 January 2000 or later"
        for name, day in (("from", start), ("to", end))
        if day is not None and day < EARLIEST
    }
    if early:  # before core's checks, which count years back from the end
        return early
    found = period_problems(start, end, today=timezone.localdate())
    return {ENDS[name]: problem for name, problem in found.items()}


def boxes(query: QueryDict) -> QueryDict:
    """The query with an ISO `from` or `to` written into the date input's boxes."""
    data = query.copy()
    for name in ENDS.values():
        given = data.pop(name, None)
        if not given:
            continue
        found = ISO.match(given[-1].strip())
        year, month, day = found.groups() if found else ("", "", given[-1][:20])
        data.update({f"{name}_day": day, f"{name}_month": month, f"{name}_year": year})
    return data


class CommitteePeriodForm(GovUKForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = GovUKDateField(label="From", noun="The ‘From’ date", required=False)
        self.fields["to"] = GovUKDateField(label="To", noun="The ‘To’ date", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        start, end = cleaned.get("from"), cleaned.get("to")
        if (start is None) != (end is None):
            blank = "from" if start is None else "to"
            self.add_error(blank, f"Enter the ‘{blank.title()}’ date, or leave both blank")
            return cleaned
        for name, problem in problems_with(start, end).items():
            self.add_error(name, problem)
        return cleaned

    def period(self) -> Period:
        """The period asked for, or the last complete quarter when none (or a wrong one) was."""
        asked = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if asked.get("from") and asked.get("to"):
            return Period(asked["from"], asked["to"])
        return last_complete_quarter(timezone.localdate())


def chosen_period(query: QueryDict) -> tuple[CommitteePeriodForm, Period]:
    given = boxes(query)
    form = CommitteePeriodForm(given or None)
    return form, form.period()


def api_period_problems(start: date | None, end: date | None) -> tuple[Period, dict[str, str]]:
    """The API's period and what is wrong with it, by its parameter (`from`, `to`)."""
    if start is None and end is None:
        return last_complete_quarter(timezone.localdate()), {}
    if start is None or end is None:
        blank = "from" if start is None else "to"
        return Period(date.min, date.min), {blank: "Give both ‘from’ and ‘to’, or neither"}
    return Period(start, end), problems_with(start, end)
