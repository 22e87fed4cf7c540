"""The OpenAPI document, telling integrators the scope and error shapes Ninja leaves out.

Ninja lists each endpoint's security scheme but not its scope, and documents
only the success response. Here each security requirement names the scope its
endpoint needs (OpenAPI 3.1 allows role names for any scheme type), and each
endpoint lists the problem documents it can answer with.
"""

from typing import Any

from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from conduct.api.problems import CONTENT_TYPE, Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEMS = {
    401: "The token is missing, malformed, unknown, revoked or expired",
    403: "The token lacks the scope, or its staff member the permission",
    422: "A parameter or the body was not valid; `errors` says which",
}


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
        result = super().responses(operation)
        statuses = [401, 403] if operation.auth_callbacks else []
        if operation.models:
            statuses.append(422)
        for status in statuses:
            result.setdefault(status, problem(PROBLEMS[status]))
        return result

    def get_components(self) -> dict[str, Any]:
        components = super().get_components()
        components["schemas"]["Problem"] = Problem.model_json_schema()
        return components
