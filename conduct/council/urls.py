from django.urls import path

from conduct.council import views

app_name = "council"
urlpatterns = [
    path("council-details/", views.details, name="details"),
    path("our-policy/", views.our_policy, name="our_policy"),
    path("our-policy/easy-read/", views.our_policy_easy_read, name="our_policy_easy_read"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    # Their addresses before issue 21 named them.
    path("accessibility-statement/", views.moved("council:accessibility")),
    path("privacy-notice/", views.moved("council:privacy")),
    path("help/", views.help_page, name="help"),
]
