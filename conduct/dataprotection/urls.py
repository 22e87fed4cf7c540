from django.urls import URLPattern, path, re_path

from conduct.dataprotection import views

app_name = "dataprotection"
urlpatterns: list[URLPattern] = [
    path("dpia/", views.dpia_facts, name="dpia"),
    path("dpia.csv", views.dpia_csv, name="dpia_csv"),
    path("subject-access-requests/", views.requests_list, name="requests"),
    path("subject-access-requests/new/", views.log_request, name="log"),
    path("subject-access-requests/<str:reference>/", views.request_detail, name="request"),
    path(
        "subject-access-requests/<str:reference>/confirm-identity/",
        views.confirm_identity,
        name="confirm_identity",
    ),
    path("subject-access-requests/<str:reference>/extend/", views.extend, name="extend"),
    path("subject-access-requests/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("subject-access-requests/<str:reference>/build/", views.build, name="build"),
    path("subject-access-requests/<str:reference>/release/", views.release, name="release"),
    path(
        "subject-access-requests/<str:reference>/items/<str:key>/",
        views.decide_item,
        name="decide_item",
    ),
    re_path(
        r"^subject-access-requests/(?P<reference>[^/]+)/bundles/(?P<pk>[0-9]{1,18})\.(?P<kind>pdf|zip)$",
        views.bundle_file,
        name="bundle_file",
    ),
]
