"""API tokens for tests, issued through the same service operators use."""

from datetime import datetime
from typing import Any

from conduct.accounts.models import User
from conduct.api.models import ApiToken
from conduct.api.services import create_api_token


def issue_token(
    user: User, *scopes: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A token acting as `user`, and its secret."""
    return create_api_token(
        name="Test integration", acting_as=user, scopes=scopes, by=None, expires_at=expires_at
    )


def bearer(secret: str) -> dict[str, Any]:
    """Test client keyword arguments that send the secret as a bearer token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
