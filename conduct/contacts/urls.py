from django.urls import path

from conduct.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.correspondence, name="correspondence"),
    path("emails/add/", views.upload_email, name="upload_email"),
    path("emails/<int:pk>/", views.message_detail, name="message"),
    path("emails/<int:pk>/link/", views.link_message, name="link_message"),
    path("readings/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("hints/<int:pk>/seen/", views.hint_seen, name="hint_seen"),
    path("customers/<str:reference>/", views.customer_contacts, name="customer_contacts"),
    path("customers/<str:reference>/log/", views.log_contact, name="log_contact"),
    path("cases/<str:reference>/frequency/", views.case_frequency, name="case_frequency"),
]
