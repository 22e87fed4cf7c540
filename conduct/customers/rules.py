"""Who may do what with customers."""

import rules  # noqa: F401
