"""What screening, the customer page and the API may show of live markers: never the restricted detail.

Screening calls these for many people at once, so each is one query however
many ids it is given. A marker is live once health and safety have approved it
(status "live") and until it is withdrawn or expires; the task in tasks.py
moves markers out of "live" on schedule, and the date test here covers the
hours between a marker's retention date and the task's next run.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from conduct.alerts.addresses import first_line as first_line_key
from conduct.alerts.addresses import postcode_or_blank, uprn_or_blank
from conduct.alerts.models import Disclosure, Marker, Severity


@dataclass(frozen=True)
class MarkerNotice:
    """What frontline staff may see of a live marker: never the restricted detail.

    `kind` is the pack's category id (such as `do-not-visit-alone`), for rules that act on it.
    """

    reference: str
    subject: str
    category: str
    code: str
    kind: str
    severity: str
    handling: str
    needs_acknowledgement: bool
    review_on: date


def notice(marker: Marker) -> MarkerNotice:
    return MarkerNotice(
        reference=marker.reference,
        subject=marker.subject,
        category=marker.category_name,
        code=marker.code,
        kind=marker.category,
        severity=marker.severity,
        handling=marker.handling,
        needs_acknowledgement=marker.needs_acknowledgement,
        review_on=marker.review_on,
    )


NOTICE_FIELDS = (
    "reference",
    "subject",
    "customer_id",
    "category_name",
    "category",
    "code",
    "severity",
    "handling",
    "review_on",
)


def live_markers() -> QuerySet[Marker]:
    """Approved, started and not past retention, oldest first (callers sort by severity)."""
    today = timezone.localdate()
    return (
        Marker.objects.filter(
            status=Marker.Status.LIVE, starts_on__lte=today, retain_until__gt=today
        )
        .only(*NOTICE_FIELDS)
        .order_by("starts_on", "pk")
    )


RANK = {severity: rank for rank, severity in enumerate(reversed(Severity.values))}


def most_serious_first(notices: list[MarkerNotice]) -> list[MarkerNotice]:
    return sorted(notices, key=lambda item: RANK.get(item.severity, len(RANK)))


def live_person_markers(customer_ids: Iterable[int]) -> dict[int, list[MarkerNotice]]:
    """Live markers for each customer id given, in one query; ids with none are left out."""
    found: dict[int, list[MarkerNotice]] = defaultdict(list)
    for marker in live_markers().filter(customer_id__in=list(customer_ids)):
        assert marker.customer_id is not None
        found[marker.customer_id].append(notice(marker))
    return {customer_id: most_serious_first(notices) for customer_id, notices in found.items()}


def live_premises_markers(
    *, uprn: str = "", postcode: str = "", first_line: str = ""
) -> list[MarkerNotice]:
    """Hazards at an address: matched by UPRN when given, else postcode and first line."""
    markers = live_markers().filter(premises_match(uprn, postcode, first_line))
    return most_serious_first([notice(marker) for marker in markers])


def premises_match(uprn: str, postcode: str, line: str) -> Q:
    """The lookup for one address: by UPRN when given, else postcode and first line.

    With a UPRN, premises recorded without one still match on the address. An
    address too vague to match finds nothing rather than everything.
    """
    code, line_key = postcode_or_blank(postcode), first_line_key(line)
    by_address = (
        Q(premises__postcode=code, premises__line_1_key=line_key)
        if code and line_key
        else Q(pk__in=[])
    )
    if key := uprn_or_blank(uprn):
        return Q(premises__uprn=key) | (Q(premises__uprn="") & by_address)
    return by_address


# For the start page (conduct/office/start_page.py) ---------------------------------------------


def waiting_to_verify(user: Any) -> int:
    """Provisional markers a line manager could verify: not ones they raised."""
    return Marker.objects.filter(status=Marker.Status.PROVISIONAL).exclude(created_by=user).count()


def waiting_to_approve(user: Any) -> int:
    """Verified markers health and safety could approve: not ones they verified."""
    return Marker.objects.filter(status=Marker.Status.VERIFIED).exclude(verified_by=user).count()


def marker_reviews_due(user: Any) -> int:
    """Live markers due for review within a month, whose reason for not telling the person is due
    to be looked at again (I2), or with a new occupier at the address (I6)."""
    soon = timezone.localdate() + timedelta(days=30)
    due = (
        Q(review_on__lte=soon)
        | Q(not_told_revisit_on__lte=soon)
        | Q(occupier_recheck_since__isnull=False)
    )
    return Marker.objects.filter(due, status=Marker.Status.LIVE).count()


def visible_markers(user: Any) -> QuerySet[Marker]:
    """The register as this member of staff may see it: unapproved markers only for those who
    check or oversee them, and for whoever raised them (alerts/rules.py)."""
    markers = Marker.objects.select_related("customer", "premises")
    if user.has_perm("alerts.view_unapproved_markers"):
        return markers
    return markers.filter(Q(approved_at__isnull=False) | Q(created_by=user.pk))


def disclosures_this_month(user: Any) -> int:
    """Markers shared with partners in the last 30 days, for the start page (I7)."""
    since = timezone.now() - timedelta(days=30)
    return Disclosure.objects.filter(created_at__gte=since).count()
