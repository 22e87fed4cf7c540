"""Settings for the test suite: the same as production in what matters, fast where it can be."""

import os
import tempfile
from pathlib import Path

from conduct.council.fictional import FICTIONAL_COUNCIL
from conduct.settings.base import *  # noqa: F403
from conduct.settings.base import DATABASES, MIDDLEWARE

SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DEMO_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A complete council, so letters can be approved; the council tests set their own.
COUNCIL = FICTIONAL_COUNCIL
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LETTERS_ROOT = Path(tempfile.gettempdir()) / f"conduct-test-letters-{os.getpid()}"
CASE_FILES_ROOT = Path(tempfile.gettempdir()) / f"conduct-test-case-files-{os.getpid()}"
EVIDENCE_ROOT = Path(tempfile.gettempdir()) / f"conduct-test-evidence-{os.getpid()}"
# Every HTML page rendered in any test is checked (see conduct.core.page_checks).
MIDDLEWARE = [*MIDDLEWARE, "conduct.core.page_checks.PageCheckMiddleware"]
# Jobs run when the transaction that queued them commits, as a worker would see them.
TASKS = {"default": {"BACKEND": "conduct.core.task_backends.OnCommitBackend"}}
# The webhook tests run a real receiver on 127.0.0.1 over plain http.
WEBHOOK_ALLOW_LOOPBACK_HTTP = True
# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Lock-outs and 4xx responses are what many tests provoke; keep the output readable.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"axes": {"level": "ERROR"}, "django.request": {"level": "ERROR"}},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, as `make run` and a trial use, not a shared in-memory database: there, a second
    # connection meets "database table is locked" at once instead of waiting its turn.
    # Nothing a test writes needs to survive a power cut, so nothing waits for the disk.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"conduct-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
    )
