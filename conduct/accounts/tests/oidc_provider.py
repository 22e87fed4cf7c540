"""A small, real OpenID Connect provider on 127.0.0.1, for the single sign-on tests.

It does over HTTP what Entra ID, Google, Okta and Keycloak do for Conduct:

- `GET /.well-known/openid-configuration`: the discovery document;
- `GET /authorize`: checks the client, the redirect URI, the scope, the state, the nonce
  and the PKCE challenge, then sends the browser straight back with a one-time code for
  whoever `person` is (they are taken to be signed in at the provider already), or with
  `error=access_denied` when no one is;
- `POST /token`: checks the client secret (HTTP Basic or in the body), the code, the
  redirect URI and the PKCE verifier, and answers with an ID token signed RS256 by its
  key (with joserfc, not the PyJWT Conduct verifies with);
- `GET /jwks`: its public key.

`spoil` makes the next ID tokens wrong in one way, as an attacker or a misconfigured
provider would: another audience or issuer, long expired, a tampered payload, signed by
a key the provider does not publish, or another nonce.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "conduct-test-client"
CLIENT_SECRET = "test-client-secret-not-for-production"
KEY_ID = "test-signing-key"
SPOILS = ("audience", "issuer", "expired", "tampered", "unpublished-key", "nonce")


@dataclass
class Person:
    """Someone signed in at the provider, and what their ID token says about them."""

    sub: str
    email: str
    name: str
    groups: list[str] = field(default_factory=list)
    amr: list[str] = field(default_factory=lambda: ["pwd"])
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Grant:
    redirect_uri: str
    nonce: str
    code_challenge: str
    claims: dict[str, Any]


class TestProvider:
    """The provider, serving from a thread until `stop`."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, roles_claim: str = "groups") -> None:
        params = {"kid": KEY_ID, "use": "sig", "alg": "RS256"}
        self.key = RSAKey.generate_key(2048, parameters=params)  # type: ignore[arg-type]
        self.unpublished_key = RSAKey.generate_key(2048, parameters=params)  # type: ignore[arg-type]
        self.roles_claim = roles_claim
        self.redirect_uris: set[str] = set()
        self.person: Person | None = None
        self.spoil = ""
        self.codes: dict[str, Grant] = {}
        self.token_requests: list[str] = []  # how the client authenticated at /token, each time
        self.authorize_requests: list[dict[str, str]] = []  # what /authorize was asked
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "TestProvider":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.redirect_uris, self.person, self.spoil = set(), None, ""
            self.codes.clear()
            self.token_requests.clear()
            self.authorize_requests.clear()

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """Check the request, then send the browser back with a code (or access_denied)."""
        self.authorize_requests.append(query)
        problems = [
            problem
            for problem, wrong in [
                ("response_type", query.get("response_type") != "code"),
                ("client_id", query.get("client_id") != CLIENT_ID),
                ("redirect_uri", query.get("redirect_uri") not in self.redirect_uris),
                ("scope", "openid" not in query.get("scope", "").split()),
                ("state", not query.get("state")),
                ("nonce", not query.get("nonce")),
                ("code_challenge", query.get("code_challenge_method") != "S256"),
            ]
            if wrong
        ]
        if problems:
            return 400, {"Content-Type": "text/plain"}, f"bad {', '.join(problems)}".encode()
        back: dict[str, str] = {"state": query["state"]}
        with self.lock:
            if self.person is None:
                back["error"] = "access_denied"
            else:
                code = secrets.token_urlsafe(24)
                self.codes[code] = Grant(
                    query["redirect_uri"],
                    query["nonce"],
                    query["code_challenge"],
                    self.claims(self.person),
                )
                back["code"] = code
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(back)}"}, b""

    def claims(self, person: Person) -> dict[str, Any]:
        return {
            "sub": person.sub,
            "email": person.email,
            "email_verified": True,
            "name": person.name,
            self.roles_claim: list(person.groups),
            "amr": list(person.amr),
            **person.extra,
        }

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        """Swap a code for an ID token, after checking the client, the code and PKCE."""
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization.removeprefix("Basic ")).decode()
            client_id, _, secret = (unquote(part) for part in decoded.partition(":"))
        with self.lock:
            self.token_requests.append("basic" if authorization else "post")
            grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if client_id != CLIENT_ID or not secrets.compare_digest(secret, CLIENT_SECRET):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if (
            form.get("redirect_uri") != grant.redirect_uri
            or challenge.decode() != grant.code_challenge
        ):
            return 400, {"error": "invalid_grant"}
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant),
        }

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            **grant.claims,
        }
        spoil = self.spoil
        if spoil == "audience":
            claims["aud"] = "another-application"
        elif spoil == "issuer":
            claims["iss"] = "http://127.0.0.1:9/another-provider"
        elif spoil == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        elif spoil == "nonce":
            claims["nonce"] = "not-the-nonce-conduct-sent"
        key = self.unpublished_key if spoil == "unpublished-key" else self.key
        token = jwt.encode({"alg": "RS256", "kid": KEY_ID, "typ": "JWT"}, claims, key)
        if spoil == "tampered":
            # Give themselves every role after the provider signed: the signature no longer fits.
            header, _, signature = token.split(".")
            claims[self.roles_claim] = ["conduct-administrators", "conduct-auditors"]
            body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
            token = f"{header}.{body}.{signature}"
        return token

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/.well-known/openid-configuration":
                    self.send_json(200, provider.discovery())
                elif url.path == "/jwks":
                    self.send_json(200, provider.jwks())
                elif url.path == "/authorize":
                    query = {name: values[0] for name, values in parse_qs(url.query).items()}
                    status, headers, body = provider.authorize(query)
                    self.send(status, headers, body)
                else:
                    self.send(404, {"Content-Type": "text/plain"}, b"not found")

            def do_POST(self) -> None:
                if urlsplit(self.path).path != "/token":
                    self.send(404, {"Content-Type": "text/plain"}, b"not found")
                    return
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                status, answer = provider.token(form, self.headers.get("Authorization", ""))
                self.send_json(status, answer)

            def send_json(self, status: int, document: dict[str, Any]) -> None:
                headers = {"Content-Type": "application/json", "Cache-Control": "no-store"}
                self.send(status, headers, json.dumps(document).encode())

            def send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


# What the tests map: the provider's groups and the Conduct roles they give.
ROLE_MAP = {
    "conduct-frontline": ["frontline-officer"],
    "conduct-case-officers": ["case-officer"],
    "conduct-managers": ["line-manager", "case-officer"],
    "conduct-auditors": ["auditor"],
    "conduct-administrators": ["administrator"],
}


def configure(settings: Any, provider: TestProvider, callback_url: str) -> None:
    """Point Conduct's settings at the provider, and register the callback with it."""
    provider.redirect_uris.add(callback_url)
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Test Council"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    settings.OIDC_OP_JWKS_ENDPOINT = ""
    settings.OIDC_ROLES_CLAIM = provider.roles_claim
    settings.OIDC_ROLE_MAP = ROLE_MAP
    settings.PASSWORD_SIGN_IN = True
