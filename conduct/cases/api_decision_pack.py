"""The decision pack in the JSON API, mounted under /api/v1/cases.

`GET /api/v1/cases/{reference}/decision-pack` answers the pack as a PDF, as the
web page's download does: scope cases:read, then `cases.view_decision_pack` for
the staff member the token acts as, and safeguarding notes only where they may
see them. Each generation is audited.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router
from ninja.errors import ValidationError

from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.problems import Problem
from conduct.cases import decision_pack, decision_pack_files
from conduct.cases.decision_pack import Period, Reader
from conduct.cases.models import Case
from conduct.core.audit import record_read
from conduct.core.periods import period_problems

router = Router(tags=["Cases"])
ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 422: Problem}
PDF = {"responses": {200: {"description": "The pack", "content": {"application/pdf": {}}}}}


@router.get(
    "/{reference}/decision-pack",
    response={200: None, **ERRORS},
    auth=scoped("cases:read"),
    openapi_extra=PDF,
)
def get_decision_pack(
    request: HttpRequest, reference: str, start: date | None = None, end: date | None = None
) -> HttpResponse:
    """The decision pack as it stands now, as a PDF; the period defaults to the case's own."""
    case = get_object_or_404(
        Case.objects.select_related("customer", "policy_pack"), reference=reference
    )
    person = acting_user(request)
    if not person.has_perm("cases.view_decision_pack", case):
        raise PermissionDenied("The staff member this token acts as cannot read decision packs.")
    own = decision_pack.case_period(case)
    period = Period(start or own.start, end or own.end)
    problems = period_problems(period.start, period.end, today=timezone.localdate())
    if problems:
        raise ValidationError(
            [
                {"loc": ("query", name), "msg": problem, "type": "period"}
                for name, problem in problems.items()
            ]
        )
    pack = decision_pack.build(case, Reader.of(person, case.customer), period)
    data = decision_pack_files.pdf_bytes(decision_pack_files.page_html(pack))
    seen = {"reference": reference, "start": period.start, "end": period.end}
    record_read(
        request,
        "cases.decision_pack_generated",
        case,
        **seen,
        safeguarding=pack.safeguarding is not None,
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reference}-decision-pack.pdf"'
    return response
