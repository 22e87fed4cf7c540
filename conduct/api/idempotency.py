"""`Idempotency-Key` on create endpoints: a retried request gets the first answer again.

    status, body = once(request, lambda: (201, IncidentOut.from_orm(log_incident(...)).model_dump(mode="json")))

Without the header the work simply runs. With it, the first request's answer
is stored in the same transaction as the work; a retry with the same key and
the same body gets that answer without doing the work again; the same key
with a different body is refused (422), as the IETF draft asks.
"""

import hashlib
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from conduct.api.endpoints import acting_user
from conduct.api.models import IdempotentRequest
from conduct.api.problems import ApiProblemError
from conduct.core.text import CONTROL_MESSAGE, has_control_characters
from conduct.core.transactions import retry_on_conflict

Answer = tuple[int, Any]


KEY_LIMIT = 255  # IdempotentRequest.key's length


class KeyTooLongError(ApiProblemError):
    status = HTTPStatus.BAD_REQUEST
    title = "Idempotency-Key too long"
    slug = "idempotency-key-too-long"


class KeyUnreadableError(ApiProblemError):
    status = HTTPStatus.BAD_REQUEST
    title = "Idempotency-Key has control characters"
    slug = "idempotency-key-control-characters"


def key_of(request: HttpRequest) -> str:
    """The request's Idempotency-Key, whole, or "" without one; a longer key than can be
    stored is refused, never cut: two keys sharing their start are two requests."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if has_control_characters(key):
        raise KeyUnreadableError(f"Idempotency-Key {CONTROL_MESSAGE}.")
    if len(key) > KEY_LIMIT:
        raise KeyTooLongError(
            f"Idempotency-Key must be {KEY_LIMIT} characters or fewer; this one has {len(key)}."
        )
    return key


class KeyReusedError(ApiProblemError):
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    title = "Idempotency-Key already used for a different request"
    slug = "idempotency-key-reused"


def once(request: HttpRequest, work: Callable[[], Answer]) -> Answer:
    key = key_of(request)
    if not key:
        return work()
    return _once(request, key, work)


@retry_on_conflict
def _once(request: HttpRequest, key: str, work: Callable[[], Answer]) -> Answer:
    fingerprint = hashlib.sha256(request.body).hexdigest()
    endpoint = f"{request.method} {request.path}"
    stored = _stored(request, key, fingerprint, endpoint)
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            status, body = work()
            IdempotentRequest.objects.create(
                key=key,
                acting_as=acting_user(request),
                endpoint=endpoint,
                request_sha256=fingerprint,
                status=status,
                response=body,
            )
    except IntegrityError:
        # The same key raced in at the same moment; its answer stands.
        stored = _stored(request, key, fingerprint, endpoint)
        if stored is None:
            raise
        return stored
    return status, body


def _stored(request: HttpRequest, key: str, fingerprint: str, endpoint: str) -> Answer | None:
    previous = IdempotentRequest.objects.filter(acting_as=acting_user(request), key=key).first()
    if previous is None:
        return None
    if previous.request_sha256 != fingerprint or previous.endpoint != endpoint:
        raise KeyReusedError(
            "This Idempotency-Key was sent before with a different request. Use a new key."
        )
    return previous.status, previous.response
