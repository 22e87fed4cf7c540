"""What every change to a subject access request does alike: lock the row, stamp who changed
it, write the audit event naming the request."""

from conduct.accounts.models import User
from conduct.core.audit import record
from conduct.dataprotection.models import SubjectAccessRequest


def locked(request: SubjectAccessRequest) -> SubjectAccessRequest:
    return SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)


def audit(verb: str, request: SubjectAccessRequest, by: User | None, **payload: object) -> None:
    record(
        f"dataprotection.{verb}",
        actor=by,
        target=request,
        payload={"reference": request.reference, **payload},
    )


def save(request: SubjectAccessRequest, by: User | None, *fields: str) -> None:
    request.modified_by = by
    request.save(update_fields=[*fields, "modified_at", "modified_by"])
