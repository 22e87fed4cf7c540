"""API scopes owned by cases."""

from conduct.api.scopes import register_scope

register_scope("cases:read", "List and read cases (the acting person also needs to be allowed)")
