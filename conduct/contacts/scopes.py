"""API scopes owned by contacts."""

from conduct.api.scopes import register_scope

register_scope(
    "contacts:read",
    "List contacts and correspondence (the acting person also needs to be allowed)",
)
register_scope(
    "contacts:write",
    "Log contacts, add emails, link emails to customers and sign off read-and-file items "
    "(the acting person must be allowed)",
)
