from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "conduct.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.core import configuration, events
        from conduct.webhooks import moves, rules, verbs  # noqa: F401  moves, rules and verbs
        from conduct.webhooks.services import configuration_problems, crm_report, queue_event

        events.listen(queue_event)
        events.report_on_cases(crm_report)
        configuration.register(configuration_problems)
        offer("webhooks", "/webhooks", "conduct.webhooks.api.router")  # the API's router
