"""Bearer-token authentication for the API, with an optional scope per endpoint.

`api` uses `TokenAuth()` by default, so every endpoint needs a valid token
unless it says otherwise; an endpoint that needs a scope says
`auth=scoped("audit:read")`. A good token makes its staff member the request's
user, so endpoints check `request.user.has_perm(...)` exactly as views do.
"""

from django.http import HttpRequest
from ninja.security import HttpBearer

from conduct.api.models import ApiToken
from conduct.api.problems import InvalidTokenError, MissingScopeError
from conduct.api.scopes import SCOPES
from conduct.api.services import authenticate_token, prefix_of


class TokenAuth(HttpBearer):
    """Resolve `Authorization: Bearer cdt_…` to an ApiToken, or answer 401 or 403.

    Without a bearer header at all HttpBearer returns None and Ninja answers 401.
    """

    openapi_bearerFormat = "cdt_<prefix>_<secret>"  # noqa: N815  Ninja takes the key from the name
    openapi_description = (
        "An API token from `manage.py create_api_token`. It acts as one member of staff, "
        "whose permissions apply, and carries scopes; an endpoint lists the scope it needs."
    )

    def __init__(self, scope: str | None = None) -> None:
        if scope is not None and scope not in SCOPES:
            raise ValueError(f"Endpoint asks for the undeclared API scope {scope!r}")
        self.scopes = [scope] if scope else []
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        if prefix_of(token) is None:
            raise InvalidTokenError("The token is not in the form cdt_<prefix>_<secret>.")
        api_token = authenticate_token(token)
        if api_token is None:
            raise InvalidTokenError(
                "The token is unknown, revoked or expired, or its staff member is inactive."
            )
        missing = [scope for scope in self.scopes if scope not in api_token.scopes]
        if missing:
            raise MissingScopeError(missing)
        request.user = api_token.acting_as
        return api_token


def scoped(scope: str) -> TokenAuth:
    """Authentication for an endpoint that needs a token with this scope."""
    return TokenAuth(scope)
