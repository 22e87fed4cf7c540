"""The central register (North Northamptonshire's “centralised audit point”).

Every formal warning, restriction, review and appeal as one list of entries,
filtered by GET parameters: kind, status, service, review due or overdue,
decision body, pack id and version, restriction type, immediate restrictions
waiting to be ratified, and customers still to be told. The same rows feed the
page, the CSV export, the API and the oversight dashboard's links.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from conduct.cases.appeals import is_late
from conduct.cases.decisions import IMMEDIATE_BODY
from conduct.cases.models import (
    Appeal,
    CustomerMustBeTold,
    Decision,
    FormalWarning,
    Restriction,
    Review,
)
from conduct.customers.models import CouncilService
from conduct.policy.models import PolicyPack
from conduct.policy.presenters import body_name
from conduct.policy.queries import attach_packs, without_text

KINDS = {
    "warning": "Formal warning",
    "restriction": "Restriction",
    "review": "Review",
    "appeal": "Appeal",
}
DUE_SOON_DAYS = 28
DUE_CHOICES = {"due": f"Review due within {DUE_SOON_DAYS} days", "overdue": "Review overdue"}
RATIFICATION_CHOICES = {"awaiting": "Waiting to be ratified"}
TOLD_CHOICES = {"no": "Still to be told"}


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    status: str = ""
    service: str = ""
    due: str = ""
    body: str = ""
    pack: str = ""
    version: str = ""
    type: str = ""  # the pack's restriction type id: restrictions and their reviews
    ratification: str = ""  # "awaiting": immediate restrictions not yet ratified
    told: str = ""  # "no": entries whose customer is still to be told

    @classmethod
    def from_query(cls, query: Any) -> "Filters":
        return cls(**{name: str(query.get(name, "")).strip() for name in cls.__dataclass_fields__})

    def chosen(self) -> dict[str, str]:
        return {name: value for name, value in vars(self).items() if value}


@dataclass
class Entry:
    kind: str
    reference: str
    customer: str
    customer_reference: str
    what: str
    status: str
    services: list[str]
    decision_body: str
    pack: str
    version: str
    due_on: date | None
    overdue: bool
    customer_must_be_told: bool
    flags: list[str] = field(default_factory=list)
    # The records' ids, so an integrator can go on to the next call (a review's outcome letter,
    # an appeal's decision); the page and the CSV do not show them.
    id: int = 0
    decision: int = 0
    restriction: int | None = None
    # The case itself, so a page can ask whether the person may open it without fetching it.
    case: Any = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if name != "case"}


COLUMNS = [
    ("kind", "Kind"),
    ("reference", "Case"),
    ("customer", "Customer"),
    ("customer_reference", "Customer reference"),
    ("what", "What"),
    ("status", "Status"),
    ("services", "Services"),
    ("decision_body", "Decision body"),
    ("pack", "Policy"),
    ("version", "Policy version"),
    ("due_on", "Due"),
    ("overdue", "Overdue"),
    ("customer_must_be_told", "Customer still to be told"),
    ("flags", "Flags"),
]


# Queries per kind ------------------------------------------------------------------------------


def decision_filters(filters: Filters, prefix: str) -> Q:
    q = Q()
    if filters.body:
        q &= Q(**{f"{prefix}decision_body": filters.body})
    if filters.pack:
        q &= Q(**{f"{prefix}policy_pack__pack_id": filters.pack})
    if filters.version:
        q &= Q(**{f"{prefix}policy_pack__version": filters.version})
    return q


def due_filter(filters: Filters, field_name: str) -> Q:
    today = timezone.localdate()
    if filters.due == "overdue":
        return Q(**{f"{field_name}__lt": today})
    if filters.due == "due":
        return Q(
            **{
                f"{field_name}__gte": today,
                f"{field_name}__lte": today + timedelta(days=DUE_SOON_DAYS),
            }
        )
    return Q()


def restrictions(filters: Filters) -> QuerySet[Restriction]:
    found = Restriction.objects.filter(decision_filters(filters, "decision__"))
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.service:
        found = found.filter(Q(services__slug=filters.service) | Q(scope="whole-council"))
    if filters.due:
        found = found.filter(due_filter(filters, "review_on"), status=Restriction.Status.ACTIVE)
    if filters.type:
        found = found.filter(type=filters.type)
    if filters.ratification:
        found = found.filter(awaiting_ratification(filters))
    found = only_untold(filters, found, "restriction")
    return (
        found.select_related("case__customer", "decision", "ratification_flag")
        .prefetch_related("services")
        .distinct()
    )


def reviews(filters: Filters) -> QuerySet[Review]:
    found = Review.objects.filter(decision_filters(filters, "restriction__decision__"))
    if filters.status == "open":
        found = found.filter(completed_at__isnull=True)
    elif filters.status == "completed":
        found = found.filter(completed_at__isnull=False)
    elif filters.status:
        found = found.none()
    if filters.service:
        found = found.filter(
            Q(restriction__services__slug=filters.service) | Q(restriction__scope="whole-council")
        )
    if filters.due:
        found = found.filter(
            due_filter(filters, "due_on"),
            completed_at__isnull=True,
            restriction__status=Restriction.Status.ACTIVE,
        )
    if filters.type:
        found = found.filter(restriction__type=filters.type)
    if filters.ratification:
        found = found.none()
    found = only_untold(filters, found, "review")
    return (
        found.select_related("restriction__case__customer", "restriction__decision")
        .prefetch_related("restriction__services")
        .distinct()
    )


def warnings(filters: Filters) -> QuerySet[FormalWarning]:
    if filters.due or filters.service or filters.type or filters.ratification:
        return FormalWarning.objects.none()
    found = FormalWarning.objects.filter(decision_filters(filters, "decision__"))
    if filters.status:
        found = found.filter(status=filters.status)
    return only_untold(filters, found, "warning").select_related("case__customer", "decision")


def appeals(filters: Filters) -> QuerySet[Appeal]:
    if filters.service or filters.type or filters.ratification:
        return Appeal.objects.none()
    found = Appeal.objects.filter(decision_filters(filters, "decision__"))
    if filters.status == "open":
        found = found.filter(decided_at__isnull=True)
    elif filters.status == "decided":
        found = found.filter(decided_at__isnull=False)
    elif filters.status:
        found = found.none()
    if filters.due:
        found = found.filter(due_filter(filters, "decide_by"), decided_at__isnull=True)
    return only_untold(filters, found, "appeal").select_related("case__customer", "decision")


def awaiting_ratification(filters: Filters) -> Q:
    """Immediate restrictions still in force that the ratifying body has not yet confirmed
    (ratifying clears `ratify_by`; not ratifying ends the restriction)."""
    if filters.ratification != "awaiting":
        return Q(pk__in=[])
    return Q(status=Restriction.Status.ACTIVE, ratify_by__isnull=False)


def only_untold(filters: Filters, found: QuerySet[Any], kind: str) -> QuerySet[Any]:
    """With `told=no`, only the entries whose customer is still to be told (TOLD_ABOUT)."""
    if not filters.told:
        return found
    return found.filter(TOLD_ABOUT[kind]()) if filters.told == "no" else found.none()


# Entries ---------------------------------------------------------------------------------------


def with_packs(items: Iterable[Any], known: dict[int, Any] | None = None) -> list[Any]:
    """The items with their decisions' and cases' policy packs, read once for all of them; the
    packs `known` already are not read again, and those read are added to it."""
    found = list(items)
    rows = [*(item.decision for item in found), *(item.case for item in found)]
    attach_packs(rows, known=(known or {}).values())
    if known is not None:
        known.update({row.policy_pack.pk: row.policy_pack for row in rows})
    return found


def still_to_tell(**about: Any) -> Exists:
    """Whether the customer is still to be told about the row's decision, review or appeal: asked
    in the row's own query, so a page reads only its own rows' obligations."""
    return Exists(CustomerMustBeTold.objects.filter(fulfilled_at__isnull=True, **about))


# What each kind's entry says the customer is still to be told about.
TOLD_ABOUT = {
    "warning": lambda: still_to_tell(decision_id=OuterRef("decision_id")),
    "restriction": lambda: still_to_tell(decision_id=OuterRef("decision_id")),
    "review": lambda: still_to_tell(review_id=OuterRef("pk")),
    "appeal": lambda: still_to_tell(appeal_id=OuterRef("pk")),
}


def base(kind: str, case: Any, decision: Any) -> dict[str, Any]:
    return {
        "case": case,
        "kind": kind,
        "reference": case.reference,
        "customer": case.customer.full_name,
        "customer_reference": case.customer.reference,
        "decision_body": decision_body_name(decision.policy_pack.file, decision.decision_body),
        "pack": decision.policy_pack.title,
        "version": decision.policy_pack.version,
    }


def service_names(restriction: Restriction) -> list[str]:
    if restriction.scope == Restriction.Scope.WHOLE_COUNCIL:
        return ["The whole council"]
    return sorted(service.name for service in restriction.services.all())


def restriction_entry(item: Restriction) -> Entry:
    today = timezone.localdate()
    flags = ["Not ratified in time"] if hasattr(item, "ratification_flag") else []
    return Entry(
        **base("restriction", item.case, item.decision),
        what=item.type_name,
        status=item.get_status_display(),
        services=service_names(item),
        due_on=item.review_on,
        overdue=bool(item.review_on and item.review_on < today),
        customer_must_be_told=still_untold(item),
        flags=flags,
        id=item.pk,
        decision=item.decision_id,
        restriction=item.pk,
    )


def review_entry(item: Review) -> Entry:
    open_ = item.completed_at is None
    return Entry(
        **base("review", item.restriction.case, item.restriction.decision),
        what=f"Review of {item.restriction.type_name}",
        status="Open" if open_ else f"Completed: {item.get_outcome_display().lower()}",
        services=service_names(item.restriction),
        due_on=item.due_on,
        overdue=open_ and item.due_on < timezone.localdate(),
        customer_must_be_told=still_untold(item),
        flags=["Escalated"] if item.escalated_at else [],
        id=item.pk,
        decision=item.restriction.decision_id,
        restriction=item.restriction_id,
    )


def warning_entry(item: FormalWarning) -> Entry:
    return Entry(
        **base("warning", item.case, item.decision),
        what=f"Monitoring until {item.monitoring_until:%-d %B %Y}",
        status=item.get_status_display(),
        services=[],
        due_on=item.monitoring_until,
        overdue=False,
        customer_must_be_told=still_untold(item),
        id=item.pk,
        decision=item.decision_id,
    )


def appeal_entry(item: Appeal) -> Entry:
    late = is_late(item)
    return Entry(
        **base("appeal", item.case, item.decision),
        what=f"Appeal received {item.received_on:%-d %B %Y}",
        status=f"Decided: {item.get_outcome_display().lower()}" if item.decided_at else "Open",
        services=[],
        due_on=item.decide_by,
        overdue=item.decided_at is None and late,
        customer_must_be_told=still_untold(item),
        flags=["Decided late"] if item.decided_at and late else [],
        id=item.pk,
        decision=item.decision_id,
    )


def entries(filters: Filters) -> list[Entry]:
    """The register's entries for these filters: warnings, restrictions, reviews, appeals."""
    wanted = [filters.kind] if filters.kind in KINDS else list(KINDS)
    found: list[Entry] = []
    packs: dict[int, Any] = {}
    for kind in wanted:
        load, make = ENTRIES[kind]
        found += [make(item) for item in load(told(kind, QUERIES[kind](filters)), packs)]
    return sorted(found, key=lambda e: (e.due_on or date.max, e.reference, e.kind))


def told(kind: str, items: QuerySet[Any]) -> QuerySet[Any]:
    return items.annotate(still_to_tell=TOLD_ABOUT[kind]())


def still_untold(item: Any) -> bool:
    """What `told` found for the row: the customer is still to be told."""
    return bool(item.still_to_tell)


# An immediate restriction is imposed by one officer on the pack's serious grounds, not a body.
RESTRICTED_AT_ONCE = "Restricted at once, on a serious ground"


def decision_body_name(pack: Any, body: str) -> str:
    """The body's name in the pack, as staff read it; never its id."""
    return RESTRICTED_AT_ONCE if body == IMMEDIATE_BODY else body_name(pack, body)


def reviews_with_packs(
    items: Iterable[Review], known: dict[int, Any] | None = None
) -> list[Review]:
    found = list(items)
    with_packs([item.restriction for item in found], known)
    return found


# A page of the register: every entry's place in the order, then only that page's records.
Key = tuple[date, str, str, int]
QUERIES: dict[str, Any] = {
    "warning": warnings,
    "restriction": restrictions,
    "review": reviews,
    "appeal": appeals,
}
ORDERED_BY = {
    "warning": ("monitoring_until", "case__reference"),
    "restriction": ("review_on", "case__reference"),
    "review": ("due_on", "restriction__case__reference"),
    "appeal": ("decide_by", "case__reference"),
}


def key_rows(kind: str, filters: Filters) -> QuerySet[Any]:
    """One kind's entries as keys: (due or the last date, case reference, kind, id)."""
    due, reference = ORDERED_BY[kind]
    return (
        QUERIES[kind](filters)
        .prefetch_related(None)
        .order_by()
        .annotate(
            key_due=Coalesce(due, Value(date.max)),
            key_reference=F(reference),
            key_kind=Value(kind, output_field=CharField()),
            key_id=F("pk"),
        )
        .values_list("key_due", "key_reference", "key_kind", "key_id")
    )


def keys(filters: Filters) -> QuerySet[Any]:
    """Every entry's place in the register's order (as `entries`), as one query the database
    sorts and pages: a page of the register reads only its own keys."""
    wanted = [filters.kind] if filters.kind in KINDS else list(KINDS)
    first, *others = [key_rows(kind, filters) for kind in wanted]
    return first.union(*others, all=True).order_by("key_due", "key_reference", "key_kind", "key_id")


# How each kind's records are read for their entries, and the entry made of each.
ENTRIES: dict[str, tuple[Callable[..., list[Any]], Callable[[Any], Entry]]] = {
    "warning": (with_packs, warning_entry),
    "restriction": (with_packs, restriction_entry),
    "review": (reviews_with_packs, review_entry),
    "appeal": (with_packs, appeal_entry),
}


def entries_for(chosen: Iterable[Key]) -> list[Entry]:
    """The entries for these keys, in their order: only their records are read."""
    chosen = list(chosen)
    built: dict[tuple[str, int], Entry] = {}
    packs: dict[int, Any] = {}  # a council's entries share a handful of packs: each read once
    for kind, (load, make) in ENTRIES.items():
        ids = [pk for _, _, of_kind, pk in chosen if of_kind == kind]
        if ids:
            items = load(told(kind, QUERIES[kind](Filters()).filter(pk__in=ids)), packs)
            built.update({(kind, item.pk): make(item) for item in items})
    return [built[(kind, pk)] for _, _, kind, pk in chosen]


def body_named(body: str, packs: Iterable[Any]) -> str:
    """A decision body's name, from the newest pack that has it."""
    names = [body_name(p.file, body) for p in packs if p.file.decision_body(body)]
    if names:
        return names[-1]
    return RESTRICTED_AT_ONCE if body == IMMEDIATE_BODY else body


def by_name(choice: tuple[str, str]) -> str:
    return choice[1]


# CSV ---------------------------------------------------------------------------------------------


def cell(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    text = "" if value is None else str(value)
    # Spreadsheet programs run cells that start with these as formulas.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_lines(rows: Iterable[Entry]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        words = {"kind": KINDS.get(row.kind, row.kind)}
        writer.writerow([words.get(name) or cell(getattr(row, name)) for name, _ in COLUMNS])
    yield buffer.getvalue()


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The values each filter can take, from what is on the register."""
    statuses = {**dict(Restriction.Status.choices), **dict(FormalWarning.Status.choices)}
    statuses.update({"open": "Open", "completed": "Completed", "decided": "Decided"})
    packs = list(without_text(PolicyPack.objects.order_by("pack_id", "version")))
    # Without the model's own ordering, which would make each decision's body distinct.
    bodies = Decision.objects.order_by().values_list("decision_body", flat=True).distinct()
    return {
        "kind": list(KINDS.items()),
        "status": sorted(statuses.items()),
        "service": list(CouncilService.objects.order_by("name").values_list("slug", "name")),
        "due": list(DUE_CHOICES.items()),
        "body": sorted({(body, body_named(body, packs)) for body in bodies}, key=by_name),
        "pack": sorted({(p.pack_id, p.title) for p in packs}, key=by_name),
        "version": sorted({(p.version, p.version) for p in packs}),
        "type": restriction_types(packs),
        "ratification": list(RATIFICATION_CHOICES.items()),
        "told": list(TOLD_CHOICES.items()),
    }


def restriction_types(packs: Iterable[Any]) -> list[tuple[str, str]]:
    """Every restriction type the packs declare, by the newest pack's name for it."""
    named = {kind.id: kind.name for pack in packs for kind in pack.file.restrictions.types}
    return sorted(named.items(), key=by_name)
