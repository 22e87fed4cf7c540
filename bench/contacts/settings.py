"""Settings for the contacts benchmark: the development settings without DEBUG (which would keep
every SQL statement in memory), its own SQLite file under var/bench/, and files beside it."""

import os

from conduct.settings.dev import *  # noqa: F403
from conduct.settings.dev import DATABASES, VAR_DIR

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 600
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["NAME"] = str(VAR_DIR / "bench" / "contacts.sqlite3")
EVIDENCE_ROOT = VAR_DIR / "bench" / "contacts-evidence"
# Jobs (the acknowledgement) are queued in the database for the worker, as in production.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
