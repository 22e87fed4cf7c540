from django.urls import path

from conduct.incidents import urls_informal, views

app_name = "incidents"
urlpatterns = [
    path("log/", views.log_incident, name="log"),
    path("log/customers/", views.find_customer, name="find_customer"),
    path("mine/", views.mine, name="mine"),
    # The informal stage's pages, before the `<reference>/` pattern that would read them.
    *urls_informal.urlpatterns,
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/logged/", views.logged, name="logged"),
    path("<str:reference>/evidence/<int:pk>/", views.download_evidence, name="evidence"),
]
