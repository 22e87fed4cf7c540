from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "conduct.policy"
    label = "policy"
    verbose_name = "Policy packs"

    def ready(self) -> None:
        from conduct.policy import verbs  # noqa: F401  registers the audit verbs
