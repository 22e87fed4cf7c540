"""Contact frequency as evidence for the case file: contacts per week, and the service's normal range.

The normal range of a service over a period is worked out from the contact log
itself: for every customer who contacted the service in the period, their
contacts per week (contacts ÷ weeks in the period); the range is the median
and the 90th percentile of those figures. A customer above the 90th percentile
contacts the service more than nine in ten of the customers who contacted it
at all. It is context for the decision body, not a threshold (A10): a customer
with a live repair or a disability may rightly contact more.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from markupsafe import Markup, escape

from conduct.contacts.models import Channel, Contact
from conduct.customers.models import CouncilService, Customer

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 40, 40, 10
BAR_COLOUR, MEDIAN_COLOUR, HIGH_COLOUR = "#1d70b8", "#00703c", "#d4351c"


@dataclass(frozen=True)
class Week:
    starts: date
    by_channel: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


@dataclass(frozen=True)
class NormalRange:
    service: str
    customer_rate: float
    median: float
    high: float
    customers: int


@dataclass
class Evidence:
    start: date
    end: date
    weeks: list[Week] = field(default_factory=list)
    ranges: list[NormalRange] = field(default_factory=list)

    @property
    def channels(self) -> list[tuple[str, str]]:
        used = {c for week in self.weeks for c in week.by_channel}
        return [(value, label) for value, label in Channel.choices if value in used]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_starts(start: date, end: date) -> list[date]:
    first, found = monday(start), []
    while first <= end:
        found.append(first)
        first += timedelta(days=7)
    return found


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    low = datetime(start.year, start.month, start.day, tzinfo=zone)
    high = datetime(end.year, end.month, end.day, tzinfo=zone) + timedelta(days=1)
    return low, high


def weeks_of(customer: Customer, start: date, end: date) -> list[Week]:
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    rows = Contact.objects.filter(customer=customer, occurred_at__range=bounds(start, end))
    for occurred_at, channel in rows.values_list("occurred_at", "channel"):
        counts[monday(timezone.localdate(occurred_at))][channel] += 1
    return [Week(day, dict(counts[day])) for day in week_starts(start, end)]


def normal_range(
    service: CouncilService, customer: Customer, start: date, end: date
) -> NormalRange:
    weeks = max(len(week_starts(start, end)), 1)
    per_customer = dict(
        Contact.objects.filter(service=service, occurred_at__range=bounds(start, end))
        .values("customer")
        .annotate(n=Count("id"))
        .values_list("customer", "n")
    )
    rates = sorted(n / weeks for n in per_customer.values())
    median = statistics.median(rates) if rates else 0.0
    high = statistics.quantiles(rates, n=10, method="inclusive")[-1] if len(rates) > 1 else median
    own = per_customer.get(customer.pk, 0) / weeks
    return NormalRange(service.name, own, median, high, len(rates))


def evidence(customer: Customer, start: date, end: date) -> Evidence:
    """Contacts per week by channel, and each service's normal range, over the period."""
    found = Evidence(start, end, weeks_of(customer, start, end))
    services = CouncilService.objects.filter(
        pk__in=Contact.objects.filter(
            customer=customer, occurred_at__range=bounds(start, end)
        ).values("service")
    )
    found.ranges = [normal_range(service, customer, start, end) for service in services]
    return found


def bar(x: float, width: float, height: float, week: Week, chart_height: float) -> str:
    label = f"Week of {week.starts:%-d %B %Y}: {week.total} contacts"
    return (
        f'<rect x="{x:.1f}" y="{TOP + chart_height - height:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" fill="{BAR_COLOUR}"><title>{escape(label)}</title></rect>'
    )


def line(value: float, top: float, chart_height: float, colour: str, text: str) -> str:
    y = TOP + chart_height - chart_height * value / top
    return (
        f'<line x1="{LEFT}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" '
        f'stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{WIDTH - 4}" y="{y - 4:.1f}" text-anchor="end" fill="{colour}" '
        f'font-size="12">{escape(text)}</text>'
    )


def chart(found: Evidence) -> Markup:
    """An SVG bar chart of contacts per week, drawn on the server; the table says the same."""
    weeks = found.weeks or [Week(monday(found.start), {})]
    reference = found.ranges[0] if found.ranges else None
    top = max([w.total for w in weeks] + ([reference.high] if reference else []) + [1])
    chart_height, step = HEIGHT - TOP - BOTTOM, (WIDTH - LEFT) / len(weeks)
    parts = [
        bar(LEFT + i * step + 1, max(step - 2, 1), chart_height * w.total / top, w, chart_height)
        for i, w in enumerate(weeks)
    ]
    if reference:
        parts.append(line(reference.median, top, chart_height, MEDIAN_COLOUR, "Median"))
        parts.append(line(reference.high, top, chart_height, HIGH_COLOUR, "90th percentile"))
    axis = (
        f'<line x1="{LEFT}" x2="{WIDTH}" y1="{TOP + chart_height}" y2="{TOP + chart_height}" '
        f'stroke="#0b0c0c"/><text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" '
        f'font-size="12">{top:g}</text><text x="{LEFT - 6}" y="{TOP + chart_height}" '
        f'text-anchor="end" font-size="12">0</text>'
        f'<text x="{LEFT}" y="{HEIGHT - 10}" font-size="12">{weeks[0].starts:%-d %b %Y}</text>'
        f'<text x="{WIDTH}" y="{HEIGHT - 10}" text-anchor="end" font-size="12">'
        f"{weeks[-1].starts:%-d %b %Y}</text>"
    )
    total = sum(w.total for w in weeks)
    summary = f"{total} contacts over {len(weeks)} weeks, the most in one week {max(w.total for w in weeks)}."
    # Every value interpolated is a number, a date or escaped text.
    return Markup(  # noqa: S704
        f'<svg class="conduct-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="frequency-chart-title frequency-chart-desc" focusable="false">'
        f'<title id="frequency-chart-title">Contacts per week</title>'
        f'<desc id="frequency-chart-desc">{escape(summary)} The table below gives each week.</desc>'
        f"{axis}{''.join(parts)}</svg>"
    )
