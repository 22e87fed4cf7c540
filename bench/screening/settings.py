"""Settings for the screening benchmark: the production settings, as a server would run them.

Production refuses to start without SECRET_KEY and ALLOWED_HOSTS, so a run that
does not set them gets a bench-only key and the local host names. Database
connections persist (CONN_MAX_AGE) as a production deployment should set them.
The load generator sends `X-Forwarded-Proto: https`, as the TLS proxy in front of
a production server does, so the HTTPS redirect and HSTS stay on.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "b" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from conduct.settings.production import *  # noqa: F403
from conduct.settings.production import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
