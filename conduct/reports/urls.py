from django.urls import URLPattern, path, re_path, register_converter

from conduct.reports import committee_views, dashboard_views, equality_views


class Hex:
    """The token a committee report PDF is named by: 32 lower-case hex digits."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(Hex, "hex")

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("", dashboard_views.dashboard_page, name="dashboard"),
    path("equality/", equality_views.equality_page, name="equality"),
    path("committee/", committee_views.committee_report, name="committee"),
    path("committee/pdf/", committee_views.ask_for_pdf, name="ask_for_committee_pdf"),
    path("committee/pdf/<hex:token>/", committee_views.committee_pdf, name="committee_pdf"),
    path(
        "committee/pdf/<hex:token>/download",
        committee_views.committee_pdf_download,
        name="committee_pdf_download",
    ),
    re_path(
        r"^committee/report\.(?P<kind>pdf|docx|csv|ods)$",
        committee_views.committee_file,
        name="committee_file",
    ),
]
