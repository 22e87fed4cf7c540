"""Who may do what with cases."""

import rules  # noqa: F401
