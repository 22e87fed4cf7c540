"""Pages core owns: the start page, the audit trail, health and errors."""

import sys
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from conduct.core import health, jobs
from conduct.core.audit import describe, record_read
from conduct.core.metrics import may_scrape, metrics_response
from conduct.core.models import AuditEvent
from conduct.core.permissions import public, requires
from conduct.core.refusals import Refusal
from conduct.core.start_page import start_page_for
from conduct.core.transactions import RETRY_AFTER_OUTAGE, is_outage


@requires("accounts.view_start_page")
def start(request: HttpRequest) -> HttpResponse:
    """Each role's own start page: what is waiting for them."""
    return TemplateResponse(
        request,
        "core/start.html",
        {"page": start_page_for(request.user)},
    )


@requires("core.view_audit_trail")
def audit_trail(request: HttpRequest) -> HttpResponse:
    """The newest events first; looking at the trail is itself recorded, and listed."""
    record_read(request, "core.audit_trail_viewed", page=request.GET.get("page", "1"))
    events = AuditEvent.objects.select_related("actor").order_by("-sequence")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [
        [
            {"text": str(event.sequence)},
            {"text": localtime(event.at).strftime("%-d %B %Y %H:%M:%S")},
            {"text": describe(event)},
            {"text": event.verb},
        ]
        for event in page
    ]
    return TemplateResponse(request, "core/audit_trail.html", {"rows": rows, "page": page})


@requires("core.manage_background_jobs")
def background_jobs(request: HttpRequest) -> HttpResponse:
    """Jobs that failed every attempt, with their errors, to send round again once the cause
    is put right; and how many are queued and running."""
    failed = [
        {
            "id": job.pk,
            "what": jobs.described(job),
            "when": localtime(job.finished_at).strftime("%-d %B %Y %H:%M")
            if job.finished_at
            else "",
            "attempts": jobs.attempts(job),
            "error": jobs.last_error(job),
        }
        for job in jobs.waiting_for_an_operator()
    ]
    context = {"failed": failed, "counts": health.job_status()}
    return TemplateResponse(request, "core/background_jobs.html", context)


@require_POST
@requires("core.manage_background_jobs")
def retry_background_job(request: HttpRequest, job_id: UUID) -> HttpResponse:
    try:
        job = jobs.retry_failed_job(str(job_id), by=request.user)
    except DBTaskResult.DoesNotExist as missing:
        raise Http404 from missing
    except Refusal as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"“{jobs.described(job)}” will be tried again shortly")
    return redirect("core:background_jobs")


@public("Prometheus scrapes it with METRICS_TOKEN as its bearer token; others get 404")
def metrics(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        return not_found(request)
    return metrics_response()


@public("load balancers and monitoring ask it, without signing in; it reveals no data")
def healthz(request: HttpRequest) -> JsonResponse:
    report = health.check()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def error_page(request: HttpRequest, status: int, title: str, body: str) -> HttpResponse:
    context: dict[str, Any] = {"title": title, "body": body}
    return TemplateResponse(request, "core/error.html", context, status=status).render()


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request,
        403,
        "You do not have permission to see this page",
        "Your role does not include this page. Ask your manager or an administrator if you need it.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, so the exception is still at hand.
    if is_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    return error_page(
        request,
        500,
        "Sorry, there is a problem with the service",
        "Try again later. Anything you saved before the problem has been kept.",
    )


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The database is away for a moment: say so plainly, and ask the browser to come back."""
    request.user = AnonymousUser()  # who is signed in cannot be looked up now
    response = error_page(
        request,
        503,
        "Sorry, the service is unavailable",
        "Try again in a few minutes. Anything you saved before the problem has been kept.",
    )
    response["Retry-After"] = str(RETRY_AFTER_OUTAGE)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request,
        400,
        "Sorry, there is a problem with that request",
        "Go back and try again. If you were filling in a form, your answers may need entering again.",
    )
