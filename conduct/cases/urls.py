from django.urls import path

from conduct.cases import (
    urls_decision_pack,
    urls_decisions,
    urls_ombudsman,
    urls_reviews,
    views,
)

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    # The workflow's pages come before `<reference>/`, which would read their names.
    *urls_decisions.urlpatterns,
    *urls_reviews.urlpatterns,
    *urls_decision_pack.urlpatterns,
    *urls_ombudsman.urlpatterns,
    path("<str:reference>/", views.case_detail, name="detail"),
]
