from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "conduct.customers"
    label = "customers"

    def ready(self) -> None:
        from conduct.customers import verbs  # noqa: F401  registers the audit verbs
