"""API scopes owned by alerts."""

from conduct.api.scopes import register_scope

register_scope(
    "alerts:read",
    "Read warning markers and their handling instructions, and who they were shared with; "
    "restricted detail only for staff who need to know, with a purpose, and logged",
)
register_scope(
    "alerts:write",
    "Raise, verify, approve, review and withdraw warning markers, record whether the person "
    "was told, and record sharing a marker with a partner (the acting person’s role must be "
    "allowed each step)",
)
