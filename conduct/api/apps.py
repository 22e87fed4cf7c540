from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ApiConfig(AppConfig):
    name = "conduct.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from conduct.api import verbs  # noqa: F401  registers the audit verbs

        # Every app's scopes.py, so token scopes can be checked before any router loads.
        autodiscover_modules("scopes")
        # The API object mounts the routers every app before api offered in its ready().
        import_module("conduct.api.api")
