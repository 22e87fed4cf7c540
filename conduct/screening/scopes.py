"""API scopes owned by screening."""

from conduct.api.scopes import register_scope

register_scope(
    "screen",
    "Screen a caller or an address before a visit: possible matches with their live markers "
    "and restrictions’ handling only (the acting person must be allowed to screen)",
)
