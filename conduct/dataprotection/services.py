"""Every change to a subject access request, one verb-named function each (J3).

Each runs in one transaction, checks its move on the declared workflow (moves.py) and writes
its audit event there. None of them asks whether the customer is restricted: a request from a
restricted person is logged, built and released exactly as anyone else's (D5).
"""

from datetime import date

from django.utils import timezone

from conduct.accounts.models import User
from conduct.core.moves import check
from conduct.core.references import next_reference
from conduct.core.refusals import bad_answer, refuse_if
from conduct.core.transactions import writes
from conduct.customers.models import Customer
from conduct.dataprotection import deadlines, tasks
from conduct.dataprotection.changes import audit, locked, save
from conduct.dataprotection.models import Bundle, ItemDecision, SubjectAccessRequest

Status = SubjectAccessRequest.Status


@writes
def log_subject_access_request(
    customer: Customer,
    *,
    received_on: date,
    channel: str,
    identity_check: str = "",
    representative_name: str = "",
    representative_authority: str = "",
    notes: str = "",
    by: User,
) -> SubjectAccessRequest:
    """Log a request as received; its deadline counts from the day it arrived."""
    if received_on > timezone.localdate():
        raise bad_answer("The date received must be today or in the past", "received_on")
    if representative_name and not representative_authority:
        raise bad_answer(
            "Enter the authority the representative gave to act for the person",
            "representative_authority",
        )
    request = SubjectAccessRequest.objects.create(
        reference=next_reference("SAR"),
        customer=customer,
        received_on=received_on,
        channel=channel,
        identity_check=identity_check,
        clock_starts_on=received_on,
        due_on=deadlines.due_on(received_on),
        representative_name=representative_name,
        representative_authority=representative_authority,
        notes=notes,
        created_by=by,
        modified_by=by,
    )
    audit("subject_access_request_logged", request, by, due_on=request.due_on.isoformat())
    return request


@writes
def confirm_identity(
    request: SubjectAccessRequest, *, how: str, evidence_received_on: date | None = None, by: User
) -> SubjectAccessRequest:
    """Record how the requester's identity was confirmed. Where proof had to be asked for, the
    clock starts again on the day it arrived (the ICO's rule), and the deadline moves with it."""
    request = locked(request)
    check("confirm_identity", by, request)
    if evidence_received_on is not None:
        refuse_if(
            evidence_received_on < request.received_on,
            "The proof of identity cannot have arrived before the request",
            field="evidence_received_on",
            conflict=False,
        )
        refuse_if(
            evidence_received_on > timezone.localdate(),
            "The date the proof arrived must be today or in the past",
            field="evidence_received_on",
            conflict=False,
        )
        request.clock_starts_on = evidence_received_on
    request.identity_check = how
    request.due_on = deadlines.due_on(request.clock_starts_on, request.extended_by_months)
    request.status = Status.IDENTITY_CONFIRMED
    save(request, by, "identity_check", "clock_starts_on", "due_on", "status")
    audit("subject_access_identity_confirmed", request, by, due_on=request.due_on.isoformat())
    return request


@writes
def extend_subject_access_deadline(
    request: SubjectAccessRequest, *, months: int, reason: str, by: User
) -> SubjectAccessRequest:
    """Extend the deadline to `months` beyond the first month (one or two, never more), with the
    reason the person must be told within the first month."""
    request = locked(request)
    check("extend_subject_access_deadline", by, request)
    if not request.extended_by_months < months <= deadlines.MAX_EXTENSION_MONTHS:
        raise bad_answer("Select one or two months, more than it is extended by now", "months")
    request.extended_by_months = months
    request.extension_reason = reason
    request.due_on = deadlines.due_on(request.clock_starts_on, months)
    request.reminded_at = request.escalated_at = None  # reminded again before the new date
    fields = ("extended_by_months", "extension_reason", "due_on", "reminded_at", "escalated_at")
    save(request, by, *fields)
    audit(
        "subject_access_deadline_extended",
        request,
        by,
        months=months,
        due_on=request.due_on.isoformat(),
    )
    return request


@writes
def build_subject_access_bundle(request: SubjectAccessRequest, *, by: User) -> Bundle:
    """Queue the job that gathers every app's section and writes the PDF and the ZIP."""
    request = locked(request)
    check("build_subject_access_bundle", by, request)
    request.status = Status.BUILDING
    save(request, by, "status")
    bundle = Bundle.objects.create(request=request, created_by=by, modified_by=by)
    audit("subject_access_bundle_requested", request, by, bundle=bundle.pk)
    tasks.build_bundle.enqueue(bundle.pk)
    return bundle


@writes
def decide_bundle_item(
    request: SubjectAccessRequest, *, item_key: str, choice: str, reason: str, by: User
) -> ItemDecision:
    """Un-redact an item, withhold it under an exemption, or include one withheld by default;
    the reason is kept and audited, and the bundle must be built again before release."""
    request = locked(request)
    check("decide_bundle_item", by, request)
    bundle = request.bundles.filter(status=Bundle.Status.READY).order_by("-pk").first()
    keys = {item["key"] for item in bundle.items} if bundle else set()
    if item_key not in keys:
        raise bad_answer("Select an item of the bundle", "item_key")
    if choice not in ItemDecision.Choice.values:
        raise bad_answer("Select what to do with the item", "choice")
    decision, _ = ItemDecision.objects.update_or_create(
        request=request,
        item_key=item_key,
        defaults={"choice": choice, "reason": reason, "modified_by": by},
        create_defaults={"choice": choice, "reason": reason, "created_by": by, "modified_by": by},
    )
    audit("subject_access_item_decided", request, by, item=item_key, choice=choice, reason=reason)
    return decision


@writes
def release_subject_access_bundle(request: SubjectAccessRequest, *, by: User) -> Bundle:
    """Record that the bundle the reviewer read was sent to the person: its hashes audited."""
    request = locked(request)
    check("release_subject_access_bundle", by, request)
    bundle = request.bundles.order_by("-created_at", "-pk").first()
    assert bundle is not None  # the move's guard asked for a ready bundle
    now = timezone.now()
    bundle.released_at, bundle.released_by = now, by
    bundle.save(update_fields=["released_at", "released_by", "modified_at"])
    request.status, request.released_at = Status.RELEASED, now
    save(request, by, "status", "released_at")
    audit(
        "subject_access_bundle_released",
        request,
        by,
        bundle=bundle.pk,
        sha256=bundle.pdf_sha256,
        zip_sha256=bundle.zip_sha256,
        on_time=timezone.localdate() <= request.due_on,
    )
    return bundle


@writes
def withdraw_subject_access_request(
    request: SubjectAccessRequest, *, reason: str, by: User
) -> SubjectAccessRequest:
    """Record that the person withdrew the request, in their words or the officer's."""
    request = locked(request)
    check("withdraw_subject_access_request", by, request)
    request.status, request.withdrawn_reason = Status.WITHDRAWN, reason
    save(request, by, "status", "withdrawn_reason")
    audit("subject_access_request_withdrawn", request, by)
    return request
