from django.urls import path

from conduct.council import views

app_name = "council"
urlpatterns = [
    path("council-details/", views.details, name="details"),
    path("accessibility-statement/", views.accessibility_statement, name="accessibility"),
    path("privacy-notice/", views.privacy_notice, name="privacy"),
    path("help/", views.help_page, name="help"),
]
