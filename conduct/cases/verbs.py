"""Audit verbs owned by cases."""

from conduct.core.audit import register_verb  # noqa: F401
