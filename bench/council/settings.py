"""Settings for the full-office benchmarks: the production settings, as a server runs them, on
their own database (var/bench/council.sqlite3 unless DATABASE_URL names one).

Production refuses to start without SECRET_KEY and ALLOWED_HOSTS, so a run that does not set
them gets a bench-only key and the local host names. DEMO_MODE lets the generator load the
demo staff, packs and cases the council is built on; emails stay in memory.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "c" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from conduct.settings.production import *  # noqa: F403
from conduct.settings.production import DATABASES, VAR_DIR

DEMO_MODE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["NAME"] = str(VAR_DIR / "bench" / "council.sqlite3")
EVIDENCE_ROOT = VAR_DIR / "bench" / "council-evidence"
LETTERS_ROOT = VAR_DIR / "bench" / "council-letters"
CASE_FILES_ROOT = VAR_DIR / "bench" / "council-case-files"
STATIC_ROOT = VAR_DIR / "bench" / "council-static"
