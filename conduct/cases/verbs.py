"""Audit verbs owned by cases."""

from conduct.core.audit import register_verb

register_verb("cases.case_opened", "{actor} opened case {reference} for incidents {incidents}")
register_verb("cases.incident_added", "{actor} added incident {incident} to case {reference}")
register_verb("cases.case_viewed", "{actor} looked at case {reference}")
