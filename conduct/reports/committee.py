"""The quarterly committee report's figures (J2), for any period and the one before it.

Every figure is counted by the database (`Count` grouped by what the committee reads it by);
Python only puts the pack's own names on the ids and lays the two periods side by side. A
period is a whole number of local days, `start` to `end` inclusive; the previous period is the
same number of days ending the day before `start`.

What counts where:
- an incident by when it happened (`occurred_at`), under each behaviour category it names;
- an informal warning by when it was given, a formal warning by when it was decided;
- a restriction by the day it started (`starts_on`); an immediate one is ratified if the
  ratifying decision was made by the end of the period, not ratified if its ratify-by date
  passed before then, and otherwise still awaiting ratification;
- a review by when it was completed, on time if completed on or before its due date;
- live restrictions older than 12 months: started 12 months or more before the period's end
  and not ended by then;
- an appeal by when it was received; its outcome and timeliness by when it was decided;
- an Ombudsman referral by when the council heard of it; its outcome by the outcome's date;
- a marker by the day it started (raised), when it was verified, the day it expired;
- whether the customer was told: person markers raised in the period (told in writing, not
  told because telling them would create a risk, not yet told), and the outcomes the customer
  must be told in writing that arose in the period (told, still to be told).
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from conduct.alerts.models import Marker, Subject
from conduct.cases.models import (
    OMBUDSMAN_NAMES,
    Appeal,
    CustomerMustBeTold,
    FormalWarning,
    OmbudsmanOutcome,
    OmbudsmanReferral,
    Restriction,
    Review,
)
from conduct.core.periods import years_before
from conduct.customers.models import CouncilService
from conduct.incidents.models import Incident, InformalWarning
from conduct.policy.models import PolicyPack
from conduct.policy.queries import without_text
from conduct.reports import equality


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def before(self) -> "Period":
        """The period of the same length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def moments(self) -> tuple[datetime, datetime]:
        """From the first moment of `start` to the first moment after `end`, in local time."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


def last_complete_quarter(today: date) -> Period:
    """The last calendar quarter that has ended: the same quarter equality monitoring shows."""
    found = equality.last_complete_quarter(today)
    return Period(found.start, found.end)


@dataclass(frozen=True)
class Share:
    """`count` of `of`, such as reviews held on time out of reviews held."""

    count: int
    of: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.count / self.of) if self.of else None

    def __str__(self) -> str:
        if not self.of:
            return "None held"
        return f"{self.percent}% ({self.count} of {self.of})"


Figure = int | Share


@dataclass(frozen=True)
class Row:
    label: str
    current: Figure
    previous: Figure


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    rows: list[Row]
    chart: bool = True  # a bar chart of counts beside the table; shares are not charted

    @property
    def most(self) -> int:
        values = [v for row in self.rows for v in (row.current, row.previous)]
        return max((v for v in values if isinstance(v, int)), default=0)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: list[Table]


@dataclass(frozen=True)
class Report:
    period: Period
    previous: Period
    sections: list[Section]

    def tables(self) -> Iterable[tuple[Section, Table]]:
        for section in self.sections:
            for table in section.tables:
                yield section, table


Counts = dict[str, Figure]


def grouped(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return list(queryset.values(*fields).annotate(n=Count("pk")).order_by())


def by_name(counts: Counter[str]) -> Counts:
    """Counts under names the pack or catalogue gives, in alphabetical order."""
    return dict(sorted(counts.items()))


# One period's figures, each a dict from a label to a count ----------------------------------


def incidents_by_category(period: Period, names: "Names") -> Counts:
    """Incidents grouped in the database by the list of categories they name, then each list
    split, so an incident naming two categories counts under both."""
    counts: Counter[str] = Counter()
    for group in names.incident_groups(period):
        for category in group["behaviour_categories"] or []:
            counts[category_name(names.packs.get(group["policy_pack"]), category)] += group["n"]
    return by_name(counts)


def category_name(pack: Any, category_id: str) -> str:
    if pack is not None:
        for category in pack.behaviour.categories:
            if category.id == category_id:
                return str(category.name)
    return "Another category"


def incidents_by_service(period: Period, names: "Names") -> Counts:
    counts: Counter[str] = Counter()
    for group in names.incident_groups(period):
        counts[names.services[group["service"]]] += group["n"]
    return by_name(counts)


def incident_groups(period: Period) -> list[dict[str, Any]]:
    """The period's incidents counted by pack, categories and service, in one scan: grouped by
    service alone, SQLite walks the service index and reads every incident it holds."""
    start, end = period.moments()
    found = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    return grouped(found, "policy_pack", "behaviour_categories", "service")


def warnings(period: Period) -> Counts:
    start, end = period.moments()
    informal = InformalWarning.objects.filter(given_at__gte=start, given_at__lt=end)
    formal = FormalWarning.objects.filter(
        decision__decided_at__gte=start, decision__decided_at__lt=end
    )
    return {"Informal warnings": informal.count(), "Formal warnings": formal.count()}


def started(period: Period) -> QuerySet[Restriction]:
    return Restriction.objects.filter(starts_on__gte=period.start, starts_on__lte=period.end)


def restrictions_by_type(period: Period, names: "Names") -> Counts:
    counts: Counter[str] = Counter()
    for group in grouped(started(period), "decision__policy_pack", "type"):
        pack = names.packs.get(group["decision__policy_pack"])
        found = pack.restriction_type(group["type"]) if pack else None
        counts[str(found.name) if found else "Another type"] += group["n"]
    return by_name(counts)


def restrictions_by_scope(period: Period) -> Counts:
    found = {g["scope"]: g["n"] for g in grouped(started(period), "scope")}
    return {str(scope.label): found.get(scope.value, 0) for scope in Restriction.Scope}


def immediate_restrictions(period: Period) -> Counts:
    _, end = period.moments()
    immediate = started(period).filter(decision__immediate=True)
    ratifying = Q(decision__ratified_by__decided_at__lt=end)
    confirmed = Q(decision__ratified_by__outcome="restriction")
    ratified = ratifying & confirmed
    # Spelled out rather than ~ratifying: a negated lookup across a missing row is not true.
    unratified = Q(decision__ratified_by__isnull=True) | Q(
        decision__ratified_by__decided_at__gte=end
    )
    lapsed = (ratifying & ~confirmed) | (unratified & Q(ratify_by__lt=period.end))
    counts = immediate.aggregate(
        imposed=Count("pk", distinct=True),
        ratified=Count("pk", filter=ratified, distinct=True),
        not_ratified=Count("pk", filter=lapsed, distinct=True),
    )
    awaiting = counts["imposed"] - counts["ratified"] - counts["not_ratified"]
    return {
        "Immediate restrictions imposed": counts["imposed"],
        "Ratified": counts["ratified"],
        "Not ratified": counts["not_ratified"],
        "Still awaiting ratification": awaiting,
    }


def completed(period: Period) -> QuerySet[Review]:
    start, end = period.moments()
    return Review.objects.filter(completed_at__gte=start, completed_at__lt=end)


def reviews_on_time(period: Period) -> Counts:
    held = completed(period).aggregate(
        all=Count("pk"), on_time=Count("pk", filter=Q(completed_at__date__lte=F("due_on")))
    )
    return {"Reviews held on time": Share(held["on_time"], held["all"])}


def review_outcomes(period: Period) -> Counts:
    found = {g["outcome"]: g["n"] for g in grouped(completed(period), "outcome")}
    held = {"Reviews held": sum(found.values())}
    return held | {str(o.label): found.get(o.value, 0) for o in Review.Outcome}


def long_running(period: Period) -> Counts:
    """Restrictions live at the end of the period that had been live for 12 months or more."""
    _, end = period.moments()
    live = Restriction.objects.filter(
        starts_on__lte=years_before(period.end, 1),
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=end))
    return {"Live restrictions older than 12 months": live.count()}


def appeals(period: Period) -> Counts:
    start, end = period.moments()
    received = Appeal.objects.filter(received_on__gte=period.start, received_on__lte=period.end)
    decided = Appeal.objects.filter(decided_at__gte=start, decided_at__lt=end)
    found = {g["outcome"]: g["n"] for g in grouped(decided, "outcome")}
    in_time = decided.filter(decided_at__date__lte=F("decide_by")).count()
    return {
        "Appeals received": received.count(),
        "Appeals decided": sum(found.values()),
        **{str(o.label): found.get(o.value, 0) for o in Appeal.Outcome},
        "Decided within the policy’s deadline": Share(in_time, sum(found.values())),
    }


def ombudsman(period: Period) -> Counts:
    heard = OmbudsmanReferral.objects.filter(heard_on__gte=period.start, heard_on__lte=period.end)
    by_whom = {g["ombudsman"]: g["n"] for g in grouped(heard, "ombudsman")}
    decided = OmbudsmanReferral.objects.filter(
        outcome_on__gte=period.start, outcome_on__lte=period.end
    )
    outcomes = {g["outcome"]: g["n"] for g in grouped(decided, "outcome")}
    return {
        "Referrals the council heard of": sum(by_whom.values()),
        **{
            f"To the {name}": by_whom[key]
            for key, name in OMBUDSMAN_NAMES.items()
            if key in by_whom
        },
        "Outcomes received": sum(outcomes.values()),
        **{str(o.label): outcomes.get(o.value, 0) for o in OmbudsmanOutcome},
    }


def markers(period: Period) -> Counts:
    start, end = period.moments()
    counts = Marker.objects.aggregate(
        raised=Count("pk", filter=Q(starts_on__gte=period.start, starts_on__lte=period.end)),
        verified=Count("pk", filter=Q(verified_at__gte=start, verified_at__lt=end)),
        expired=Count(
            "pk", filter=Q(status="expired", ended_on__gte=period.start, ended_on__lte=period.end)
        ),
    )
    return {
        "Markers raised": counts["raised"],
        "Markers verified": counts["verified"],
        "Markers expired": counts["expired"],
    }


def told_of_markers(period: Period) -> Counts:
    raised = Marker.objects.filter(
        subject=Subject.PERSON, starts_on__gte=period.start, starts_on__lte=period.end
    )
    counts = raised.aggregate(
        told=Count("pk", filter=Q(told_on__isnull=False)),
        risk=Count("pk", filter=Q(told_on__isnull=True) & ~Q(not_told_reason="")),
        waiting=Count("pk", filter=Q(told_on__isnull=True, not_told_reason="")),
    )
    return {
        "Told in writing": counts["told"],
        "Not told: telling them would create a risk": counts["risk"],
        "Not yet told": counts["waiting"],
    }


def told_of_outcomes(period: Period) -> Counts:
    start, end = period.moments()
    arose = CustomerMustBeTold.objects.filter(created_at__gte=start, created_at__lt=end)
    counts = arose.aggregate(
        told=Count("pk", filter=Q(fulfilled_at__isnull=False)),
        waiting=Count("pk", filter=Q(fulfilled_at__isnull=True)),
    )
    return {"Told in writing": counts["told"], "Still to be told": counts["waiting"]}


# The report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """The pack's own names for the ids the figures are grouped by, and the services' names."""

    packs: dict[int, Any]
    services: dict[int, str]
    incidents: dict[Period, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def now(cls) -> "Names":
        packs = {pack.pk: pack.file for pack in without_text(PolicyPack.objects.all())}
        return cls(packs, dict(CouncilService.objects.values_list("pk", "name")))

    def incident_groups(self, period: Period) -> list[dict[str, Any]]:
        """Counted once per period for the two incident tables."""
        if period not in self.incidents:
            self.incidents[period] = incident_groups(period)
        return self.incidents[period]


Count_ = Callable[[Period, Names], Counts]


def plain(count: Callable[[Period], Counts]) -> Count_:
    """A figure that needs no names."""
    return lambda period, _: count(period)


@dataclass(frozen=True)
class Spec:
    key: str
    caption: str
    count: Count_
    chart: bool = True


SECTIONS: list[tuple[str, str, list[Spec]]] = [
    (
        "incidents",
        "Incidents",
        [
            Spec("incidents-by-category", "Incidents by behaviour category", incidents_by_category),
            Spec("incidents-by-service", "Incidents by service", incidents_by_service),
        ],
    ),
    ("warnings", "Warnings", [Spec("warnings", "Warnings given", plain(warnings))]),
    (
        "restrictions",
        "Restrictions",
        [
            Spec("restrictions-by-type", "Restrictions imposed by type", restrictions_by_type),
            Spec(
                "restrictions-by-scope",
                "Restrictions imposed by scope",
                plain(restrictions_by_scope),
            ),
            Spec(
                "immediate-restrictions",
                "Immediate restrictions and their ratification",
                plain(immediate_restrictions),
            ),
            Spec(
                "long-running",
                "Restrictions live for 12 months or more at the end of the period",
                plain(long_running),
                chart=False,
            ),
        ],
    ),
    (
        "reviews",
        "Reviews",
        [
            Spec("review-outcomes", "Reviews held and their outcomes", plain(review_outcomes)),
            Spec("reviews-on-time", "Reviews held on time", plain(reviews_on_time), chart=False),
        ],
    ),
    ("appeals", "Appeals", [Spec("appeals", "Appeals and their outcomes", plain(appeals))]),
    (
        "ombudsman",
        "Ombudsman referrals",
        [Spec("ombudsman", "Ombudsman referrals and outcomes", plain(ombudsman))],
    ),
    (
        "markers",
        "Warning markers",
        [Spec("markers", "Markers raised, verified and expired", plain(markers))],
    ),
    (
        "customers-told",
        "Customers told",
        [
            Spec(
                "told-of-markers",
                "Customers told of a marker raised in the period",
                plain(told_of_markers),
            ),
            Spec(
                "told-of-outcomes",
                "Outcomes the customer must be told of in writing",
                plain(told_of_outcomes),
            ),
        ],
    ),
]


def side_by_side(current: Counts, previous: Counts) -> list[Row]:
    """Every label either period has, in the order the figures gave them (a label only the
    previous period has comes after the label before it there); nothing in the other period."""
    labels = list(current)
    for n, label in enumerate(previous):
        if label not in labels:
            after = list(previous)[n - 1] if n else None
            labels.insert(labels.index(after) + 1 if after in labels else 0, label)
    return [Row(label, current.get(label, 0), previous.get(label, 0)) for label in labels]


def build(period: Period) -> Report:
    """The committee report for `period`, each figure beside the previous period's."""
    names = Names.now()
    previous = period.before()
    sections = []
    for key, title, specs in SECTIONS:
        tables = [
            Table(
                spec.key,
                spec.caption,
                side_by_side(spec.count(period, names), spec.count(previous, names)),
                spec.chart,
            )
            for spec in specs
        ]
        sections.append(Section(key, title, tables))
    return Report(period, previous, sections)
