"""The API's own endpoints: who a token acts as, and the audit trail.

The audit trail is core's, but core has no router yet; when it does, the
audit router moves to conduct/core/api.py unchanged.
"""

from datetime import datetime
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.models import ApiToken
from conduct.api.schemas import MAX_ID, Input
from conduct.core.audit import record
from conduct.core.models import AuditEvent

me_router = Router(tags=["Tokens"])
audit_router = Router(tags=["Audit trail"])


def token_of(request: HttpRequest) -> ApiToken:
    """The token TokenAuth accepted for this request."""
    return cast(ApiToken, request.auth)  # type: ignore[attr-defined]


def acting_user(request: HttpRequest) -> User:
    return cast(User, request.user)


class TokenOut(Schema):
    name: str
    prefix: str
    scopes: list[str]
    expires_at: datetime | None


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[str]
    token: TokenOut


@me_router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    """Who this token acts as and what it may do: a safe first call for a new integration."""
    user = acting_user(request)
    return {
        "email": user.email,
        "full_name": user.full_name,
        "roles": [role.value for role in user.roles],
        "token": token_of(request),
    }


class AuditEventOut(Schema):
    sequence: int
    at: datetime
    actor_email: str | None
    verb: str
    target_type: str
    target_id: str
    payload: dict[str, Any]

    @staticmethod
    def resolve_actor_email(event: AuditEvent) -> str | None:
        return event.actor.email if event.actor else None


class AuditEventPage(Schema):
    items: list[AuditEventOut]
    next_before: int | None = Field(
        description="Pass as `before` for the next, older page; null on the last page"
    )


class AuditEventQuery(Input):
    before: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only events older than this sequence"
    )
    limit: int = Field(50, ge=1, le=200, description="How many events, newest first")


@audit_router.get("/audit-events", response=AuditEventPage, auth=scoped("audit:read"))
def audit_events(request: HttpRequest, query: Query[AuditEventQuery]) -> dict[str, Any]:
    """Audit events, newest first, a page at a time (scope audit:read, permission
    core.view_audit_trail). Paging by sequence keeps pages stable while events are added.
    Each read is itself recorded.
    """
    if not request.user.has_perm("core.view_audit_trail"):
        raise PermissionDenied("The staff member this token acts as cannot see the audit trail.")
    events = AuditEvent.objects.select_related("actor").order_by("-sequence")
    if query.before is not None:
        events = events.filter(sequence__lt=query.before)
    items = list(events[: query.limit + 1])
    has_more = len(items) > query.limit
    items = items[: query.limit]
    record(
        "api.audit_events_read",
        actor=request.user,
        payload={
            "path": request.path,
            "before": query.before,
            "limit": query.limit,
            "count": len(items),
        },
    )
    return {"items": items, "next_before": items[-1].sequence if has_more else None}
