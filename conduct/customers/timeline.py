"""The customer's timeline: incidents, warnings, actions, cases and changes, newest first.

Customers owns the timeline and its paging and contributes the record's own changes; every
other kind of entry comes from the app that owns it, through this module's hook: each app's
AppConfig.ready calls `contribute_many` (kinds a customer may have hundreds of, such as
incidents: `conduct/incidents/timeline.py`) or `contribute_few` (cases, letters, markers, the
latest contacts). Apps are ready in INSTALLED_APPS order, which is the kinds' order, and the
order breaks ties between entries made at the same moment.

Each entry says what happened and when, never an incident's narrative: the
narrative is read on the incident page, where that read is audited. An email's
subject shows only to those who may read the email (contacts.read_email); an
entry links only to a page the reader may open (core.links).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from django.db.models import F, QuerySet, Value
from django.utils import timezone
from django.utils.html import format_html

from conduct.core.audit import describe
from conduct.core.models import AuditEvent
from conduct.customers.models import Customer

# Reads are not changes to the record: they belong to the audit trail, not the timeline.
READ_VERBS = {"customers.sensitive_detail_viewed", "customers.customer_read_by_api"}


@dataclass(frozen=True)
class Entry:
    label: str
    at: datetime
    text: str
    by: str = ""
    href: str = ""
    target: Any = field(default=None, compare=False)  # the object behind href, when loaded

    def as_moj_item(self, may_open: Callable[[str], bool]) -> dict[str, Any]:
        """The entry as a mojTimeline item; the label links to the incident or case when the
        reader may open it."""
        label: dict[str, str] = (
            {"html": format_html('<a class="govuk-link" href="{}">{}</a>', self.href, self.label)}
            if self.href and may_open(self.href)
            else {"text": self.label}
        )
        item: dict[str, Any] = {
            "label": label,
            "text": self.text,
            "datetime": {"timestamp": timezone.localtime(self.at), "type": "datetime"},
        }
        if self.by:
            item["byline"] = {"text": self.by}
        return item


def entries(customer: Customer, reader: Any = None) -> list[Entry]:
    """Everything on the customer's timeline, newest first, as `reader` may see it."""
    found = [entry for kind in many() for entry in kind.entries(customer, kind.rows(customer))]
    return ready_to_link(newest_first([*found, *few_entries(customer, reader)]))


def few_entries(customer: Customer, reader: Any) -> list[Entry]:
    """The kinds a customer has a handful of: cases, letters, markers, the latest contacts."""
    return [entry for kind in FEW for entry in kind(customer, reader)]


def newest_first(found: Iterable[Entry]) -> list[Entry]:
    return sorted(found, key=lambda entry: entry.at, reverse=True)


@dataclass(frozen=True)
class Many:
    """A kind of entry a customer may have hundreds of (incidents, actions on them, changes):
    a page reads every row's date first and loads only the rows it shows."""

    rows: Callable[[Customer], QuerySet[Any]]
    when: str  # the field each row's entry is dated by
    entries: Callable[[Customer, Iterable[Any]], Iterable[Entry]]  # one entry a row


# A kind of entry a customer has a handful of: the customer and the reader give its entries.
Few = Callable[[Customer, Any], Iterable[Entry]]


class Key(NamedTuple):
    at: datetime
    kind: int  # which of many()
    pk: int


@dataclass(frozen=True)
class TimelinePage:
    """One page of the timeline, newest first: `number` counts from 1."""

    entries: list[Entry]
    number: int
    has_older: bool


def timeline_page(customer: Customer, reader: Any, number: int, size: int) -> TimelinePage:
    """The entries on page `number` of `size`, and whether older ones follow."""
    found = window(customer, reader, (number - 1) * size, number * size + 1)
    return TimelinePage(entries=found[:size], number=number, has_older=len(found) > size)


def window(customer: Customer, reader: Any, start: int, stop: int) -> list[Entry]:
    """The entries from `start` to `stop` in the timeline's order, loading only those rows."""
    kinds = many()
    keys = [Key(*row) for row in newest_keys(customer, kinds)[:stop]]
    everything: list[Key | Entry] = [*keys, *few_entries(customer, reader)]
    chosen = sorted(everything, key=lambda item: item.at, reverse=True)[start:stop]
    loaded: dict[tuple[int, int], Entry] = {}
    for number, kind in enumerate(kinds):
        wanted = [item.pk for item in chosen if isinstance(item, Key) and item.kind == number]
        if wanted:
            rows = list(kind.rows(customer).filter(pk__in=wanted))
            for row, entry in zip(rows, kind.entries(customer, rows), strict=True):
                loaded[(number, row.pk)] = entry
    return ready_to_link(
        [loaded[(item.kind, item.pk)] if isinstance(item, Key) else item for item in chosen]
    )


def ready_to_link(found: list[Entry]) -> list[Entry]:
    """The entries, their targets read for their link checks in one go, whatever their kind
    (the staff each incident names, asked by incidents' rules)."""
    targets = [entry.target for entry in found if entry.target is not None]
    for prepare in LINK_PREPARATIONS:
        prepare(targets)
    return found


def newest_keys(customer: Customer, kinds: list[Many]) -> QuerySet[Any]:
    """Every paged kind's rows as (date, which kind, id), newest first, in one query the
    database sorts: kinds in their order and newest rows first at the same moment."""
    first, *others = [
        kind.rows(customer)
        .select_related(None)
        .prefetch_related(None)
        .order_by()
        .annotate(key_at=F(kind.when), key_kind=Value(number), key_id=F("pk"))
        .values_list("key_at", "key_kind", "key_id")
        for number, kind in enumerate(kinds)
    ]
    return first.union(*others, all=True).order_by("-key_at", "key_kind", "-key_id")


def name_of(user: Any) -> str:
    return user.get_full_name() if user is not None else "Conduct"


def changes_of(customer: Customer) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(
            target_type=Customer._meta.label_lower, target_id=str(customer.pk)
        )
        .exclude(verb__in=READ_VERBS)
        .select_related("actor")
    )


def change_entries(customer: Customer, events: Iterable[AuditEvent]) -> Iterable[Entry]:
    for event in events:
        yield Entry(
            label="Record changed",
            at=event.at,
            by=name_of(event.actor),
            text=describe(event),
        )


# The timeline's hook, filled in the apps' AppConfig.ready (see the module's docstring).
CONTRIBUTED: list[Many] = []
FEW: list[Few] = []
LINK_PREPARATIONS: list[Callable[[list[Any]], None]] = []
CHANGES = Many(changes_of, "at", change_entries)


def contribute_many(*kinds: Many) -> None:
    """Add kinds of entry a customer may have hundreds of, paged by date."""
    CONTRIBUTED.extend(kind for kind in kinds if kind not in CONTRIBUTED)


def contribute_few(kind: Few) -> None:
    """Add a kind of entry a customer has a handful of, read whole on every page."""
    if kind not in FEW:
        FEW.append(kind)


def prepare_links_with(prepare: Callable[[list[Any]], None]) -> None:
    """Add a step that reads, for all the entries' targets at once, what their link checks ask."""
    if prepare not in LINK_PREPARATIONS:
        LINK_PREPARATIONS.append(prepare)


def many() -> list[Many]:
    """The paged kinds: those contributed, then the record's own changes."""
    return [*CONTRIBUTED, CHANGES]
