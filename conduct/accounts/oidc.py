"""Single sign-on over OpenID Connect, through mozilla-django-oidc (ADR 0006).

The library sends the browser to the provider with a state, a nonce and a PKCE challenge,
checks them when it comes back, swaps the code for tokens and fetches the provider's
signing keys (JWKS). Here Conduct:

- finds the provider's endpoints from its discovery document, unless they are configured;
- verifies the ID token more strictly than the library does: its signature with the
  configured algorithm only, and its issuer, audience (and `azp`), expiry, issue time and
  subject must be there and right;
- reads the person's roles, email address, name and second factor from the verified token
  (`account_from_claims`), and leaves what happens to the staff member to
  `services.accept_from_provider`.

Settings are in conduct/settings/single_sign_on.py. Sessions are held by Django's
ModelBackend, as for password sign-in, so signing out and the idle timeout work the same.
"""

import logging
import time
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from conduct.accounts import services
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.services import ProviderAccount, ProviderRefusal

logger = logging.getLogger(__name__)


def enabled() -> bool:
    """Single sign-on is on when an issuer and a client id are configured."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def password_sign_in_offered() -> bool:
    """The email and password form is offered unless single sign-on is on and it is turned off."""
    return bool(settings.PASSWORD_SIGN_IN) or not enabled()


def sign_in_options(request: HttpRequest) -> dict[str, Any]:
    """Context for the sign-in and signed-out pages: the provider's name (blank when single
    sign-on is off) and whether the password form is offered."""
    return {
        "single_sign_on": settings.OIDC_PROVIDER_NAME if enabled() else "",
        "password_sign_in": password_sign_in_offered(),
    }


class ProviderUnavailableError(Exception):
    """The provider's discovery document could not be fetched, or names another issuer."""


class SignInRefusedError(Exception):
    """The provider's answer is not good enough, or the person may not use Conduct."""

    def __init__(
        self,
        refusal: ProviderRefusal,
        detail: str = "",
        *,
        account: ProviderAccount | None = None,
        user: User | None = None,
    ) -> None:
        super().__init__(f"{refusal}: {detail}" if detail else str(refusal))
        self.refusal, self.detail, self.account, self.user = refusal, detail, account, user


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    jwks: str


_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


def discovery_document(issuer: str) -> dict[str, Any]:
    """The issuer's OpenID Connect discovery document, kept for OIDC_DISCOVERY_CACHE_SECONDS."""
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < settings.OIDC_DISCOVERY_CACHE_SECONDS:
        return cached[1]
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailableError(f"{url}: {error}") from error
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise ProviderUnavailableError(f"{url} does not name the issuer {issuer}")
    _discovered[issuer] = (time.monotonic(), document)
    return document


def endpoints() -> Endpoints:
    """The configured endpoints, and the discovery document's for any left blank."""
    configured = (
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        settings.OIDC_OP_TOKEN_ENDPOINT,
        settings.OIDC_OP_JWKS_ENDPOINT,
    )
    if all(configured):
        return Endpoints(*configured)
    document = discovery_document(settings.OIDC_ISSUER)
    try:
        return Endpoints(
            configured[0] or str(document["authorization_endpoint"]),
            configured[1] or str(document["token_endpoint"]),
            configured[2] or str(document["jwks_uri"]),
        )
    except KeyError as missing:
        raise ProviderUnavailableError(f"the discovery document has no {missing}") from None


def claim_values(value: Any) -> list[str]:
    """A claim as a list of strings: providers send one value as a string, several as a list."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def account_from_claims(claims: dict[str, Any]) -> ProviderAccount:
    """What a verified ID token says: who, their verified email, name, roles and second factor."""
    email = str(claims.get(settings.OIDC_EMAIL_CLAIM) or "").strip()
    if claims.get("email_verified") in (False, "false"):
        email = ""  # the provider says it has not checked this address: never link or store it
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    given = " ".join(str(claims.get(part) or "") for part in ("given_name", "family_name"))
    full_name = str(claims.get("name") or "").strip() or given.strip() or email
    return ProviderAccount(
        provider=settings.OIDC_PROVIDER_NAME,
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        email=email[:254],
        full_name=full_name[:150],
        roles=roles_from_claims(claims),
        multi_factor=bool(
            set(claim_values(claims.get(settings.OIDC_MFA_CLAIM))) & set(settings.OIDC_MFA_VALUES)
        ),
    )


def roles_from_claims(claims: dict[str, Any]) -> frozenset[Role] | None:
    """The Conduct roles OIDC_ROLE_MAP gives the values of the roles claim; None when roles are
    kept in Conduct. No claim at all means no roles (Entra ID leaves out an empty one)."""
    claim = settings.OIDC_ROLES_CLAIM
    if not claim:
        return None
    if claim in (claims.get("_claim_names") or {}):
        # Entra ID sends no groups claim, only a link to fetch them, for someone in more than
        # 200 groups. Their roles are unknown, not gone: refuse without taking any away.
        raise SignInRefusedError(ProviderRefusal.ROLES_UNREADABLE, f"the {claim} claim")
    known = {role.value: role for role in Role}
    return frozenset(
        known[name]
        for value in claim_values(claims.get(claim))
        for name in settings.OIDC_ROLE_MAP.get(value, [])
        if name in known
    )


TOKEN_FAULTS: list[tuple[type[Exception], str]] = [
    (jwt.ExpiredSignatureError, "the ID token has expired"),
    (jwt.ImmatureSignatureError, "the ID token is not valid yet"),
    (jwt.InvalidAudienceError, "the ID token was issued to another application"),
    (jwt.InvalidIssuerError, "the ID token was issued by another provider"),
    (jwt.InvalidSignatureError, "the ID token’s signature does not match the provider’s keys"),
    (jwt.InvalidAlgorithmError, "the ID token is signed with an algorithm not allowed"),
    (requests.RequestException, "the provider’s signing keys could not be fetched"),
]


def why_token_failed(error: Exception) -> str:
    """A refused ID token, in words for the audit trail."""
    if isinstance(error, jwt.MissingRequiredClaimError):
        return f"the ID token has no {error.claim} claim"
    if isinstance(error, SuspiciousOperation):  # the library's: the nonce, or no matching key
        return f"the ID token was refused ({error})"
    faults = (reason for kind, reason in TOKEN_FAULTS if isinstance(error, kind))
    return next(faults, "the ID token could not be read")


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, called by the single sign-on callback and nothing else.

    Its keyword-only arguments are the callback's, so Django never offers it an email and
    password. It returns a staff member or raises SignInRefusedError; it never starts a session.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django makes every backend for every sign-in, password ones too: read nothing yet,
        # so Conduct without single sign-on needs none of its settings.
        self.UserModel = get_user_model()

    def authenticate(
        self, request: HttpRequest | None, *, nonce: str | None, code_verifier: str | None
    ) -> User | None:
        if request is None or not enabled():
            return None
        found = endpoints()
        self.OIDC_OP_TOKEN_ENDPOINT = found.token
        self.OIDC_OP_JWKS_ENDPOINT = found.jwks
        self.OIDC_OP_USER_ENDPOINT = ""
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def get_token(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            token_info = super().get_token(payload)
        except (requests.RequestException, ValueError) as error:
            status = getattr(getattr(error, "response", None), "status_code", None)
            detail = f"its token endpoint answered {status}" if status else str(error)
            raise SignInRefusedError(ProviderRefusal.NOT_CONFIRMED, detail) from error
        if not isinstance(token_info, dict) or not token_info.get("id_token"):
            raise SignInRefusedError(
                ProviderRefusal.NOT_CONFIRMED, "its token endpoint sent no ID token"
            )
        return token_info

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library's checks (the signing key from the JWKS, the nonce) and ours."""
        try:
            return dict(super().verify_token(token, **kwargs))
        except (
            jwt.InvalidTokenError,
            SuspiciousOperation,
            requests.RequestException,
            KeyError,
            ValueError,
            TypeError,
        ) as error:
            raise SignInRefusedError(
                ProviderRefusal.NOT_CONFIRMED, why_token_failed(error)
            ) from error

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """Replaces the library's check, which leaves out the audience and the issuer."""
        claims: dict[str, Any] = jwt.decode(
            payload,
            key,
            algorithms=[settings.OIDC_RP_SIGN_ALGO],
            audience=settings.OIDC_RP_CLIENT_ID,
            issuer=settings.OIDC_ISSUER,
            leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
        audiences = claim_values(claims["aud"])
        authorised = claims.get("azp")
        if (len(audiences) > 1 or authorised) and authorised != settings.OIDC_RP_CLIENT_ID:
            raise jwt.InvalidAudienceError("azp is not this client")
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        """The staff member the verified ID token names. Everything Conduct needs is in it, and
        the roles and second factor must come from the signed token: no userinfo request."""
        account = account_from_claims(payload)
        decision = services.accept_from_provider(account)
        if decision.refusal is not None or decision.user is None:
            raise SignInRefusedError(
                decision.refusal or ProviderRefusal.NO_ACCOUNT, account=account, user=decision.user
            )
        user = decision.user
        user.provider_account = account  # type: ignore[attr-defined]  # for the callback view
        return user

    def get_user(self, user_id: int) -> None:
        """Sessions are ModelBackend's, as for password sign-in."""
        return None


@checks.register(checks.Tags.security)
def check_single_sign_on(**kwargs: Any) -> list[checks.CheckMessage]:
    """Settings that would let no one in, or anyone: `check` and `migrate` refuse them."""
    return role_map_errors() + (provider_errors() if enabled() else switched_off_errors())


def role_map_errors() -> list[checks.CheckMessage]:
    known = sorted(role.value for role in Role)
    errors: list[checks.CheckMessage] = [
        checks.Error(
            "OIDC_ROLE_MAP has an entry without a claim value.",
            hint="Write each entry as claim-value=role, separated by commas.",
            id="accounts.E101",
        )
        for value in settings.OIDC_ROLE_MAP
        if not value
    ]
    return errors + [
        checks.Error(
            f"OIDC_ROLE_MAP gives {value} the role {name}, which Conduct does not have.",
            hint=f"Use one of: {', '.join(known)}.",
            id="accounts.E102",
        )
        for value, names in settings.OIDC_ROLE_MAP.items()
        for name in names
        if name not in known
    ]


def switched_off_errors() -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    if settings.OIDC_ISSUER or settings.OIDC_RP_CLIENT_ID:
        errors.append(
            checks.Error(
                "Single sign-on needs both OIDC_ISSUER and OIDC_CLIENT_ID.", id="accounts.E103"
            )
        )
    if not settings.PASSWORD_SIGN_IN:
        errors.append(
            checks.Error(
                "PASSWORD_SIGN_IN is false but single sign-on is off, so no one could sign in.",
                id="accounts.E104",
            )
        )
    return errors


def provider_errors() -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    if not settings.OIDC_RP_CLIENT_SECRET:
        errors.append(checks.Error("Single sign-on needs OIDC_CLIENT_SECRET.", id="accounts.E105"))
    if settings.OIDC_ROLES_CLAIM and not settings.OIDC_ROLE_MAP:
        errors.append(
            checks.Error(
                "OIDC_ROLES_CLAIM is set but OIDC_ROLE_MAP is empty, so no one would have a role.",
                hint="Set OIDC_ROLE_MAP, or set OIDC_ROLES_CLAIM blank to keep roles in Conduct.",
                id="accounts.E106",
            )
        )
    loopback = settings.OIDC_ISSUER.startswith(("http://127.0.0.1:", "http://localhost:"))
    if not settings.OIDC_ISSUER.startswith("https://") and not loopback:
        errors.append(checks.Error("OIDC_ISSUER must be an https:// address.", id="accounts.E107"))
    return errors
