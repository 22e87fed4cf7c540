"""Audit verbs the committee report writes: every read, with the period it covered."""

from conduct.core.audit import register_verb

register_verb(
    "reports.committee_report_viewed",
    "{actor} read the committee report for {start} to {end}",
)
register_verb(
    "reports.committee_report_downloaded",
    "{actor} downloaded the committee report for {start} to {end} as {format}",
)
