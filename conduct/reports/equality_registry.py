"""The equality monitoring report's audit verbs and API scope, declared when the app is ready."""

from conduct.api.scopes import register_scope
from conduct.core.audit import register_verb

register_verb(
    "reports.equality_monitoring_viewed",
    "{actor} read the equality monitoring report for {start} to {end}",
)
register_verb(
    "reports.equality_monitoring_downloaded",
    "{actor} downloaded the equality monitoring report for {start} to {end} as CSV",
)
register_scope(
    "reports:equality",
    "Read the equality monitoring report's suppressed figures (the acting person also needs "
    "to be allowed)",
)
