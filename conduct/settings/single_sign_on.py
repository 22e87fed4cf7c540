"""Single sign-on over OpenID Connect, every value from the environment (ADR 0006).

Off unless OIDC_ISSUER and OIDC_CLIENT_ID are both set. mozilla-django-oidc reads the
`OIDC_RP_*`, `OIDC_OP_*` and its other `OIDC_*` names below; the rest are Conduct's own
(conduct/accounts/oidc.py). docs/deployment.md says how to register Conduct with Microsoft
Entra ID, Google Workspace, Okta or Keycloak, and docs/security.md what is checked.
"""

import json
import os
from typing import Any


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


def parse_role_map(text: str) -> dict[str, list[str]]:
    """`claim-value=role,claim-value=role`: a value named twice gives both roles."""
    mapping: dict[str, list[str]] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        value, _, role = item.rpartition("=")  # no "=": a blank value, which the checks report
        mapping.setdefault(value.strip(), []).append(role.strip())
    return mapping


# The provider's issuer exactly as its discovery document and ID tokens give it, e.g.
# https://login.microsoftonline.com/<tenant id>/v2.0 or https://accounts.google.com.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
# What the sign-in page's button says after "Sign in with", and the audit trail after "through".
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "").strip() or "your council account"

# Endpoints: blank ones are read from the issuer's discovery document
# (<issuer>/.well-known/openid-configuration), fetched when first needed and kept an hour.
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "").strip()
OIDC_DISCOVERY_CACHE_SECONDS = 60 * 60


def parse_auth_params(text: str) -> dict[str, str]:
    """A JSON object of extra authorization request parameters; a value that is not a string
    (OpenID Connect's `claims` request) is sent as JSON text."""
    params: dict[str, Any] = json.loads(text) if text.strip() else {}
    return {name: v if isinstance(v, str) else json.dumps(v) for name, v in params.items()}


# The ID token must be signed with this algorithm by a key in the provider's JWKS.
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGORITHM", "RS256").strip()
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "").strip() or "openid email profile"
# Extra parameters for the provider's sign-in page, e.g. '{"hd": "council.gov.uk"}' (Google)
# or '{"claims": {"id_token": {"acrs": {"essential": true, "value": "c1"}}}}' (Entra ID).
OIDC_AUTH_REQUEST_EXTRA_PARAMS = parse_auth_params(os.environ.get("OIDC_AUTH_PARAMS", ""))
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
# How Conduct proves itself to the token endpoint: client_secret_basic (an Authorization
# header, which every provider accepts) or client_secret_post (the secret in the body).
OIDC_TOKEN_USE_BASIC_AUTH = (
    os.environ.get("OIDC_TOKEN_AUTH_METHOD", "client_secret_basic").strip() != "client_secret_post"
)
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
# Clocks may differ a little: a token is still accepted this many seconds either side.
OIDC_CLOCK_SKEW_SECONDS = int(os.environ.get("OIDC_CLOCK_SKEW_SECONDS", "60"))
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:single_sign_on_callback"

# The ID token claim listing the person's app roles or groups (Entra ID app roles: `roles`;
# Keycloak and Okta: `groups`), and which of its values give which Conduct roles:
# OIDC_ROLE_MAP="Conduct.Auditor=auditor,Conduct.Administrator=administrator".
# Blank OIDC_ROLES_CLAIM: roles are kept in Conduct (Google Workspace sends no groups), and
# only staff already in Conduct may sign in through the provider.
OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "roles").strip()
OIDC_ROLE_MAP = parse_role_map(os.environ.get("OIDC_ROLE_MAP", ""))
OIDC_EMAIL_CLAIM = os.environ.get("OIDC_EMAIL_CLAIM", "").strip() or "email"
# Two-factor roles go straight in when this claim holds one of these values (RFC 8176 `amr`:
# mfa, otp, hwk, swk; or Entra ID's `acrs` with an authentication context such as c1 that
# Conditional Access ties to multi-factor sign-in); otherwise they enter Conduct's own code.
OIDC_MFA_CLAIM = os.environ.get("OIDC_MFA_CLAIM", "").strip() or "amr"
OIDC_MFA_VALUES = [
    value.strip()
    for value in (os.environ.get("OIDC_MFA_VALUES", "").strip() or "mfa,otp,hwk,swk").split(",")
    if value.strip()
]

# The email and password form: offered beside single sign-on unless this is false.
PASSWORD_SIGN_IN = _env_flag("PASSWORD_SIGN_IN", default=True)
