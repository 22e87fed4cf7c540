from django.urls import URLPattern, path

from conduct.reports import dashboard_views, equality_views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("", dashboard_views.dashboard_page, name="dashboard"),
    path("equality/", equality_views.equality_page, name="equality"),
]
