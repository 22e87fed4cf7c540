"""The Ombudsman referral pages; included in the cases namespace by cases/urls.py."""

from django.urls import URLPattern, path

from conduct.cases import views_ombudsman as views

urlpatterns: list[URLPattern] = [
    path("ombudsman/<int:pk>/", views.referral_detail, name="ombudsman_referral"),
    path(
        "ombudsman/<int:pk>/enquiry/",
        views.record_ombudsman_enquiry,
        name="record_ombudsman_enquiry",
    ),
    path(
        "ombudsman/enquiries/<int:pk>/response/",
        views.record_enquiry_response,
        name="record_enquiry_response",
    ),
    path(
        "ombudsman/<int:pk>/outcome/",
        views.record_ombudsman_outcome,
        name="record_ombudsman_outcome",
    ),
    path("ombudsman/<int:pk>/remedy/", views.record_remedy_done, name="record_remedy_done"),
    path(
        "<str:reference>/ombudsman/new/",
        views.record_ombudsman_referral,
        name="record_ombudsman_referral",
    ),
]
