"""The oversight dashboard's figures (J1, D7): what the council's sanctions stand at today.

One `Dashboard` feeds the page and the API. Each section is counted in the database, a handful
of aggregate queries however many rows there are, and lists only its first rows; every figure
carries the address of the list behind it, the central register with its filters set wherever
the register holds the rows. The sections come most urgent first: safeguarding, then what is
late, then what is waiting, then what is in force.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone

from conduct.alerts.models import Marker
from conduct.cases.models import Appeal, CustomerMustBeTold, Restriction, Review
from conduct.cases.register import DUE_SOON_DAYS
from conduct.contacts.models import Hint, Reading
from conduct.incidents.models import Incident, IncidentAction, SafeguardingReferral
from conduct.letters.models import Letter
from conduct.policy.models import PolicyPack
from conduct.policy.queries import without_text

ROWS = 25  # the rows each list shows; the list behind its figure has the rest
SAFEGUARDING_DAYS = 90  # how far back "how long they took" looks
SAFEGUARDING_HINTS = (Hint.Kind.THREAT, Hint.Kind.ABUSE, Hint.Kind.SELF_HARM)


@dataclass(frozen=True)
class Figure:
    key: str  # the same in the API, whatever the words on the page
    label: str
    count: int
    href: str


@dataclass(frozen=True)
class Row:
    id: int
    customer: str
    customer_reference: str
    reference: str  # the case's, or the incident's
    what: str
    on: date | None
    days: int | None  # overdue by, or waiting for
    note: str = ""


@dataclass(frozen=True)
class Median:
    key: str
    label: str
    hours: float | None  # None when nothing was handled in the period


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    figures: list[Figure]
    rows: list[Row] = field(default_factory=list)
    on_label: str = ""  # what the rows' date is
    days_label: str = ""
    medians: list[Median] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sentences about the figures
    oldest_on: date | None = None  # the read-and-file backlog's oldest email


def register(**chosen: str) -> str:
    return reverse("cases:register") + "?" + urlencode(chosen)


def dashboard(rows: int = ROWS) -> list[Section]:
    """Every section, most urgent first, each list cut at `rows`."""
    today = timezone.localdate()
    return [
        safeguarding(rows),
        reviews(today, rows),
        appeals(today, rows),
        ratification(today, rows),
        to_tell(today, rows),
        read_and_file(today),
        in_force(),
    ]


def days_between(earlier: date | datetime | None, later: date) -> int | None:
    if earlier is None:
        return None
    on = timezone.localdate(earlier) if isinstance(earlier, datetime) else earlier
    return (later - on).days


# Safeguarding ----------------------------------------------------------------------------------


def taken(start: str, end: Any) -> ExpressionWrapper:
    return ExpressionWrapper(end - F(start), output_field=DurationField())


def median_hours(found: Any, count: int) -> float | None:
    """The middle time taken, read by the database in its order: one row, not every row."""
    if not count:
        return None
    middle = found.order_by("took").values_list("took", flat=True)[count // 2]
    return round(middle.total_seconds() / 3600, 1)


def handling(
    found: QuerySet[Any], done: Q, start: str, end: Any, since: datetime
) -> dict[str, Any]:
    """How many are still open (not `done`), how many surfaced since, and the median time from
    `start` to `end` for those handled: the time read only for those, in the database."""
    recent = Q(**{f"{start}__gte": since})
    counts = found.aggregate(
        open=Count("id", filter=~done),
        recent=Count("id", filter=recent),
        handled=Count("id", filter=recent & done),
    )
    took = found.filter(recent & done).annotate(took=taken(start, end))
    return {**counts, "median": median_hours(took, counts["handled"])}


def safeguarding(rows: int) -> Section:
    """Emails flagged as threats, abuse or self-harm (a person reads them) and incidents logged
    with a safeguarding concern (a manager acts on them): still open, and how long they took."""
    since = timezone.now() - timedelta(days=SAFEGUARDING_DAYS)
    hints = Hint.objects.filter(kind__in=SAFEGUARDING_HINTS)
    emails = handling(hints, Q(seen_at__isnull=False), "created_at", F("seen_at"), since)
    # The incident log raises a safeguarding referral for each incident with a concern: a
    # short table, where the incidents' own flag would mean reading every incident. Acted on:
    # the manager's first action on the incident.
    actions = IncidentAction.objects.filter(incident=OuterRef("incident_id"))
    acted = Q(Exists(actions))
    first_action = Subquery(
        actions.order_by().values("incident").annotate(first=Min("created_at")).values("first")
    )
    referrals = SafeguardingReferral.objects.all()
    incidents = handling(referrals, acted, "flagged_at", first_action, since)
    surfaced = reverse("contacts:correspondence") + "#surfaced"
    here = reverse("reports:dashboard") + "#safeguarding-incidents"
    days = SAFEGUARDING_DAYS
    figures = [
        Figure("emails_open", "Emails flagged as threats, abuse or self-harm, not yet read",
               emails["open"], surfaced),
        Figure("emails_recent", f"Emails flagged in the last {days} days",
               emails["recent"], surfaced),
        Figure("incidents_open", "Incidents with a safeguarding concern, not yet acted on",
               incidents["open"], here),
        Figure("incidents_recent", f"Incidents with a safeguarding concern in the last {days} days",
               incidents["recent"], here),
    ]  # fmt: skip
    medians = [
        Median("emails", "Emails: median time until a person read them", emails["median"]),
        Median("incidents", "Incidents: median time until a manager acted", incidents["median"]),
    ]
    # Prefetched, not joined: SQLite would read every incident to find the few referred.
    waiting = referrals.filter(~acted).prefetch_related("incident__customer")
    listed = [incident_row(item.incident) for item in waiting.order_by("flagged_at", "pk")[:rows]]
    return Section("safeguarding", "Safeguarding", figures, listed, "Logged", "Days waiting",
                   medians)  # fmt: skip


def incident_row(item: Incident) -> Row:
    person = item.customer
    return Row(
        id=item.pk,
        customer=person.full_name if person else "Not known",
        customer_reference=person.reference if person else "",
        reference=item.reference,
        what=item.get_status_display(),
        on=timezone.localdate(item.created_at),
        days=days_between(item.created_at, timezone.localdate()),
    )


# Reviews, appeals, ratification --------------------------------------------------------------


def case_row(pk: int, case: Any, what: str, on: date | None, days: int | None) -> Row:
    """A list's row about a case: whose it is, which, and its date."""
    customer = case.customer
    return Row(pk, customer.full_name, customer.reference, case.reference, what, on, days)


def late_by(due: date, today: date) -> int:
    return max(0, (today - due).days)


def reviews(today: date, rows: int) -> Section:
    """Open reviews of restrictions in force: overdue (D7: a missed review is fault), then due.

    Read through the restrictions: an active restriction's open review is due on its
    `review_on` (the services keep the two together), which an index orders.
    """
    soon = today + timedelta(days=DUE_SOON_DAYS)
    in_force = Restriction.objects.filter(status=Restriction.Status.ACTIVE, review_on__lte=soon)
    counts = in_force.aggregate(
        overdue=Count("id", filter=Q(review_on__lt=today)),
        due=Count("id", filter=Q(review_on__gte=today)),
    )
    open_review = Review.objects.filter(restriction=OuterRef("pk"), completed_at__isnull=True)
    listed = (
        in_force.annotate(review=Subquery(open_review.values("pk")[:1]))
        .select_related("case__customer")
        .order_by("review_on", "pk")[:rows]
    )
    overdue, due = register(kind="review", due="overdue"), register(kind="review", due="due")
    figures = [
        Figure("overdue", "Reviews overdue", counts["overdue"], overdue),
        Figure("due", f"Reviews due in the next {DUE_SOON_DAYS} days", counts["due"], due),
    ]
    rows_ = [review_row(item, today) for item in listed]
    return Section("reviews", "Reviews", figures, rows_, "Due", "Days overdue")


def review_row(item: Any, today: date) -> Row:
    """A restriction in force, as its open review: the review's id, due on its review date."""
    due_on = item.review_on
    what = "Overdue" if due_on < today else "Due"
    return case_row(item.review, item.case, what, due_on, late_by(due_on, today))


def appeals(today: date, rows: int) -> Section:
    """Appeals not yet decided, against the pack's deadline for deciding them; overdue first."""
    open_ = Appeal.objects.filter(decided_at__isnull=True)
    counts = open_.aggregate(open=Count("id"), overdue=Count("id", filter=Q(decide_by__lt=today)))
    listed = open_.select_related("case__customer").order_by("decide_by", "pk")[:rows]
    overdue = register(kind="appeal", due="overdue")
    waiting = register(kind="appeal", status="open")
    figures = [
        Figure("overdue", "Appeals past the deadline for a decision", counts["overdue"], overdue),
        Figure("open", "Appeals waiting for a decision", counts["open"], waiting),
    ]
    rows_ = [appeal_row(item, today) for item in listed]
    return Section("appeals", "Appeals", figures, rows_, "Decide by", "Days overdue")


def appeal_row(item: Appeal, today: date) -> Row:
    what = "Overdue" if item.decide_by < today else "Waiting"
    return case_row(item.pk, item.case, what, item.decide_by, late_by(item.decide_by, today))


def ratification(today: date, rows: int) -> Section:
    """Immediate restrictions in force that the ratifying body has not yet confirmed (C2)."""
    waiting = Restriction.objects.filter(status=Restriction.Status.ACTIVE, ratify_by__isnull=False)
    counts = waiting.aggregate(waiting=Count("id"), late=Count("id", filter=Q(ratify_by__lt=today)))
    listed = waiting.select_related("case__customer").order_by("starts_on", "pk")[:rows]
    heading = "Immediate restrictions waiting to be ratified"
    awaiting = register(kind="restriction", ratification="awaiting")
    figures = [
        Figure("waiting", heading, counts["waiting"], awaiting),
        Figure("late", "Of these, past the date to ratify them", counts["late"], awaiting),
    ]
    rows_ = [ratification_row(item, today) for item in listed]
    return Section("ratification", heading, figures, rows_, "Ratify by", "Days waiting")


def ratification_row(item: Restriction, today: date) -> Row:
    late = item.ratify_by is not None and item.ratify_by < today
    what = "Past the date to ratify" if late else "Waiting"
    return case_row(item.pk, item.case, what, item.ratify_by, (today - item.starts_on).days)


SOURCES = ("decision_id", "review_id", "appeal_id")  # what a duty and its letter are about


def letters_for(duties: list[CustomerMustBeTold]) -> dict[tuple[str, int], Any]:
    """The latest letter (its status and any reason it is held) about each of these duties'
    decisions, reviews and appeals: one query for the rows listed, not one a row."""
    about = Q(pk__in=[])
    for source in SOURCES:
        ids = [getattr(duty, source) for duty in duties if getattr(duty, source)]
        about |= Q(**{f"{source}__in": ids})
    found = (
        Letter.objects.filter(about)
        .exclude(status=Letter.Status.SUPERSEDED)
        .order_by("created_at", "pk")
        .values(*SOURCES, "status", "held_reason")
    )
    latest: dict[tuple[str, int], Any] = {}
    for letter in found:  # oldest first: each later one replaces it
        latest.update({(s, letter[s]): letter for s in SOURCES if letter[s]})
    return latest


def letter_of(duty: CustomerMustBeTold, letters: dict[tuple[str, int], Any]) -> Any:
    return next(
        (letters[(s, getattr(duty, s))] for s in SOURCES if (s, getattr(duty, s)) in letters),
        None,
    )


LETTER_SAYS = {
    Letter.Status.DRAFT: "The letter is drafted, not yet approved",
    Letter.Status.APPROVED: "The letter is approved, not yet issued",
    Letter.Status.ISSUED: "The letter is issued, not yet recorded as received",
}


def to_tell(today: date, rows: int) -> Section:
    """What customers are still to be told in writing (F4, D9), and why not where recorded: the
    reason a letter is held, or how far its letter has gone."""
    waiting = CustomerMustBeTold.objects.filter(fulfilled_at__isnull=True)
    listed = list(waiting.select_related("case__customer").order_by("created_at", "pk")[:rows])
    letters = letters_for(listed)
    counts = dict(waiting.order_by().values_list("about").annotate(n=Count("id")))
    figures = [
        Figure(
            about,
            f"Still to be told {label[0].lower()}{label[1:]}",
            counts.get(about, 0),
            told(about),
        )
        for about, label in CustomerMustBeTold.About.choices
    ]
    total = Figure(
        "all", "Outcomes customers are still to be told", sum(counts.values()), register(told="no")
    )
    return Section(
        "to_tell",
        "Customers still to be told",
        [total, *figures],
        [tell_row(item, today, letter_of(item, letters)) for item in listed],
        "Since",
        "Days waiting",
    )


def told(about: str) -> str:
    """The register's entries still to tell, of the kind the duty is about where it has one."""
    kind = {"review": "review", "appeal": "appeal"}.get(about)
    return register(kind=kind, told="no") if kind else register(told="no")


def why_not(letter: Any) -> str:
    if letter is None:
        return "No letter drafted yet"
    if letter["status"] == Letter.Status.HELD:
        return f"The letter is held: {letter['held_reason']}"
    return LETTER_SAYS.get(letter["status"], "No letter drafted yet")


def tell_row(item: CustomerMustBeTold, today: date, letter: Any) -> Row:
    since = timezone.localdate(item.created_at)
    found = case_row(item.pk, item.case, item.get_about_display(), since, (today - since).days)
    return replace(found, note=why_not(letter))


# Read and file ---------------------------------------------------------------------------------


BANDS = (("under_7_days", "Under 7 days", 0, 7), ("7_to_28_days", "7 to 28 days", 7, 29))


def read_and_file(today: date) -> Section:
    """Read-and-file items nobody has signed off (D4), by how long since the email came."""
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))

    def aged(low: int, high: int | None) -> Q:
        q = Q(message__received_at__lt=start - timedelta(days=low - 1)) if low else Q()
        return q & Q(message__received_at__gte=start - timedelta(days=high - 1)) if high else q

    bands = {key: Count("id", filter=aged(low, high)) for key, _, low, high in BANDS}
    found = Reading.objects.filter(signed_off_at__isnull=True).aggregate(
        total=Count("id"),
        over_28_days=Count("id", filter=aged(29, None)),
        oldest=Min("message__received_at"),
        **bands,
    )
    listed = reverse("contacts:correspondence") + "#read-and-file"
    labels = [(key, label) for key, label, *_ in BANDS] + [("over_28_days", "Over 28 days")]
    return Section(
        "read_and_file",
        "Read and file",
        [
            Figure("waiting", "Read-and-file emails not yet signed off", found["total"], listed),
            *(Figure(key, f"Waiting {label.lower()}", found[key], listed) for key, label in labels),
        ],
        oldest_on=timezone.localdate(found["oldest"]) if found["oldest"] else None,
    )


# In force --------------------------------------------------------------------------------------


def type_names(pack_ids: Iterable[int]) -> dict[int, Any]:
    """Each pack, read once without its text: the pack's own names for its restriction types."""
    return {pack.pk: pack.file for pack in without_text(PolicyPack.objects.filter(pk__in=pack_ids))}


def in_force() -> Section:
    """Restrictions and markers in force, by the pack's names and by service."""
    live = Restriction.objects.filter(status=Restriction.Status.ACTIVE)
    # One group for each type, pack and scope: the totals are the groups' sums.
    groups = live.order_by().values_list("type", "decision__policy_pack_id", "scope")
    by_type = groups.annotate(n=Count("id"))
    packs = type_names({pack for _, pack, _, _ in by_type})
    counted: dict[str, int] = {}
    names: dict[str, str] = {}
    totals = {"all": 0, "whole": 0}
    for kind, pack, scope, n in by_type:
        counted[kind] = counted.get(kind, 0) + n
        totals["all"] += n
        totals["whole"] += n if scope == Restriction.Scope.WHOLE_COUNCIL else 0
        found = packs[pack].restriction_type(kind)
        names[kind] = found.name if found else names.get(kind, "A type no pack names now")
    by_service = (
        live.filter(scope=Restriction.Scope.SERVICES)
        .order_by()
        .values_list("services__slug", "services__name")
        .annotate(n=Count("id", distinct=True))
    )
    markers = (
        Marker.objects.filter(status=Marker.Status.LIVE)
        .order_by()
        .values_list("category", "category_name", "subject")
        .annotate(n=Count("id"))
    )
    active = register(kind="restriction", status="active")
    figures = [
        Figure("restrictions", "Restrictions in force", totals["all"], active),
        *sorted(
            (
                Figure(
                    f"restriction_type:{kind}",
                    names[kind],
                    n,
                    register(kind="restriction", status="active", type=kind),
                )
                for kind, n in counted.items()
            ),
            key=lambda f: f.label,
        ),
        *(
            Figure(
                f"restriction_service:{slug}",
                f"Covering {name}",
                n + totals["whole"],
                register(kind="restriction", status="active", service=slug),
            )
            for slug, name, n in sorted(by_service, key=lambda row: row[1] or "")
            if slug
        ),
        *marker_figures(markers),
    ]
    notes = [whole_council(totals["whole"])] if totals["whole"] else []
    return Section("in_force", "In force", figures, notes=notes)


def whole_council(count: int) -> str:
    if count == 1:
        return "1 restriction covers the whole council, so it counts under every service."
    return f"{count} restrictions cover the whole council, so they count under every service."


def marker_figures(rows: Iterable[tuple[str, str, str, int]]) -> list[Figure]:
    alerts = reverse("alerts:register")
    by_category: dict[tuple[str, str], int] = {}
    by_subject: dict[str, int] = {}
    for category, name, subject, n in rows:
        by_category[(category, name)] = by_category.get((category, name), 0) + n
        by_subject[subject] = by_subject.get(subject, 0) + n
    live = f"{alerts}?status=live"
    return [
        Figure("markers", "Warning markers live", sum(by_subject.values()), live),
        *(
            Figure(
                f"marker_type:{category}", name, n, f"{live}&{urlencode({'category': category})}"
            )
            for (category, name), n in sorted(by_category.items(), key=lambda item: item[0][1])
        ),
        Figure(
            "markers_person",
            "Markers on a person",
            by_subject.get("person", 0),
            f"{live}&subject=person",
        ),
        Figure(
            "markers_premises",
            "Markers on premises",
            by_subject.get("premises", 0),
            f"{live}&subject=premises",
        ),
    ]
