"""Audit verbs the reports write: every read of a report, page or API, with the period it covered."""

from conduct.core.audit import register_verb

register_verb("reports.dashboard_viewed", "{actor} looked at the oversight dashboard {via}")
register_verb(
    "reports.committee_report_viewed",
    "{actor} read the committee report for {start} to {end}",
)
register_verb(
    "reports.committee_report_downloaded",
    "{actor} downloaded the committee report for {start} to {end} as {format}",
)
register_verb(
    "reports.equality_monitoring_viewed",
    "{actor} read the equality monitoring report for {start} to {end}",
)
register_verb(
    "reports.equality_monitoring_downloaded",
    "{actor} downloaded the equality monitoring report for {start} to {end} as CSV",
)
