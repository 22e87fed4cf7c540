from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "conduct.contacts"
    label = "contacts"

    def ready(self) -> None:
        from conduct.contacts import metrics, verbs  # noqa: F401  registers verbs and figures
