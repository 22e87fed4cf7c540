from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "conduct.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from conduct.accounts import (
            oidc,  # noqa: F401  registers the single sign-on checks
            verbs,  # noqa: F401  registers the audit verbs
        )
