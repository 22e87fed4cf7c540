from django.urls import path

from conduct.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("audit-trail/", views.audit_trail, name="audit_trail"),
    path("background-jobs/", views.background_jobs, name="background_jobs"),
    path("background-jobs/<uuid:job_id>/retry/", views.retry_background_job, name="retry_job"),
]
