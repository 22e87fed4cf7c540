"""The Ninja API object; each app contributes its router.

Every endpoint needs a valid token unless it says otherwise, and every error,
including a wrong method or an unknown address, is a problem document.
"""

from typing import Any

from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from conduct.accounts.api import router as staff_router
from conduct.alerts.api import router as alerts_router
from conduct.api import problems
from conduct.api.auth import TokenAuth
from conduct.api.endpoints import audit_router, me_router
from conduct.api.openapi import ConductOpenAPISchema
from conduct.cases.api import router as cases_router
from conduct.contacts.api import router as contacts_router
from conduct.customers.api import router as customers_router
from conduct.incidents.api import router as incidents_router
from conduct.letters.api import router as letters_router
from conduct.screening.api import router as screening_router
from conduct.visits.api import router as visits_router
from conduct.webhooks.api import router as webhooks_router


class ConductAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> ConductOpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ConductOpenAPISchema(self, path_prefix)

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = problems.answering_with_problems(pattern.callback)
        catch_all = re_path(r"^.*$", csrf_exempt(problems.not_found), name="not-found")
        return [*patterns, catch_all], app_name, namespace


api = ConductAPI(
    title="Conduct API",
    version="1",
    description="Case management for a council's policy on unacceptable customer actions.",
    urls_namespace="api",
    docs_url=None,
    auth=TokenAuth(),
)
problems.install(api)
# Django tries an API's routes in this order, and screening is called hundreds of times a
# second: its routes come first, so a screening is resolved by the first pattern tried.
api.add_router("", screening_router)  # POST /screen, POST /pre-visit-checks
api.add_router("", me_router)
api.add_router("", audit_router)
api.add_router("/customers", customers_router)
api.add_router("/incidents", incidents_router)
api.add_router("/cases", cases_router)
api.add_router("/letters", letters_router)
api.add_router("/alerts", alerts_router)
api.add_router("/contacts", contacts_router)
api.add_router("/visits", visits_router)
api.add_router("/staff", staff_router)
api.add_router("/webhooks", webhooks_router)
