from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "conduct.customers"
    label = "customers"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.core.subject_access import contribute
        from conduct.customers import verbs  # noqa: F401  registers the audit verbs
        from conduct.customers.pack_checks import unknown_adjustment_kinds
        from conduct.customers.subject_access import RECORD
        from conduct.policy.references import add_check

        add_check(unknown_adjustment_kinds)
        contribute(RECORD)  # the subject access bundle's first section
        offer("customers", "/customers", "conduct.customers.api.router")  # the API's router
