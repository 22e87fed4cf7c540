"""Who may do what with incidents."""

import rules  # noqa: F401
