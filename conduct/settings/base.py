"""Settings shared by every environment, each read from the environment.

Only values that differ between environments live in dev, test and production.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CONDUCT_VAR_DIR", BASE_DIR / "var"))
NODE_MODULES = BASE_DIR / "node_modules"


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "conduct.core",
    "conduct.accounts",
    "conduct.policy",
    "conduct.customers",
    "conduct.incidents",
    "conduct.cases",
    "conduct.council",
    "conduct.letters",
    "conduct.alerts",
    "conduct.screening",
    "conduct.contacts",
    "conduct.visits",
    "conduct.webhooks",
    "conduct.reports",  # before api: its ready() offers routers the API mounts
    "conduct.dataprotection",  # before api, as reports
    "conduct.api",
    "conduct.office",
]

MIDDLEWARE = [
    "conduct.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "conduct.core.middleware.ControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "conduct.accounts.middleware.IdleTimeoutMiddleware",
    "conduct.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
# The JSON API authenticates each call by bearer token and keeps no session, so it runs on
# a chain of its own without the session, CSRF, sign-in and lock-out middleware (ADR 0005).
API_PREFIX = "/api/"
API_MIDDLEWARE = [
    "conduct.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "conduct.api.middleware.AnonymousUntilTokenMiddleware",
]

ROOT_URLCONF = "conduct.urls"
WSGI_APPLICATION = "conduct.wsgi.application"

TEMPLATES = [
    {
        # Our pages: Jinja2, so they call GOV.UK Frontend's own component macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": sorted((BASE_DIR / "conduct").glob("*/templates")),
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "conduct.core.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "conduct.core.context_processors.navigation",
                "conduct.accounts.oidc.sign_in_options",
            ],
        },
    },
    {
        # Third-party templates only (Django Ninja's documentation page).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'conduct.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write
    # lock at BEGIN, so two writers queue instead of failing half way through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on's callback only; sessions are held by ModelBackend (ADR 0006).
    "conduct.accounts.oidc.ProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:start"

# Sessions: signed-in staff are signed out after IDLE_TIMEOUT of doing nothing,
# and after SESSION_COOKIE_AGE whatever they do.
IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30")))
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed sign-ins (conduct.accounts.lockout): within AXES_COOLOFF_TIME of the last wrong
# password, sign-in is refused for AXES_COOLOFF_TIME after AXES_FAILURE_LIMIT for one email
# from one address, SIGN_IN_ADDRESS_FAILURE_LIMIT from one address whatever the emails, or
# SIGN_IN_ACCOUNT_FAILURE_LIMIT for one email from any addresses (except addresses it has
# signed in from within SIGN_IN_KNOWN_ADDRESS_DAYS). Failures while refused are not counted.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_FAILURE_LIMIT", "20"))
SIGN_IN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ACCOUNT_FAILURE_LIMIT", "10"))
SIGN_IN_KNOWN_ADDRESS_DAYS = int(os.environ.get("SIGN_IN_KNOWN_ADDRESS_DAYS", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGN_IN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "conduct.accounts.lockout.SignInHandler"
# How many proxies (the council's TLS proxy: 1) stand in front of Conduct, each adding the
# address it was reached from to X-Forwarded-For. 0 reads the connection's own address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "conduct.accounts.lockout.client_address"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "conduct.accounts.views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Conduct")
# Roles whose members must sign in with a code from an authenticator app.
TWO_FACTOR_ROLES = ["decision-maker", "auditor", "data-protection-officer", "administrator"]
# They set the app up only through a one-time link an administrator issues, which expires.
TWO_FACTOR_ENROLMENT_TIME = timedelta(hours=int(os.environ.get("TWO_FACTOR_ENROLMENT_HOURS", "72")))
# The address staff reach Conduct at, which links in emails start with.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# Static files: the GOV.UK Frontend build expects its fonts and images under
# /assets/, so that is where every static file is served from.
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "conduct" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "conduct.core.staticfiles.FrontendPackageFinder",
]
# Only these files from node_modules are served: (where under /assets/, source). Each
# minified file names its source map, which collectstatic's hashing must find too.
MINIFIED_FRONTEND_FILES = [
    ("govuk-frontend.min.css", "govuk-frontend/dist/govuk/govuk-frontend.min.css"),
    ("govuk-frontend.min.js", "govuk-frontend/dist/govuk/govuk-frontend.min.js"),
    ("moj-frontend.min.css", "@ministryofjustice/frontend/moj/moj-frontend.min.css"),
    ("moj-frontend.min.js", "@ministryofjustice/frontend/moj/moj-frontend.min.js"),
    (
        "accessible-autocomplete.min.css",
        "accessible-autocomplete/dist/accessible-autocomplete.min.css",
    ),
    (
        "accessible-autocomplete.min.js",
        "accessible-autocomplete/dist/accessible-autocomplete.min.js",
    ),
]
FRONTEND_FILES = [
    *MINIFIED_FRONTEND_FILES,
    *((f"{public}.map", f"{source}.map") for public, source in MINIFIED_FRONTEND_FILES),
    ("manifest.json", "govuk-frontend/dist/govuk/assets/manifest.json"),
    ("fonts", "govuk-frontend/dist/govuk/assets/fonts"),
    ("images", "govuk-frontend/dist/govuk/assets/images"),
    ("images", "@ministryofjustice/frontend/moj/assets/images"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "conduct.core.staticfiles.ModuleAwareManifestStorage"},
}

# Content Security Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A worker is reported healthy while its heartbeat is younger than this.
WORKER_HEARTBEAT_INTERVAL = timedelta(seconds=10)
WORKER_HEARTBEAT_STALE_AFTER = timedelta(seconds=60)
# A job that fails is tried again after JOB_RETRY_AFTER, then twice that, and so on, until it
# has been tried JOB_MAX_ATTEMPTS times; then it waits, failed, for an operator (jobs.py).
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "5"))
JOB_RETRY_AFTER = timedelta(seconds=int(os.environ.get("JOB_RETRY_AFTER_SECONDS", "30")))
# /healthz reports a ready job not started this long after it was queued as late.
JOB_LATE_AFTER = timedelta(minutes=int(os.environ.get("JOB_LATE_AFTER_MINUTES", "10")))

# Evidence files live outside the web root, under random names.
EVIDENCE_ROOT = Path(os.environ.get("EVIDENCE_ROOT", VAR_DIR / "evidence"))
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_MB", "25")) * 1024 * 1024
# An email saved as a file (.eml or .msg) and a register to import, refused above these.
EMAIL_FILE_MAX_BYTES = int(os.environ.get("EMAIL_FILE_MAX_MB", "25")) * 1024 * 1024
REGISTER_IMPORT_MAX_BYTES = int(os.environ.get("REGISTER_IMPORT_MAX_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The council's IMAP mailboxes, polled by `manage.py poll_mailboxes` (conduct/contacts/mailboxes.py):
# a JSON list of {"name", "service", "host", "port", "ssl", "username_env", "password_env",
# "folder"}; the credentials are read from the environment variables named, never from here.
CONDUCT_MAILBOXES = json.loads(os.environ.get("CONDUCT_MAILBOXES", "[]"))

# Issued letters (PDF, DOCX, plain text) live outside the web root and are never changed.
LETTERS_ROOT = Path(os.environ.get("LETTERS_ROOT", VAR_DIR / "letters"))
# Decision packs frozen when a decision is recorded (PDF, with their SHA-256): never changed.
# A register file uploaded for import and never confirmed is deleted after this long.
UNCONFIRMED_IMPORT_MAX_AGE = timedelta(hours=int(os.environ.get("UNCONFIRMED_IMPORT_HOURS", "24")))
CASE_FILES_ROOT = Path(os.environ.get("CASE_FILES_ROOT", VAR_DIR / "case-files"))
# A decision pack PDF made on request is removed, file and row, after this long.
DECISION_PACK_PDF_KEEP = timedelta(hours=int(os.environ.get("DECISION_PACK_PDF_KEEP_HOURS", "24")))
COMMITTEE_REPORT_PDF_KEEP = timedelta(
    hours=int(os.environ.get("COMMITTEE_REPORT_PDF_KEEP_HOURS", "24"))
)
# Letters by email go through Django's email backend; production sets the SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "conduct@localhost")

# Where each policy-pack team (complaints, customer services…) is emailed about restrictions:
# TEAM_EMAILS="complaints=complaints@council.gov.uk,customer-services=cs@council.gov.uk".
# A team without an address is emailed at the staff who hold the team's role.
TEAM_EMAILS = dict(item.split("=", 1) for item in env_list("TEAM_EMAILS") if "=" in item)

# Outbound webhooks (conduct/webhooks): each POST waits this long for an answer; secrets are
# encrypted under WEBHOOK_SECRET_KEY (SECRET_KEY when unset). Plain http is allowed only to
# this machine (127.0.0.1, ::1, localhost), and only where WEBHOOK_ALLOW_LOOPBACK_HTTP is on
# (dev and tests); production subscriptions need https.
WEBHOOK_TIMEOUT = timedelta(seconds=int(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10")))
WEBHOOK_SECRET_KEY = os.environ.get("WEBHOOK_SECRET_KEY", "")
WEBHOOK_ALLOW_LOOPBACK_HTTP = False

# Home visits (I8): how late a check-in may be before it is missed and escalated to the
# colleague and line managers, and how much longer before health and safety are told.
VISIT_CHECK_IN_GRACE_MINUTES = int(os.environ.get("VISIT_CHECK_IN_GRACE_MINUTES", "15"))
VISIT_ESCALATE_AGAIN_AFTER_MINUTES = int(os.environ.get("VISIT_ESCALATE_AGAIN_AFTER_MINUTES", "15"))

# The council's name, address and contact routes (conduct.council), used until an
# administrator saves the council details page: a dict with CouncilDetails' field names.
# `manage.py set_council_details` saves them from the command line instead.
COUNCIL: dict[str, object] = {}
# The largest logo the council details page accepts (it is stored in the database).
COUNCIL_LOGO_MAX_BYTES = 500 * 1024

POLICY_DIR = BASE_DIR / "policies"
POLICY_PACK = os.environ.get("POLICY_PACK", "model")

# Demo sign-ins and the command that prints a current two-factor code exist
# only where this is true (make run); never in production.
DEMO_MODE = False

# The bearer token Prometheus sends to /metrics; without one, /metrics answers 404.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# LOG_FORMAT=json writes one JSON object a line (time, level, logger, message and any
# extras), for a council's log collector; anything else writes plain lines.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every step of every letter it renders at INFO.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Single sign-on over OpenID Connect: off unless OIDC_ISSUER and OIDC_CLIENT_ID are set.
from conduct.settings.single_sign_on import *  # noqa: E402, F403
