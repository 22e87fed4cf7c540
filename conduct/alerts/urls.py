"""The alert register's pages, under /alerts/."""

from django.urls import URLPattern, path

from conduct.alerts import views, views_disclosures, views_import

app_name = "alerts"
urlpatterns: list[URLPattern] = [
    path("", views.register, name="register"),
    path("access-report/", views.access_report, name="access_report"),
    path("premises/new/", views.raise_for_premises, name="raise_for_premises"),
    path("premises/<str:reference>/", views.premises, name="premises"),
    path("customers/<str:reference>/new/", views.raise_for_customer, name="raise_for_customer"),
    path("customers/<str:reference>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("import/", views_import.upload, name="import"),
    path("disclosures/", views_disclosures.report, name="disclosures"),
    path("disclosures/<str:reference>/", views_disclosures.disclosure, name="disclosure"),
    path(
        "disclosures/<str:reference>/<str:name>",
        views_disclosures.download,
        name="disclosure_download",
    ),
    path("import/<str:token>/", views_import.preview, name="import_preview"),
    path("<str:reference>/", views.marker, name="marker"),
    path("<str:reference>/verify/", views.verify, name="verify"),
    path("<str:reference>/approve/", views.approve, name="approve"),
    path("<str:reference>/told/", views.telling, name="telling"),
    path("<str:reference>/review/", views.review, name="review"),
    path("<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:reference>/detail/", views.restricted_detail, name="restricted_detail"),
    path("<str:reference>/share/", views_disclosures.share, name="share"),
]
