from django.urls import path

from conduct.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("audit-trail/", views.audit_trail, name="audit_trail"),
]
