"""The API scopes the customers routes need."""

from conduct.api.scopes import register_scope

register_scope(
    "customers:read", "Find and read customers (the acting person also needs to be allowed)"
)
register_scope(
    "customers:write", "Add customers and change their details, contact points and needs"
)
