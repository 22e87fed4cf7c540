"""API scopes owned by reports."""

from conduct.api.scopes import register_scope

register_scope(
    "reports:dashboard",
    "Read the oversight figures as JSON, for a council's reporting tools (the acting person "
    "must be allowed to see them)",
)
