"""API scopes owned by dataprotection."""

from conduct.api.scopes import register_scope

register_scope(
    "subject-access:read",
    "List and read subject access requests and their deadlines (the acting person must be "
    "allowed to see them)",
)
register_scope(
    "subject-access:write",
    "Log subject access requests and move them on: confirm identity, extend, build the bundle, "
    "decide about an item, release, withdraw (the data protection officer)",
)
register_scope(
    "subject-access:bundle",
    "Download a subject access bundle: everything the council holds about one person",
)
