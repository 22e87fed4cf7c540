"""What the subject access pages show, worked out from the rows: deadlines in words, the moves
open to the reader, the bundle's progress and what it did with each item."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from conduct.accounts.models import User
from conduct.core.moves import moves_open_to
from conduct.dataprotection.bundle import DISCLOSED, REDACTED_ITEM, WITHHELD
from conduct.dataprotection.models import Bundle, SubjectAccessRequest
from conduct.dataprotection.reminders import open_requests

Status = SubjectAccessRequest.Status
TREATMENTS = {DISCLOSED: "Given in full", REDACTED_ITEM: "Others redacted", WITHHELD: "Withheld"}


def day(value: Any) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def is_overdue(sar: SubjectAccessRequest) -> bool:
    return (
        sar.status not in (Status.RELEASED, Status.WITHDRAWN) and sar.due_on < timezone.localdate()
    )


def due_words(sar: SubjectAccessRequest) -> str:
    if sar.status == Status.RELEASED and sar.released_at:
        return f"Released {day(timezone.localtime(sar.released_at))}"
    if sar.status == Status.WITHDRAWN:
        return "Withdrawn"
    return f"Overdue: was due {day(sar.due_on)}" if is_overdue(sar) else f"Due {day(sar.due_on)}"


def row(sar: SubjectAccessRequest) -> list[dict[str, Any]]:
    link = format_html(
        '<a class="govuk-link" href="{}">{}</a>',
        reverse("dataprotection:request", args=[sar.reference]),
        sar.reference,
    )
    return [
        {"html": link},
        {"text": sar.customer.full_name},
        {"text": day(sar.received_on)},
        {"text": due_words(sar)},
        {"text": sar.get_status_display()},
    ]


def request_lists(user: User) -> dict[str, Any]:
    waiting = list(open_requests().select_related("customer").order_by("due_on", "pk"))
    done = SubjectAccessRequest.objects.filter(status__in=[Status.RELEASED, Status.WITHDRAWN])
    return {
        "open_rows": [row(sar) for sar in waiting],
        "closed_rows": [
            row(sar) for sar in done.select_related("customer").order_by("-modified_at")[:50]
        ],
        "may_log": user.has_perm("dataprotection.handle_subject_access_requests"),
    }


def summary(sar: SubjectAccessRequest) -> list[dict[str, Any]]:
    rows = [
        ("Customer", f"{sar.customer.full_name} ({sar.customer.reference})"),
        ("Received", f"{day(sar.received_on)}, by {sar.get_channel_display().lower()}"),
        ("Deadline", due_words(sar)),
        ("Status", sar.get_status_display()),
        ("Identity checked", sar.identity_check or "Not yet"),
        ("Clock started", day(sar.clock_starts_on)),
    ]
    if sar.extended_by_months:
        rows.append(("Extended", f"By {sar.extended_by_months} months: {sar.extension_reason}"))
    if sar.representative_name:
        rows.append(("Asked for by", f"{sar.representative_name}: {sar.representative_authority}"))
    if sar.notes:
        rows.append(("Notes", sar.notes))
    if sar.withdrawn_reason:
        rows.append(("Withdrawn", sar.withdrawn_reason))
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def latest(sar: SubjectAccessRequest) -> Bundle | None:
    return sar.bundles.order_by("-created_at", "-pk").first()


def item_of(sar: SubjectAccessRequest, key: str) -> dict[str, str] | None:
    bundle = sar.bundles.filter(status=Bundle.Status.READY).order_by("-pk").first()
    found = [item for item in bundle.items if item["key"] == key] if bundle else []
    return found[0] if found else None


def treatment_sentence(item: dict[str, str]) -> str:
    said = {
        DISCLOSED: "The bundle gives this item in full.",
        REDACTED_ITEM: "The bundle gives this item with other people’s details redacted.",
        WITHHELD: f"The bundle withholds this item: {item['reason']}",
    }
    return said[item["treatment"]]


def item_rows(
    sar: SubjectAccessRequest, bundle: Bundle, may_decide: bool
) -> list[list[dict[str, Any]]]:
    decided = {d.item_key: d for d in sar.decisions.all()}
    rows = []
    for item in bundle.items:
        title: dict[str, Any] = {"text": item["title"]}
        if may_decide:
            href = reverse("dataprotection:decide_item", args=[sar.reference, item["key"]])
            title = {
                "html": format_html('<a class="govuk-link" href="{}">{}</a>', href, item["title"])
            }
        decision = decided.get(item["key"])
        why = item["reason"] or (decision.reason if decision else "")
        rows.append([title, {"text": TREATMENTS[item["treatment"]]}, {"text": why}])
    return rows


def progress(bundle: Bundle) -> str:
    if bundle.status == Bundle.Status.FAILED:
        return "The bundle could not be built. Build it again; if it fails again, tell the administrator."
    if bundle.status == Bundle.Status.READY:
        return f"The bundle was built on {day(timezone.localtime(bundle.finished_at))}."
    if not bundle.sections_total:
        return "The bundle is waiting to be built."
    return f"Gathered {bundle.sections_done} of {bundle.sections_total} parts of the record."


def request_context(sar: SubjectAccessRequest, user: User) -> dict[str, Any]:
    bundle = latest(sar)
    may_decide = user.has_perm("dataprotection.handle_subject_access_requests") and (
        sar.status == Status.READY_FOR_REVIEW
    )
    return {
        "sar": sar,
        "title": f"Subject access request {sar.reference}",
        "summary": summary(sar),
        "moves": [
            {"text": move.label, "href": reverse(move.page, args=[sar.reference])}
            for move in moves_open_to(user, sar)
            if move.page
        ],
        "bundle": bundle,
        "building": bundle is not None
        and bundle.status in (Bundle.Status.QUEUED, Bundle.Status.BUILDING),
        "progress": progress(bundle) if bundle else "",
        "item_rows": item_rows(sar, bundle, may_decide)
        if bundle and bundle.status == Bundle.Status.READY
        else [],
        "may_download": user.has_perm("dataprotection.read_bundle"),
    }
