"""Restrictions as the decision body imposes them: the pack's types and typed details, their
scope, the authority some need, adjustments they must respect, and their review dates.

Used by decisions.py (a decision's restrictions, an immediate restriction) and
reviews.py (new terms when a review or an appeal varies one).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from conduct.accounts.models import User
from conduct.cases import workflow
from conduct.cases.models import Case, Decision, Notification, Restriction, Review
from conduct.cases.notifications import notify_teams
from conduct.cases.workflow import blank, today
from conduct.core import events
from conduct.core.audit import record
from conduct.core.refusals import Refusal, refuse_if
from conduct.core.working_days import add_months
from conduct.customers.models import Adjustment, CouncilService, Customer, Representative
from conduct.policy.schema import Parameter, PolicyPackFile, RestrictionType


@dataclass
class RestrictionTerms:
    """One restriction as decided: a pack type, its typed details, its scope (D1, D2, G2)."""

    type: str
    parameters: dict[str, Any] = field(default_factory=dict)
    scope: str = Restriction.Scope.SERVICES
    services: list[CouncilService] = field(default_factory=list)
    representative: Representative | None = None
    review_in_months: int | None = None
    whole_council_reason: str = ""
    adjustment_resolution: str = ""


# Restrictions (D1–D6, G2) ------------------------------------------------------------------


def restriction_type(pack: PolicyPackFile, type_id: str) -> RestrictionType:
    found = pack.restriction_type(type_id)
    refuse_if(found is None, f"“{type_id}” is not a restriction type of this policy")
    assert found is not None
    return found


DURATION = re.compile(r"^(\d{1,3}) (minute|hour|day|week|month)s?$")
TIME_RANGE = re.compile(r"(\d{1,2})[:.](\d{2})\s*(?:to|-|–)\s*(\d{1,2})[:.](\d{2})")


def clean_value(parameter: Parameter, value: Any) -> Any:
    """One parameter's value in its pack type, or Refusal naming the parameter."""
    label = parameter.label
    cleaner = CLEANERS[parameter.type]
    try:
        return cleaner(parameter, value)
    except (TypeError, ValueError) as error:
        raise Refusal(f"{label}: {error}") from error


def clean_text(parameter: Parameter, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("enter some text")
    return value.strip()


def clean_integer(parameter: Parameter, value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("enter a whole number, like 3")
    return value


def clean_duration(parameter: Parameter, value: Any) -> str:
    text = str(value).strip().lower() if isinstance(value, str) else ""
    if not DURATION.match(text) or text.startswith("0"):
        raise ValueError("enter a length of time, like 30 minutes or 1 week")
    return text


def clean_time_window(parameter: Parameter, value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    found = TIME_RANGE.search(text)
    if not found:
        raise ValueError("enter days and times, like Monday to Friday, 10:00 to 12:00")
    start_h, start_m, end_h, end_m = (int(part) for part in found.groups())
    if not (start_h < 24 and end_h < 24 and start_m < 60 and end_m < 60):
        raise ValueError("enter real times, like 10:00 to 12:00")
    if (start_h, start_m) >= (end_h, end_m):
        raise ValueError("the end time must be after the start time")
    return text


def clean_officer(parameter: Parameter, value: Any) -> int:
    """A member of staff who can sign in, by their id or their email address (GET /api/v1/staff)."""
    given = str(value).strip() if isinstance(value, int | str) and value is not True else ""
    active = User.objects.filter(is_active=True)
    if given.isdigit():
        found = active.filter(pk=int(given)).first()
    else:
        found = active.filter(email__iexact=given).first() if "@" in given else None
    if found is None or not found.roles:
        raise ValueError("select a member of staff")
    return found.pk


def clean_officer_or_inbox(parameter: Parameter, value: Any) -> int | str:
    """A named member of staff (id or email), or a service's generic inbox (its email address):
    West Lindsey 15.2. An inbox is kept as its address; an officer as their id."""
    given = str(value).strip().lower() if isinstance(value, str) else ""
    if given and CouncilService.objects.filter(generic_inbox=given, is_active=True).exists():
        return given
    try:
        return clean_officer(parameter, value)
    except ValueError:
        raise ValueError("select a member of staff or a service’s generic inbox") from None


def inbox_words(address: str) -> str:
    """How a generic inbox reads in a letter or on a page: "the Housing inbox, housing@…"."""
    service = CouncilService.objects.filter(generic_inbox=address).first()
    return f"the {service.name} inbox, {address}" if service else address


def clean_choice(parameter: Parameter, value: Any) -> str:
    if value not in parameter.choices:
        raise ValueError(f"select one of: {', '.join(parameter.choices)}")
    return str(value)


def clean_boolean(parameter: Parameter, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("select yes or no")
    return value


CLEANERS = {
    "text": clean_text,
    "integer": clean_integer,
    "duration": clean_duration,
    "time_window": clean_time_window,
    "officer": clean_officer,
    "officer_or_inbox": clean_officer_or_inbox,
    "choice": clean_choice,
    "boolean": clean_boolean,
}


def clean_parameters(rtype: RestrictionType, given: dict[str, Any]) -> dict[str, Any]:
    """The typed details of a restriction, checked against the pack's parameters."""
    known = {parameter.name: parameter for parameter in rtype.parameters}
    for name in given:
        refuse_if(name not in known, f"“{name}” is not a detail of the restriction {rtype.name}")
    cleaned: dict[str, Any] = {}
    for parameter in rtype.parameters:
        value = given.get(parameter.name)
        missing = value is None or (value == "" and parameter.type != "boolean")
        if missing:
            refuse_if(parameter.required, f"{parameter.label}: enter it, it is needed")
            continue
        cleaned[parameter.name] = clean_value(parameter, value)
    return cleaned


def adjustment_conflicts(customer: Customer, rtype: RestrictionType) -> list[Adjustment]:
    """The customer's agreed adjustments this restriction type may not meet (D3, H1).

    The pack lists, on each type, the adjustment kinds it conflicts with (a
    written-only restriction against large print, easy read, an interpreter, an
    advocate, a preferred channel or a hearing loop). Each conflict blocks the
    decision until the decider records how the restriction still meets it.
    """
    if not rtype.conflicts_with_adjustments:
        return []
    current = customer.adjustments.filter(kind__in=rtype.conflicts_with_adjustments)
    live = current.exclude(ended_on__lte=today())
    return list(live.order_by("kind"))


def check_adjustments(customer: Customer, rtype: RestrictionType, terms: RestrictionTerms) -> None:
    conflicts = adjustment_conflicts(customer, rtype)
    if conflicts and blank(terms.adjustment_resolution):
        kinds = ", ".join(str(adjustment.get_kind_display()).lower() for adjustment in conflicts)
        raise Refusal(
            f"{customer.full_name} has an agreed adjustment ({kinds}) that a “{rtype.name}” "
            "restriction may not meet. Record how the restriction will still meet it"
        )


def check_authority(
    case: Case,
    rtype: RestrictionType,
    *,
    legal_advice: str,
    equality_assessment: str,
    members: list[User],
) -> None:
    """Types the pack reserves to higher authority need it, with legal advice and an assessment (D2)."""
    pack = case.policy_pack.file
    if rtype.needs_higher_authority:
        body = pack.restrictions.higher_authority or workflow.deciding_body_id(pack)
        roles = workflow.body_roles(pack, body)
        held = {role.value for member in members for role in member.roles}
        refuse_if(not held & roles, f"“{rtype.name}” needs a decision by the higher authority")
    refuse_if(
        (rtype.needs_legal_advice or rtype.needs_higher_authority) and blank(legal_advice),
        f"Enter the legal advice: “{rtype.name}” needs legal advice first",
    )
    refuse_if(
        (rtype.needs_equality_assessment or rtype.needs_higher_authority)
        and blank(equality_assessment),
        f"Enter the equality assessment: “{rtype.name}” needs one",
    )


def check_scope(case: Case, terms: RestrictionTerms) -> None:
    """One or more named services, or the whole council only with good reason (D1)."""
    refuse_if(terms.scope not in Restriction.Scope.values, "Select the restriction’s scope")
    if terms.scope == Restriction.Scope.SERVICES:
        refuse_if(not terms.services, "Select the services the restriction covers")
        return
    services = set(case.incidents.values_list("service_id", flat=True))
    refuse_if(
        len(services) < 2 and blank(terms.whole_council_reason),
        "Enter why the whole council is covered: several services affected or a significant "
        "risk to staff",
    )


def check_representative(case: Case, terms: RestrictionTerms) -> None:
    """A representative restricted must act for this customer (G2)."""
    person = terms.representative
    if person is not None:
        refuse_if(
            person.customer_id != case.customer_id,
            f"{person.name} does not act for {case.customer.full_name}",
        )


def review_dates(pack: PolicyPackFile, months: int | None, starts: date) -> tuple[date, date]:
    """The review date and the last day before a fresh decision is needed (D6, D8)."""
    interval = months if months is not None else pack.review.interval_months
    longest = pack.review.longest_interval_months
    refuse_if(interval < 1, "Enter a review interval of at least 1 month")
    refuse_if(
        interval > longest,
        f"A review interval of {interval} months is longer than this policy allows "
        f"({longest} months)",
    )
    must_end_by = add_months(starts, pack.review.maximum_duration_months)
    review_on = add_months(starts, interval)
    refuse_if(
        review_on > must_end_by, "The review date is after the longest a restriction may last"
    )
    return review_on, must_end_by


def impose_restriction(
    decision: Decision,
    terms: RestrictionTerms,
    *,
    legal_advice: str,
    equality_assessment: str,
    members: list[User],
    by: User,
    ratify_by: date | None = None,
) -> Restriction:
    """One restriction of a decision, checked against the pack, with its first review."""
    case = decision.case
    pack = case.policy_pack.file
    rtype = restriction_type(pack, terms.type)
    parameters = clean_parameters(rtype, terms.parameters)
    check_authority(
        case,
        rtype,
        legal_advice=legal_advice,
        equality_assessment=equality_assessment,
        members=members,
    )
    check_scope(case, terms)
    check_representative(case, terms)
    check_adjustments(case.customer, rtype, terms)
    parameters.update(extra_parameters(terms))
    starts = today()
    review_on, must_end_by = review_dates(pack, terms.review_in_months, starts)
    restriction = Restriction.objects.create(
        decision=decision,
        case=case,
        customer=case.customer,
        representative=terms.representative,
        type=rtype.id,
        parameters=parameters,
        scope=terms.scope,
        starts_on=starts,
        review_on=review_on,
        must_end_by=must_end_by,
        ratify_by=ratify_by,
        created_by=by,
        modified_by=by,
    )
    if terms.scope == Restriction.Scope.SERVICES:
        restriction.services.set(terms.services)
    Review.objects.create(restriction=restriction, due_on=review_on, created_by=by, modified_by=by)
    notify_teams(restriction, Notification.Event.STARTED, by=by)
    events.publish("restriction.imposed", restriction)
    record(
        "cases.restriction_imposed", actor=by, target=case, payload=restriction_payload(restriction)
    )
    return restriction


def extra_parameters(terms: RestrictionTerms) -> dict[str, str]:
    """Answers kept with the restriction's details: why whole council, how adjustments are met."""
    extra = {}
    if not blank(terms.whole_council_reason):
        extra["whole_council_reason"] = terms.whole_council_reason.strip()
    if not blank(terms.adjustment_resolution):
        extra["adjustment_resolution"] = terms.adjustment_resolution.strip()
    return extra


def restriction_payload(restriction: Restriction) -> dict[str, Any]:
    return {
        "reference": restriction.case.reference,
        "restriction": restriction.pk,
        "type": restriction.type_name,
        "type_id": restriction.type,
        "review_on": restriction.review_on,
        "representative": restriction.representative.name if restriction.representative else "",
    }
