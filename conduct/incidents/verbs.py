"""Audit verbs owned by incidents."""

from conduct.core.audit import register_verb  # noqa: F401
