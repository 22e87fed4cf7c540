"""Audit verbs owned by screening."""

from conduct.core.audit import register_verb  # noqa: F401
