"""API scopes owned by letters."""

from conduct.api.scopes import register_scope

register_scope(
    "letters:read",
    "List and read letters and download issued letters’ files (the acting person also needs "
    "to be allowed)",
)
register_scope(
    "letters:write",
    "Draft, approve, issue and hand over letters (the acting person’s role must be allowed)",
)
