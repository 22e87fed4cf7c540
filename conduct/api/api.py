"""The Ninja API object; each app contributes its router.

Every endpoint needs a valid token unless it says otherwise, and every error,
including a wrong method or an unknown address, is a problem document.

The api app sits low (every app's router uses its tokens, problems and schemas), so it
imports no router of an app above it: each such app offers its router in its AppConfig.ready
(conduct/api/routers.py), and this module, imported by ApiConfig.ready once every scope is
declared, mounts them all in their order.
"""

from typing import Any

from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from conduct.accounts.api import router as staff_router
from conduct.api import problems
from conduct.api.auth import TokenAuth
from conduct.api.endpoints import audit_router, me_router
from conduct.api.openapi import ConductOpenAPISchema
from conduct.api.routers import mount_in_order


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

# Django tries an API's routes in this order (conduct/api/routers.py), screening's first.
mount_in_order(
    api, {"me": ("", me_router), "audit": ("", audit_router), "staff": ("/staff", staff_router)}
)
