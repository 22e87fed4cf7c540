"""Audit verbs owned by core."""

from conduct.core.audit import register_verb

register_verb("core.audit_trail_viewed", "{actor} viewed the audit trail")
register_verb("core.job_retried", "{actor} sent a failed background job to be tried again")
