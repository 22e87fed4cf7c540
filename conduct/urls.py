from django.urls import include, path

from conduct.api.api import api
from conduct.core import views as core_views

urlpatterns = [
    path("api/v1/", api.urls),  # first: screening calls come hundreds a second
    path("", include("conduct.core.urls")),
    path("", include("conduct.accounts.urls")),
    path("", include("conduct.council.urls")),
    path("policy/", include("conduct.policy.urls")),
    path("customers/", include("conduct.customers.urls")),
    path("incidents/", include("conduct.incidents.urls")),
    path("cases/", include("conduct.cases.urls")),
    path("letters/", include("conduct.letters.urls")),
    path("alerts/", include("conduct.alerts.urls")),
    path("screening/", include("conduct.screening.urls")),
    path("contacts/", include("conduct.contacts.urls")),
    path("visits/", include("conduct.visits.urls")),
    path("webhooks/", include("conduct.webhooks.urls")),
    path("reports/", include("conduct.reports.urls")),
    path("data-protection/", include("conduct.dataprotection.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", core_views.metrics, name="metrics"),
]

handler400 = "conduct.core.views.bad_request"
handler403 = "conduct.core.views.forbidden"
handler404 = "conduct.core.views.not_found"
handler500 = "conduct.core.views.server_error"
