"""Settings for the screening benchmark: the development settings without DEBUG (which would
keep every SQL statement in memory), with persistent database connections as in production."""

from conduct.settings.dev import *  # noqa: F403
from conduct.settings.dev import DATABASES

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
