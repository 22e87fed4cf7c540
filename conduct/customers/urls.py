from django.urls import path

from conduct.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.find, name="find"),
    path("add/", views.add, name="add"),
    path("services/", views.service_catalogue, name="service_catalogue"),
    path("services/<slug:slug>/contacts/", views.service_contacts, name="service_contacts"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/details/", views.change_details, name="change_details"),
    path("<str:reference>/names/add/", views.add_alias, name="add_alias"),
    path("<str:reference>/addresses/add/", views.add_address, name="add_address"),
    path("<str:reference>/addresses/<int:address_id>/end/", views.end_address, name="end_address"),
    path("<str:reference>/phone-numbers/add/", views.add_phone_number, name="add_phone_number"),
    path("<str:reference>/email-addresses/add/", views.add_email_address, name="add_email_address"),
    path(
        "<str:reference>/social-media/add/",
        views.add_social_media_handle,
        name="add_social_media_handle",
    ),
    path(
        "<str:reference>/household/add/",
        views.link_household_member,
        name="link_household_member",
    ),
    path(
        "<str:reference>/representatives/add/",
        views.add_representative,
        name="add_representative",
    ),
    path(
        "<str:reference>/representatives/<int:representative_id>/withdraw-consent/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("<str:reference>/adjustments/add/", views.add_adjustment, name="add_adjustment"),
    path(
        "<str:reference>/adjustments/<int:adjustment_id>/end/",
        views.end_adjustment,
        name="end_adjustment",
    ),
    path("<str:reference>/services/add/", views.record_service, name="record_service"),
    path(
        "<str:reference>/safeguarding/add/",
        views.add_safeguarding_note,
        name="add_safeguarding_note",
    ),
    path("<str:reference>/equality/", views.record_equality, name="record_equality"),
    path("<str:reference>/merge/", views.merge, name="merge"),
    path("<str:reference>/merge/<str:duplicate>/", views.merge_confirm, name="merge_confirm"),
]
