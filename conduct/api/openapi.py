"""The OpenAPI document, telling integrators the scope and error shapes Ninja leaves out.

Ninja lists each endpoint's security scheme but not its scope, and documents
only the success response. Here each security requirement names the scope its
endpoint needs (OpenAPI 3.1 allows role names for any scheme type), and every
endpoint lists the problem documents it can answer with: those any request can
meet (400, 401, 403, 404, 422, 503) and its own (409).
"""

from typing import Any

from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from conduct.api.problems import CONTENT_TYPE, Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEMS = {
    400: "The request could not be read: malformed JSON or multipart, or a bad header",
    401: "The token is missing, malformed, unknown, revoked or expired",
    403: "The token lacks the scope, or its staff member the permission",
    404: "Nothing at this address, or not the acting staff member's to see",
    409: "The workflow, the policy or the record's state does not allow this now",
    422: "A parameter or the body was not valid; `errors` says which",
    503: "The database cannot be reached just now; try again after Retry-After seconds",
}
EVERY_OPERATION = (400, 401, 403, 404, 422, 503)


def problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {CONTENT_TYPE: {"schema": PROBLEM_REF}}}


class ConductOpenAPISchema(OpenAPISchema):
    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        for requirement, auth in zip(security or [], operation.auth_callbacks, strict=False):
            for name in requirement:
                requirement[name] = list(getattr(auth, "scopes", []))
        return security

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        """Every error an operation can give, as a problem document (application/problem+json);
        Ninja would document an endpoint's own 409 as application/json."""
        result = super().responses(operation)
        for status in [*EVERY_OPERATION, *(s for s in result if s in PROBLEMS)]:
            result[status] = problem(PROBLEMS[status])
        return dict(sorted(result.items()))

    def get_components(self) -> dict[str, Any]:
        components = super().get_components()
        components["schemas"]["Problem"] = Problem.model_json_schema()
        return components
