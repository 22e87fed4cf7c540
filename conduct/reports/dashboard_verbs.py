"""Audit verbs owned by the oversight dashboard: every read of it, page or API, is recorded."""

from conduct.core.audit import register_verb

register_verb("reports.dashboard_viewed", "{actor} looked at the oversight dashboard {via}")
