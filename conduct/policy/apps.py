from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "conduct.policy"
    label = "policy"
    verbose_name = "Policy packs"

    def ready(self) -> None:
        from conduct.accounts.services import name_posts_with
        from conduct.policy import verbs  # noqa: F401  registers the audit verbs
        from conduct.policy.posts import known_posts

        name_posts_with(known_posts)  # the posts staff may hold are those the packs name
