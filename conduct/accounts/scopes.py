"""The API scopes the staff directory needs."""

from conduct.api.scopes import register_scope

register_scope(
    "staff:read",
    "Find staff who may be named, such as a restriction's officer (the acting person also "
    "needs to be allowed)",
)
register_scope("staff:write", "Give staff the posts a policy pack names, and end them")
