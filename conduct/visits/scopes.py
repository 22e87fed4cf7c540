"""API scopes owned by visits."""

from conduct.api.scopes import register_scope

register_scope("visits:read", "Read home visits, their pre-visit check and check-ins")
register_scope(
    "visits:write",
    "Plan and cancel home visits and resolve a missed check-in (the acting person must be allowed)",
)
register_scope(
    "visits:check-in",
    "Record arriving, checking in safe and leaving on a visit, for a lone-worker app or "
    "telephony (only for the officers on the visit)",
)
