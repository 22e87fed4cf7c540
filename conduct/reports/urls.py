from django.urls import URLPattern, path

from conduct.reports import equality_views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("equality/", equality_views.equality_page, name="equality"),
]
