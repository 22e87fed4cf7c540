"""The app on top: what draws on every app (the start pages' content, the demo data, the
scheduler and its table). Nothing imports it; it fills core's start-page hook (ADR 0010)."""

from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "conduct.office"
    label = "office"
    verbose_name = "Office"

    def ready(self) -> None:
        from conduct.core import start_page
        from conduct.office.start_page import headings_for, start_page_for

        start_page.serve(start_page.StartPages(start_page_for, headings_for))
