from django.urls import URLPattern, path, re_path

from conduct.reports import committee_views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("committee/", committee_views.committee_report, name="committee"),
    re_path(
        r"^committee/report\.(?P<kind>pdf|docx|csv|ods)$",
        committee_views.committee_file,
        name="committee_file",
    ),
]
