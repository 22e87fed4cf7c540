from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "conduct.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        from conduct.core import events
        from conduct.webhooks import rules, verbs  # noqa: F401  registers rules and verbs
        from conduct.webhooks.services import queue_event

        events.listen(queue_event)
