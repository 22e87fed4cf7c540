"""A subject access request's moves, declared on core's engine: confirm the requester's
identity, build the bundle, decide about an item, extend the deadline, release, withdraw.

The services call `check(name, by, request)` first; the request's page and the API offer what
`moves_open_to` returns. The job that builds a bundle moves the request on when it finishes
(`services.finish_bundle`); no person makes that move, so it is not declared here. No move
asks whether the customer is restricted (D5).
"""

from conduct.core.moves import Move, Permission, Workflow, declare, states
from conduct.dataprotection.models import Bundle, ItemDecision, SubjectAccessRequest

Status = SubjectAccessRequest.Status
OPEN = states(Status.LOGGED, Status.IDENTITY_CONFIRMED, Status.BUILDING, Status.READY_FOR_REVIEW)

HANDLES = Permission(
    "dataprotection.handle_subject_access_requests",
    "Only the data protection officer can act on a subject access request",
)


def not_extended_fully(request: SubjectAccessRequest) -> str | None:
    if request.extended_by_months >= 2:
        return "The deadline has already been extended by the two months the law allows"
    return None


def latest_bundle(request: SubjectAccessRequest) -> Bundle | None:
    return request.bundles.order_by("-created_at", "-pk").first()


def bundle_is_current(request: SubjectAccessRequest) -> str | None:
    """The bundle released is the one the reviewer read: built after their last decision."""
    bundle = latest_bundle(request)
    if bundle is None or bundle.status != Bundle.Status.READY:
        return "Build the bundle first"
    changed = ItemDecision.objects.filter(request=request, modified_at__gt=bundle.created_at)
    if changed.exists():
        return "Items were decided on after this bundle was built: build it again first"
    return None


NOT_NOW = {
    "confirm_identity": "The requester’s identity has already been confirmed",
    "build_subject_access_bundle": "The bundle cannot be built while the request is {state}",
    "release_subject_access_bundle": "Only a bundle ready for review can be released",
    "decide_bundle_item": "Items can be decided on only while the bundle is ready for review",
}


def not_now(move: Move, request: SubjectAccessRequest) -> str:
    if request.status in (Status.RELEASED, Status.WITHDRAWN):
        return f"The request was {request.get_status_display().lower()}"
    state = request.get_status_display().lower()
    return NOT_NOW.get(move.name, "{label} is not possible while it is {state}").format(
        label=move.label, state=state
    )


MOVES = (
    Move(
        "confirm_identity",
        "Confirm identity",
        SubjectAccessRequest,
        states(Status.LOGGED),
        Status.IDENTITY_CONFIRMED,
        HANDLES,
        page="dataprotection:confirm_identity",
    ),
    Move(
        "build_subject_access_bundle",
        "Build the bundle",
        SubjectAccessRequest,
        states(Status.IDENTITY_CONFIRMED, Status.READY_FOR_REVIEW),
        Status.BUILDING,
        HANDLES,
        page="dataprotection:build",
    ),
    Move(
        "release_subject_access_bundle",
        "Release the bundle",
        SubjectAccessRequest,
        states(Status.READY_FOR_REVIEW),
        Status.RELEASED,
        HANDLES,
        (bundle_is_current,),
        page="dataprotection:release",
    ),
    Move(
        "decide_bundle_item",
        "Decide about an item",
        SubjectAccessRequest,
        states(Status.READY_FOR_REVIEW),
        None,
        HANDLES,
    ),
    Move(
        "extend_subject_access_deadline",
        "Extend the deadline",
        SubjectAccessRequest,
        OPEN,
        None,
        HANDLES,
        (not_extended_fully,),
        page="dataprotection:extend",
    ),
    Move(
        "withdraw_subject_access_request",
        "Record that it was withdrawn",
        SubjectAccessRequest,
        OPEN,
        Status.WITHDRAWN,
        HANDLES,
        page="dataprotection:withdraw",
    ),
)
REQUESTS = declare(Workflow(SubjectAccessRequest, MOVES, not_now=not_now))
