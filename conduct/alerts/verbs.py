"""Audit verbs owned by alerts."""

from conduct.core.audit import register_verb  # noqa: F401
