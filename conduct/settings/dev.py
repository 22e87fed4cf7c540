"""Settings for `make run` on a developer's or trial machine: SQLite, demo data."""

import os

from conduct.settings.base import *  # noqa: F403
from conduct.settings.base import env_list

DEBUG = True
DEMO_MODE = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WEBHOOK_ALLOW_LOOPBACK_HTTP = True  # a receiver on 127.0.0.1 while developing
