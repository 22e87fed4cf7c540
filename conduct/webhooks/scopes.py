"""API scopes owned by webhooks."""

from conduct.api.scopes import register_scope

register_scope(
    "webhooks:read",
    "Read webhook subscriptions (never their secrets) and each one's delivery log "
    "(the acting person must be an administrator)",
)
register_scope(
    "webhooks:write",
    "Add, change and turn off webhook subscriptions; a new subscription's secret is in the "
    "answer that creates it, and never again (the acting person must be an administrator)",
)
