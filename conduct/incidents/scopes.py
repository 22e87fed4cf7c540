"""API scopes for incidents."""

from conduct.api.scopes import register_scope

register_scope("incidents:read", "Read incidents the acting member of staff may see")
register_scope("incidents:write", "Log incidents, add evidence and correct open incidents")
