"""API scopes owned by reports, one for each report. The acting person must also be allowed
to see the report: a scope never widens what its token's member of staff may read."""

from conduct.api.scopes import register_scope

DASHBOARD = register_scope(
    "reports:dashboard",
    "Read the oversight figures as JSON, for a council's reporting tools (the acting person "
    "must be allowed to see them)",
).name
COMMITTEE = register_scope(
    "reports:committee",
    "Read the committee report's figures (the acting person also needs to be allowed)",
).name
EQUALITY = register_scope(
    "reports:equality",
    "Read the equality monitoring report's suppressed figures (the acting person also needs "
    "to be allowed)",
).name
