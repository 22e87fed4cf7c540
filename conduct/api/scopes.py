"""The registry of API token scopes: what an integration may ask Conduct to do.

A scope is a coarse grant given to a token; the acting staff member's own
permissions still apply on top of it. Each app declares the scopes its router
needs in its own `scopes.py`, which `ApiConfig.ready` imports, the same way
audit verbs are declared in `verbs.py`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

SCOPE_NAME = re.compile(r"^[a-z]+(?:[:-][a-z]+)*$")


@dataclass(frozen=True)
class Scope:
    """One grant: a name like `incidents:write` and what it lets a token do."""

    name: str
    description: str


SCOPES: dict[str, Scope] = {}


class UnknownScopeError(ValueError):
    """A token was asked for with a scope no app has declared."""


def register_scope(name: str, description: str) -> Scope:
    """Declare a scope once, in the owning app's scopes.py."""
    if not SCOPE_NAME.match(name):
        raise ValueError(f"API scope {name!r} must be lower-case words joined by ':' or '-'")
    SCOPES[name] = Scope(name, description)
    return SCOPES[name]


def validated_scopes(names: Iterable[str]) -> list[str]:
    """The names, sorted and without repeats, or UnknownScopeError naming the unknown ones."""
    wanted = sorted(set(names))
    unknown = [name for name in wanted if name not in SCOPES]
    if unknown:
        known = ", ".join(sorted(SCOPES)) or "none"
        raise UnknownScopeError(f"Unknown API scope {', '.join(unknown)}. Known scopes: {known}")
    return wanted


# The audit-trail endpoint lives in this app for now, so its scope does too.
register_scope("audit:read", "Read the audit trail (the acting person also needs to be allowed)")
