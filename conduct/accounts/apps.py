from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "conduct.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from conduct.accounts import verbs  # noqa: F401  registers the audit verbs
