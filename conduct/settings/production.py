"""Production settings: refuse to start without a secret key and allowed hosts."""

import os

from django.core.exceptions import ImproperlyConfigured

from conduct.settings.base import *  # noqa: F403
from conduct.settings.base import DATABASES, SECRET_KEY, env_list

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names Conduct is served on.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Links in emails (an authenticator set-up link) start with the address staff use.
SITE_URL = os.environ.get("SITE_URL", (CSRF_TRUSTED_ORIGINS or [""])[0]).rstrip("/")

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-conduct-session"
CSRF_COOKIE_NAME = "__Host-conduct-csrf"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false") == "true"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "conduct@localhost")

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each process keeps a pool of connections instead of opening one a request: at most
    # DATABASE_POOL_MAX_SIZE, granian's --blocking-threads (docs/deployment.md, "Sizing").
    # Each is checked before a request gets it, so one cut by a restart is replaced, and a
    # request that waits DATABASE_POOL_TIMEOUT seconds for one is answered 503. While the
    # database is away the pool retries with growing pauses (1, 2, 4 ... seconds); it gives up
    # after the same timeout, so the next request tries at once and the service is back within
    # seconds of the database, not up to minutes later.
    pool_timeout = float(os.environ.get("DATABASE_POOL_TIMEOUT", "5"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "pool": {
            "min_size": 1,
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "8")),
            "timeout": pool_timeout,
            "reconnect_timeout": pool_timeout,
        },
    }
