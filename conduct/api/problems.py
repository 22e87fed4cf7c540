"""Every API error as an RFC 9457 problem document (application/problem+json).

Integrators get one shape for every failure: `type`, `title`, `status`,
`detail`, and `errors` for validation. Types are `about:blank` for plain HTTP
errors and `urn:conduct:problem:<slug>` where a client may want to act on the
kind of problem.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db import DatabaseError, DataError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from conduct.core.refusals import Refusal
from conduct.core.text import CONTROL_MESSAGE, has_control_characters
from conduct.core.transactions import RETRY_AFTER_OUTAGE, is_outage

logger = logging.getLogger("conduct.api")

CONTENT_TYPE = "application/problem+json"
BEARER_CHALLENGE = 'Bearer realm="Conduct API"'


class Problem(Schema):
    """The body of every error response, as RFC 9457 describes it."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


def problem_type(slug: str) -> str:
    return f"urn:conduct:problem:{slug}"


def problem_response(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    challenge: str | None = None,
    **extensions: Any,
) -> HttpResponse:
    """A problem document; without a slug, type is about:blank and title the status phrase.

    A 401, or any problem with a challenge (RFC 6750's error and scope), says how to
    authenticate in WWW-Authenticate.
    """
    body = {
        "type": problem_type(slug) if slug else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extensions,
    }
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    if status == HTTPStatus.UNAUTHORIZED or challenge:
        response["WWW-Authenticate"] = ", ".join(filter(None, [BEARER_CHALLENGE, challenge]))
    return response


class ApiProblemError(HttpError):
    """An error with its own problem type, raised anywhere under an endpoint."""

    status: int = HTTPStatus.BAD_REQUEST
    slug = "bad-request"
    title = "Bad request"
    challenge: str | None = None

    def __init__(self, detail: str) -> None:
        super().__init__(self.status, detail)


class InvalidTokenError(ApiProblemError):
    status = HTTPStatus.UNAUTHORIZED
    slug = "invalid-token"
    title = "The API token was not accepted"
    challenge = 'error="invalid_token"'


class MissingScopeError(ApiProblemError):
    status = HTTPStatus.FORBIDDEN
    slug = "missing-scope"
    title = "The API token does not have the scope this needs"

    def __init__(self, scopes: list[str]) -> None:
        super().__init__(f"This needs a token with the scope {', '.join(scopes)}.")
        self.challenge = f'error="insufficient_scope", scope="{" ".join(scopes)}"'


def field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """Ninja's errors as {in, field, detail, type}; field is a dotted path like 'items.0.name'."""
    return [
        {
            "in": str(error["loc"][0]),
            "field": ".".join(str(part) for part in error["loc"][1:]),
            "detail": error["msg"],
            "type": error["type"],
        }
        for error in exc.errors
    ]


def on_api_problem(request: HttpRequest, exc: ApiProblemError) -> HttpResponse:
    return problem_response(
        exc.status, str(exc), slug=exc.slug, title=exc.title, challenge=exc.challenge
    )


@dataclass(frozen=True)
class RefusalType:
    """A problem type a service's Refusal may name: its title, and whether the detail gains
    a full stop (the sentences are written for pages, where most have none)."""

    title: str
    full_stop: bool = False


CONFLICT, BAD_ANSWER = "workflow-refused", "invalid-answer"
# RFC 9457: a type's title is the same for every occurrence, so it lives here, once per type.
REFUSAL_TYPES = {
    CONFLICT: RefusalType("The policy or the workflow does not allow this", full_stop=True),
    BAD_ANSWER: RefusalType("The request was not valid"),
    "contacts-refused": RefusalType("The policy does not allow this", full_stop=True),
    "contacts-invalid": RefusalType("Some answers need changing"),
    "not-allowed-now": RefusalType("The incident does not allow this now", full_stop=True),
    "incident-closed": RefusalType("The incident can no longer change"),
    "invalid-customer-data": RefusalType("The customer data was not accepted"),
    "empty-query": RefusalType("The query gives nothing to match on", full_stop=True),
    "unreadable-date-of-birth": RefusalType("The date of birth could not be read", full_stop=True),
    "invalid-post": RefusalType("The post was not given"),
}


def on_refusal(request: HttpRequest, exc: Refusal) -> HttpResponse:
    """A service said no: 409 when the state of things does not allow it now, 422 when the
    answer is at fault; a bad answer about one field, with no type of its own, is reported
    the way schema errors are."""
    status = HTTPStatus.CONFLICT if exc.conflict else HTTPStatus.UNPROCESSABLE_ENTITY
    answers = [
        {"loc": ("body", field), "msg": message, "type": "value_error"}
        for field, message in exc.answers.items()
    ]
    if answers and not exc.conflict and exc.problem is None:
        return on_validation_error(request, ValidationError(answers))
    slug = exc.problem or (CONFLICT if exc.conflict else BAD_ANSWER)
    kind = REFUSAL_TYPES[slug]
    detail = "; ".join(exc.answers.values()) if len(answers) > 1 else exc.message
    detail = f"{detail}." if kind.full_stop else detail
    listed: dict[str, Any] = {"errors": field_errors(ValidationError(answers))} if answers else {}
    return problem_response(status, detail, slug=slug, title=kind.title, **listed)


def on_missing_credentials(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        401,
        "Send an API token in the header 'Authorization: Bearer <token>'.",
        slug="missing-token",
        title="An API token is needed",
    )


def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or "The staff member this token acts as is not allowed to do this."
    return problem_response(403, detail, slug="permission-denied", title="Not allowed")


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(exc.status_code, str(exc))


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, "There is nothing at this address, or it is not yours to see.")


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem_response(
        422,
        "Some of the request was not valid; see errors.",
        slug="validation-error",
        title="The request was not valid",
        errors=field_errors(exc),
    )


def on_unreadable_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A body Django cannot parse (multipart with no boundary, too many fields, too big)."""
    return problem_response(
        400,
        f"The request could not be read: {exc or 'it is malformed'}.",
        slug="unreadable-request",
        title="The request could not be read",
    )


def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    """The last line of defence: a value the database itself refused (schemas bound them first)."""
    logger.warning("The database refused a value in %s %s: %s", request.method, request.path, exc)
    return problem_response(
        422,
        "A value is too long or out of range for Conduct to store.",
        slug="validation-error",
        title="The request was not valid",
    )


def on_database_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    if not is_outage(exc):
        return on_unexpected_error(request, exc)
    logger.warning("Database unavailable in %s %s: %s", request.method, request.path, exc)
    response = problem_response(
        503,
        "The service cannot reach its database just now. Try again shortly; "
        "send the same Idempotency-Key so nothing is done twice.",
        slug="service-unavailable",
        title="Service unavailable",
    )
    response["Retry-After"] = str(RETRY_AFTER_OUTAGE)
    return response


def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Log the traceback here: returning a response means Django never sees the exception.
    logger.error("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
    return problem_response(500, "Sorry, there is a problem with the service. Try again later.")


Handler = Callable[[HttpRequest, Any], HttpResponse]
# Ninja picks the handler of the nearest class in the exception's MRO.
HANDLERS: list[tuple[type[Exception], Handler]] = [
    (Exception, on_unexpected_error),
    (DatabaseError, on_database_error),
    (DataError, on_data_error),
    (MultiPartParserError, on_unreadable_request),
    (BadRequest, on_unreadable_request),
    (SuspiciousOperation, on_unreadable_request),
    (HttpError, on_http_error),
    (AuthenticationError, on_missing_credentials),
    (ApiProblemError, on_api_problem),
    (PermissionDenied, on_permission_denied),
    (Http404, on_not_found),
    (ValidationError, on_validation_error),
    (Refusal, on_refusal),
]


def install(api: NinjaAPI) -> None:
    """Replace Ninja's default error responses with problem documents."""
    for exc_class, handler in HANDLERS:
        api.add_exception_handler(exc_class, handler)


View = Callable[..., HttpResponse]


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any address under the API that matches no endpoint."""
    return problem_response(404, "There is no API endpoint at this address.")


def control_characters_in_path(request: HttpRequest) -> HttpResponse:
    return problem_response(
        422,
        "Some of the request was not valid; see errors.",
        slug="validation-error",
        title="The request was not valid",
        errors=[
            {
                "in": "path",
                "field": "",
                "detail": f"The address {CONTROL_MESSAGE}",
                "type": "control_characters",
            }
        ],
    )


def answering_with_problems(view: View) -> View:
    """Wrap one of Ninja's URL views so the errors it returns outside an endpoint are problems too.

    Ninja answers a wrong method with a bare 405, and its root address raises Http404
    for Django's HTML page; neither passes through the API's exception handlers. An
    address with control characters in it is refused before any endpoint looks it up.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if has_control_characters(request.path):
            return control_characters_in_path(request)
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        problem = problem_response(405, f"This address does not accept {request.method}.")
        problem["Allow"] = response["Allow"]
        return problem

    return wrapped
