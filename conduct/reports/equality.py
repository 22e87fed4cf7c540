"""Equality monitoring of sanctions (H2): who is warned or restricted, against whom.

For each protected characteristic the customer may give (the equality questions on the
customer's page), three populations in a period:

- warned or restricted: a formal warning decided in the period, or a restriction starting in
  it (on the customer, not on their representative alone); quashed ones still count, as the
  decision was made;
- with an incident: an incident that happened in the period;
- all customers: on the register by the period's end (merged records left out).

Each category's count, its share of the population, and the relative rate: the share among
those warned or restricted divided by the share among those with an incident, with a 95%
confidence interval on the log scale (Katz: exp(ln RR ± 1.96 × √(1/a − 1/n₁ + 1/b − 1/n₂)),
scipy's `relative_risk`). The two populations overlap, which the interval does not allow for,
so it is a guide, not a test.

Every count is aggregated in the database (one GROUP BY per characteristic, whatever the number
of customers); small numbers are suppressed by `equality_disclosure` before anything leaves
this module: a hidden cell's count is never in a `Figure`.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from scipy.stats.contingency import relative_risk

from conduct.cases.models import FormalWarning, Restriction
from conduct.customers.forms import EQUALITY_CHOICES, EQUALITY_LABELS
from conduct.customers.models import Customer, EqualityMonitoring
from conduct.customers.services import EQUALITY_FIELDS
from conduct.incidents.models import Incident
from conduct.reports.equality_disclosure import THRESHOLD, Cell, protect

PREFER_NOT_TO_SAY = "Prefer not to say"
NOT_GIVEN = "Not given"
ANY_OTHER = "Any other answer"
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Population:
    key: str
    name: str


POPULATIONS = (
    Population("sanctioned", "Warned or restricted"),
    Population("incident", "With an incident"),
    Population("all", "All customers"),
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def last_complete_quarter(today: date) -> Period:
    """The last quarter (January to March, April to June, ...) that has ended before today."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    this_quarter = date(today.year, first_month, 1)
    end = this_quarter - timedelta(days=1)
    return Period(date(end.year, end.month - 2, 1), end)


@dataclass(frozen=True)
class Figure:
    """One population's figure for one category: the count and share, or the words instead."""

    count: int | None
    share: float | None  # of the whole population, 0 to 1
    hidden: str

    @classmethod
    def of(cls, cell: Cell, size: int) -> "Figure":
        if cell.hidden:
            return cls(None, None, cell.hidden)
        return cls(cell.count, cell.count / size if size else None, "")

    @property
    def count_text(self) -> str:
        return self.hidden or f"{self.count:,}"

    @property
    def share_text(self) -> str:
        if self.hidden:
            return self.hidden
        return "Not applicable" if self.share is None else f"{100 * self.share:.1f}%"


@dataclass(frozen=True)
class RelativeRate:
    value: float | None
    low: float | None
    high: float | None
    note: str  # why there is no value, when there is none

    @property
    def text(self) -> str:
        return self.note or f"{self.value:.2f}"

    @property
    def interval_text(self) -> str:
        return self.note or f"{self.low:.2f} to {self.high:.2f}"


NOT_APPLICABLE = RelativeRate(None, None, None, "Not applicable")


def relative_rate(warned: Figure, warned_size: int, incident: Figure, size: int) -> RelativeRate:
    """The share among those warned or restricted over the share among those with an incident."""
    if warned.count is None or incident.count is None:
        return RelativeRate(None, None, None, "withheld")
    if not (warned.count and incident.count):
        return RelativeRate(None, None, None, "Cannot be calculated")
    found = relative_risk(warned.count, warned_size, incident.count, size)
    interval = found.confidence_interval(CONFIDENCE)
    return RelativeRate(found.relative_risk, float(interval.low), float(interval.high), "")


@dataclass(frozen=True)
class Row:
    category: str
    figures: tuple[Figure, ...]  # in the order of POPULATIONS
    relative_rate: RelativeRate
    is_missing: bool  # "Prefer not to say" or "Not given"


@dataclass(frozen=True)
class Table:
    field: str
    label: str
    rows: list[Row]

    def missing(self) -> list[str]:
        """Per population, the share with no answer, when both missing rows are shown."""
        gaps = [row.figures for row in self.rows if row.is_missing]
        said = []
        for figures in zip(*gaps, strict=True):
            if any(f.hidden for f in figures):
                said.append("withheld")
            elif any(f.share is None for f in figures):
                said.append("Not applicable")
            else:
                said.append(f"{100 * sum(f.share or 0 for f in figures):.1f}%")
        return said


@dataclass(frozen=True)
class Report:
    period: Period
    sizes: tuple[int, ...]  # in the order of POPULATIONS
    tables: list[Table]


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def population_filters(period: Period, *, on_answers: bool = False) -> dict[str, Q]:
    """Each population as a condition on the customer, or on their answers (`on_answers`);
    the subqueries run in the database."""
    after, before = start_of(period.start), start_of(period.end + timedelta(days=1))
    warned = FormalWarning.objects.filter(
        decision__decided_at__gte=after, decision__decided_at__lt=before
    ).values("customer_id")
    restricted = Restriction.objects.filter(
        representative__isnull=True, starts_on__gte=period.start, starts_on__lte=period.end
    ).values("customer_id")
    # Not `customer__isnull=False`: SQLite then walks the customer index, 8 times slower than
    # a scan; an incident with no customer (NULL) matches no customer in IN anyway.
    incident = Incident.objects.filter(occurred_at__gte=after, occurred_at__lt=before).values(
        "customer_id"
    )
    who, when = ("customer_id", "customer__created_at") if on_answers else ("pk", "created_at")
    return {
        "sanctioned": Q(**{f"{who}__in": warned}) | Q(**{f"{who}__in": restricted}),
        "incident": Q(**{f"{who}__in": incident}),
        "all": Q(**{f"{when}__lt": before}),
    }


def population_sizes(period: Period) -> tuple[int, ...]:
    filters = population_filters(period)
    found = Customer.objects.filter(merged_into__isnull=True).aggregate(
        **{p.key: Count("pk", filter=filters[p.key]) for p in POPULATIONS}
    )
    return tuple(found[p.key] for p in POPULATIONS)


Tallies = Mapping[str | None, tuple[int, ...]]


def tallies(field: str, period: Period, sizes: tuple[int, ...]) -> Tallies:
    """One GROUP BY over the answers recorded: each answer to the question, counted in each
    population; those with no answers recorded are the rest of each population (None).

    Counted from the answers joined to their customer by its key, not from customers joined
    to their answers: SQLite, with statistics from before answers were recorded, scanned the
    answers once per customer (10 minutes for 100,000 customers)."""
    filters = population_filters(period, on_answers=True)
    rows = (
        EqualityMonitoring.objects.filter(customer__merged_into__isnull=True)
        .values(field)
        .annotate(**{p.key: Count("pk", filter=filters[p.key]) for p in POPULATIONS})
        .order_by()
    )
    found = {row[field]: tuple(row[p.key] for p in POPULATIONS) for row in rows}
    recorded = tuple(sum(counts[i] for counts in found.values()) for i in range(len(sizes)))
    return {**found, None: tuple(n - r for n, r in zip(sizes, recorded, strict=True))}


def add(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


ZERO: tuple[int, ...] = (0, 0, 0)


def categories(field: str, found: Tallies) -> list[tuple[str, tuple[int, ...]]]:
    """The form's answers in the form's order (each, even if no one gave it), then any other
    answer typed (spellings that differ only in capitals counted as one); an answer fewer than
    5 customers gave at all is counted in "Any other answer", so its words never show. Then
    "Prefer not to say" and "Not given" (left blank, or no answers recorded)."""
    listed = EQUALITY_CHOICES.get(field, [])
    given: dict[str, tuple[int, ...]] = {name: ZERO for name in listed}
    typed: dict[str, tuple[int, ...]] = {}
    spelling: dict[str, Counter[str]] = {}
    missing = {PREFER_NOT_TO_SAY: ZERO, NOT_GIVEN: ZERO}
    for answer, counts in found.items():
        if not answer:
            missing[NOT_GIVEN] = add(missing[NOT_GIVEN], counts)
        elif answer == PREFER_NOT_TO_SAY:
            missing[PREFER_NOT_TO_SAY] = add(missing[PREFER_NOT_TO_SAY], counts)
        elif answer in given:
            given[answer] = add(given[answer], counts)
        else:
            key = answer.casefold()
            typed[key] = add(typed.get(key, ZERO), counts)
            spelling.setdefault(key, Counter())[answer] += counts[2]
    other = ZERO
    for key in sorted(typed):
        if typed[key][2] < THRESHOLD:
            other = add(other, typed[key])
        else:
            given[spelling[key].most_common(1)[0][0]] = typed[key]
    if other != ZERO:
        given[ANY_OTHER] = other
    return [*given.items(), *missing.items()]


def table(field: str, found: Tallies, sizes: tuple[int, ...]) -> Table:
    rows_in = categories(field, found)
    columns = [protect([counts[i] for _, counts in rows_in]) for i in range(len(POPULATIONS))]
    rows = []
    for r, (name, _) in enumerate(rows_in):
        figures = tuple(Figure.of(columns[i][r], sizes[i]) for i in range(len(POPULATIONS)))
        missing = name in (PREFER_NOT_TO_SAY, NOT_GIVEN)
        rate = (
            NOT_APPLICABLE if missing else relative_rate(figures[0], sizes[0], figures[1], sizes[1])
        )
        rows.append(Row(name, figures, rate, missing))
    return Table(field, EQUALITY_LABELS[field], rows)


def build(period: Period) -> Report:
    """The report for the period: 1 query for the sizes, then 1 per characteristic."""
    sizes = population_sizes(period)
    tables = [table(field, tallies(field, period, sizes), sizes) for field in EQUALITY_FIELDS]
    return Report(period, sizes, tables)


METHOD = (
    "The relative rate is the share of customers warned or restricted who are in the category, "
    "divided by the share of customers with an incident who are in it. Above 1, the category "
    "is warned or restricted more often than its share of incidents would suggest. The 95% "
    "confidence interval is worked out on the log scale (the Katz method). The two groups "
    "overlap, so treat the interval as a guide."
)


def as_dict(report: Report) -> dict[str, Any]:
    """The report as the API and CSV give it: suppressed figures as their words, never a count."""

    def figure(f: Figure) -> dict[str, Any]:
        return {"count": f.count, "share": f.share, "suppressed": f.hidden or None}

    def rate(r: RelativeRate) -> dict[str, Any]:
        return {"value": r.value, "low": r.low, "high": r.high, "note": r.note or None}

    return {
        "from": report.period.start,
        "to": report.period.end,
        "populations": [
            {"key": p.key, "name": p.name, "size": size}
            for p, size in zip(POPULATIONS, report.sizes, strict=True)
        ],
        "characteristics": [
            {
                "key": t.field,
                "name": t.label,
                "rows": [
                    {
                        "category": row.category,
                        **{p.key: figure(f) for p, f in zip(POPULATIONS, row.figures, strict=True)},
                        "relative_rate": rate(row.relative_rate),
                    }
                    for row in t.rows
                ],
            }
            for t in report.tables
        ],
        "method": METHOD,
    }
