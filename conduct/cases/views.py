"""The cases list and a case's page: what was escalated, about whom, and why."""

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from conduct.cases import presenters, presenters_ombudsman, rules
from conduct.cases.getters import the_case
from conduct.cases.models import Case
from conduct.core import events
from conduct.core.audit import record_read
from conduct.core.permissions import requires
from conduct.customers.identity import about_customer, through


def cases_listed(user: object) -> QuerySet[Case]:
    return (
        rules.visible_cases(user)
        .select_related("customer", "created_by")
        .annotate(incident_count=Count("incidents"))
        .order_by("-created_at", "-pk")
    )


# What the start page links to: cases waiting for one thing (?waiting=…), each in words.
WAITING = {
    "decision": (Q(status=Case.Status.READY_FOR_DECISION), "ready for a decision"),
    "ratification": (
        Q(
            status=Case.Status.DECIDED,
            decisions__immediate=True,
            decisions__ratified_by__isnull=True,
            decisions__restrictions__status="active",
        ),
        "with an immediate restriction waiting to be ratified",
    ),
    "appeal": (Q(appeals__decided_at__isnull=True), "with an appeal waiting for a decision"),
}


@requires("cases.view_cases")
def case_list(request: HttpRequest) -> HttpResponse:
    """Every case this person may open, newest first; or only those waiting for one thing."""
    cases = cases_listed(request.user)
    waiting = WAITING.get(request.GET.get("waiting", ""))
    if waiting:
        cases = cases.filter(pk__in=Case.objects.filter(waiting[0]).values("pk"))
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    rows = [presenters.list_row(case, request.user) for case in page]
    context = {"rows": rows, "page": page, "waiting": waiting[1] if waiting else ""}
    return TemplateResponse(request, "cases/list.html", context)


@requires("cases.view_case", obj=the_case)
@about_customer(through(the_case))
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """A case with its incidents and why each was escalated; looking is recorded."""
    case = the_case(request, reference)
    record_read(request, "cases.case_viewed", case, reference=case.reference)
    context = {
        "case": case,
        "summary": presenters.summary_rows(case),
        "incident_rows": presenters.incident_rows(case, request.user),
        **workflow_context(request, case),
    }
    return TemplateResponse(request, "cases/detail.html", context)


def workflow_context(request: HttpRequest, case: Case) -> dict[str, object]:
    """The moves offered, the investigation, decisions, warnings and restrictions."""
    restrictions = presenters.restrictions_of(case)
    return {
        "moves": presenters.move_buttons(request.user, case),
        "investigation_rows": presenters.investigation_rows(case),
        "decisions": presenters.decisions_shown(case),
        "warning_rows": presenters.warning_rows(case),
        "restriction_rows": presenters.restriction_rows(case, restrictions),
        "restriction_cards": presenters.restriction_cards(restrictions),
        "to_tell": presenters.obligations_outstanding(case),
        "told_elsewhere": events.reports_for(case),
        "ombudsman_cards": presenters_ombudsman.case_cards(case),
    }
