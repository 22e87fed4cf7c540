"""Audit verbs owned by customers."""

from conduct.core.audit import register_verb

register_verb("customers.customer_created", "{actor} added customer {reference}")
