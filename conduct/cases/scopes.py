"""API scopes owned by cases."""

from conduct.api.scopes import register_scope

register_scope("cases:read", "List and read cases (the acting person also needs to be allowed)")
register_scope(
    "cases:write",
    "Move a case through the workflow: investigate, decide, restrict, ratify, close "
    "(the acting person’s role must be allowed the move)",
)
