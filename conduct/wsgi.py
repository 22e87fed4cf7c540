"""WSGI entry point; production servers set DJANGO_SETTINGS_MODULE themselves."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduct.settings.production")
django.setup(set_prefix=False)

from conduct.api.handlers import conduct_application  # noqa: E402  needs settings first

application = conduct_application()
