"""Audit verbs owned by letters."""

from conduct.core.audit import register_verb  # noqa: F401
