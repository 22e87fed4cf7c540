"""How cases read on the page: rows for GOV.UK tables and summary lists."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from conduct.accounts.models import User
from conduct.cases import workflow
from conduct.cases.models import (
    Case,
    CustomerMustBeTold,
    Decision,
    DecisionMember,
    Investigation,
    Restriction,
    Review,
)
from conduct.cases.restrictions import inbox_words
from conduct.core.links import may_open_as
from conduct.incidents.models import Incident, IncidentAction
from conduct.policy.queries import attach_packs

Cell = dict[str, Any]


def day(value: Any) -> str:
    return timezone.localtime(value).strftime("%-d %B %Y")


def link(
    url_name: str, reference: str, text: str = "", user: Any = None, target: Any = None
) -> Cell:
    """A link to another page, or plain text while that page does not exist yet or, given the
    person, when they may not open it (core.links; `target`: the page's object, if loaded)."""
    try:
        href = reverse(url_name, args=[reference])
    except NoReverseMatch:
        return {"text": text or reference}
    if user is not None and not may_open_as(user, href, target):
        return {"text": text or reference}
    return {"html": format_html('<a class="govuk-link" href="{}">{}</a>', href, text or reference)}


def list_row(case: Case, user: Any) -> list[Cell]:
    return [
        link("cases:detail", case.reference, user=user),
        {"text": case.customer.full_name},
        {"text": str(case.incident_count), "format": "numeric"},  # type: ignore[attr-defined]
        {"text": str(case.created_by or "Conduct")},
        {"text": day(case.created_at)},
        {"html": format_html('<strong class="govuk-tag">{}</strong>', case.get_status_display())},
    ]


def summary_rows(case: Case) -> list[dict[str, Any]]:
    pack = case.policy_pack
    who = f"{case.customer.full_name} ({case.customer.reference})"
    return [
        {
            "key": {"text": "Customer"},
            "value": link("customers:detail", case.customer.reference, who),
        },
        {"key": {"text": "Status"}, "value": {"text": case.get_status_display()}},
        {"key": {"text": "Opened by"}, "value": {"text": str(case.created_by or "Conduct")}},
        {"key": {"text": "Opened on"}, "value": {"text": day(case.created_at)}},
        {"key": {"text": "Policy"}, "value": {"text": f"{pack.title}, version {pack.version}"}},
        {"key": {"text": "Why it was escalated"}, "value": {"text": case.reason}},
    ]


def escalation_note(incident: Incident, case: Case) -> str:
    """Why the incident was escalated, in the words of its latest escalation (ESCALATIONS)."""
    escalations = getattr(incident, ESCALATIONS, None)
    if escalations is None:
        escalations = incident.actions.filter(kind=IncidentAction.Kind.ESCALATED)
    action = max(escalations, key=lambda found: found.created_at, default=None)
    return action.note if action else case.reason


ESCALATIONS = "escalations"


def incident_rows(case: Case, user: Any) -> list[list[Cell]]:
    """The case's incidents, read in three queries however many (with what their links need)."""
    escalated = IncidentAction.objects.filter(kind=IncidentAction.Kind.ESCALATED)
    incidents = (
        case.incidents.select_related("service", "created_by", "customer")
        .prefetch_related("staff_affected", Prefetch("actions", escalated, to_attr=ESCALATIONS))
        .order_by("occurred_at")
    )
    return [
        [
            link("incidents:detail", incident.reference, user=user, target=incident),
            {"text": day(incident.occurred_at)},
            {"text": str(incident.service)},
            {"text": str(incident.created_by or "")},
            {"text": escalation_note(incident, case)},
        ]
        for incident in incidents
    ]


# The decision workflow on the case page -----------------------------------------------------


def date_text(value: Any) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def move_buttons(person: Any, case: Case) -> list[dict[str, str]]:
    """The moves the workflow offers this person, each as a button to its page."""
    buttons = []
    for move in workflow.moves_open_to(person, case):
        try:
            href = reverse(f"cases:{move.name}", args=[case.reference])
        except NoReverseMatch:
            continue
        buttons.append({"text": move.label, "href": href})
    return buttons


def row(key: str, value: str) -> dict[str, Any]:
    return {"key": {"text": key}, "value": {"text": value or "None recorded"}}


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def investigation_rows(case: Case) -> list[dict[str, Any]]:
    investigation = Investigation.objects.filter(case=case).first()
    if investigation is None:
        return []
    i = investigation
    return [
        row("Evidence reviewed", i.evidence_reviewed),
        row("Other services involved", i.other_services_involved),
        row("Known to social care", yes_no(i.known_to_social_care)),
        row("Known to mental health services", yes_no(i.known_to_mental_health_services)),
        row("Underlying causes", i.underlying_causes),
        row("Adjustments considered", i.adjustments_considered),
        row("Complaint handled properly", yes_no(i.complaint_handled_properly)),
        row("Significant new information", yes_no(i.significant_new_information)),
        row("A more specific route", i.more_specific_route),
        row("Health and safety findings", i.health_and_safety_findings),
    ]


def decision_heading(decision: Decision) -> str:
    kind = "Immediate restriction" if decision.immediate else decision.get_outcome_display()
    if decision.ratifies_id:
        kind = f"Ratification: {decision.get_outcome_display().lower()}"
    return f"{kind}, {day(decision.decided_at)}"


def decision_rows(decision: Decision) -> list[dict[str, Any]]:
    members = ", ".join(
        f"{m.member.full_name} ({m.post_name})" if m.post_name else m.member.full_name
        for m in decision.members.all()
    )
    pack = decision.policy_pack
    ground = next(
        (g for g in pack.file.immediate_restriction.grounds if g.id == decision.immediate_ground),
        None,
    )
    rows = [
        row("Decided by", members or str(decision.created_by or "")),
        row("Policy", f"{pack.title}, version {pack.version}"),
        row("Reasons", decision.reasons),
        row("Arises from a disability", decision.get_disability_link_display()),
        row("Equality Act reasoning", decision.equality_act_reasoning),
        row("Human rights and proportionality", decision.human_rights_reasoning),
        row("Impact on staff wellbeing", decision.staff_wellbeing),
    ]
    for key, value in (
        ("Ground", ground.name if ground else decision.immediate_ground),
        ("Other resolution", decision.other_resolution),
        ("Legal advice", decision.legal_advice),
        ("Equality assessment", decision.equality_assessment),
    ):
        if value:
            rows.append(row(key, value))
    return rows


def decisions_shown(case: Case) -> list[dict[str, Any]]:
    """Each decision on the case, oldest first, read in three queries however many there are."""
    found = (
        case.decisions.select_related("created_by", "frozen_pack")
        .prefetch_related(Prefetch("members", DecisionMember.objects.select_related("member")))
        .order_by("decided_at", "pk")
    )
    decisions = attach_packs(found, known=[case.policy_pack])
    for decision in decisions:
        decision.case = case
    return [
        {"heading": decision_heading(d), "rows": decision_rows(d), "pack": frozen_pack_href(d)}
        for d in decisions
    ]


def frozen_pack_href(decision: Decision) -> str:
    """Where to download the decision pack as this decision's body read it, once it is stored."""
    frozen = getattr(decision, "frozen_pack", None)
    if frozen is None or frozen.stored_at is None:
        return ""
    return reverse("cases:frozen_decision_pack", args=[decision.case.reference, frozen.pk])


def warning_rows(case: Case) -> list[list[Cell]]:
    return [
        [
            {"text": warning.behaviour},
            {
                "text": f"{date_text(warning.monitoring_from)} to {date_text(warning.monitoring_until)}"
            },
            {"text": warning.single_point_of_contact.full_name},
            {"text": warning.get_status_display()},
        ]
        for warning in case.formal_warnings.select_related("single_point_of_contact")
    ]


def ratify_text(restriction: Restriction) -> str:
    if not restriction.ratify_by:
        return ""
    late = restriction.ratify_by < timezone.localdate()
    return f"Ratify by {date_text(restriction.ratify_by)}{' (overdue)' if late else ''}"


def restrictions_of(case: Case) -> list[Restriction]:
    """The case's restrictions with what its page shows of them (who they bind, their type's
    name, their reviews), read in three queries however many there are."""
    restrictions = list(
        case.restrictions.select_related("decision", "representative").prefetch_related(
            "reviews"  # in the reviews' own order, soonest due first
        )
    )
    decisions = [restriction.decision for restriction in restrictions]
    attach_packs(decisions, known=[case.policy_pack])  # for type_name
    return restrictions


def restriction_rows(case: Case, restrictions: list[Restriction]) -> list[list[Cell]]:
    """The case's restrictions in the order they were made, as the decisions section lists them."""
    pack = case.policy_pack.file
    rows = []
    for restriction in sorted(restrictions, key=lambda r: r.pk):
        rtype = pack.restriction_type(restriction.type)
        who = restriction.representative.name if restriction.representative else "The customer"
        rows.append(
            [
                {"text": rtype.name if rtype else restriction.type},
                {"text": who},
                {"text": restriction.get_scope_display()},
                {"text": restriction.get_status_display()},
                {"text": date_text(restriction.review_on)},
                {"text": ratify_text(restriction)},
            ]
        )
    return rows


@dataclass(frozen=True)
class RestrictionCard:
    """A restriction on the case page's reviews section, with its reviews already counted."""

    restriction: Restriction
    open_review: Review | None
    reviews_done: int


def restriction_cards(restrictions: list[Restriction]) -> list[RestrictionCard]:
    """The restrictions, newest first, each with its open review and how many are done."""
    cards = []
    for restriction in sorted(restrictions, key=lambda r: (r.starts_on, r.pk), reverse=True):
        reviews = list(restriction.reviews.all())
        cards.append(
            RestrictionCard(
                restriction=restriction,
                open_review=next((r for r in reviews if r.completed_at is None), None),
                reviews_done=sum(1 for r in reviews if r.completed_at is not None),
            )
        )
    return cards


def obligations_outstanding(case: Case) -> list[str]:
    """What the customer must still be told in writing (F4, D9)."""
    waiting = CustomerMustBeTold.objects.filter(case=case, fulfilled_at__isnull=True)
    return [str(item.get_about_display()) for item in waiting.order_by("created_at")]


# Restrictions' terms ---------------------------------------------------------------------------

# Recorded with a restriction for the decision, not terms the customer must keep to.
NOT_TERMS = frozenset({"whole_council_reason", "adjustment_resolution"})


def term_text(label: str, value: object) -> str:
    if isinstance(value, bool):
        return f"{label}: {'yes' if value else 'no'}"
    return f"{label}: {value}"


def restriction_terms(
    restriction: Restriction, officers: dict[int, str] | None = None
) -> list[str]:
    """Each term as staff read it, labelled as the pack labels it ("Named officer: Cai Okafor"),
    never a parameter's id or a member of staff's number. `officers` names them, if known."""
    found = restriction.decision.policy_pack.file.restriction_type(restriction.type)
    labels = {p.name: (p.label, p.type) for p in found.parameters} if found else {}
    if officers is None:
        officers = officer_names([restriction])
    terms = []
    for key, value in restriction.parameters.items():
        if key in NOT_TERMS:
            continue
        label, kind = labels.get(key, (key.replace("_", " ").capitalize(), "text"))
        terms.append(term_text(label, officer_words(kind, value, officers)))
    return terms


def officer_words(kind: str, value: Any, officers: dict[int, str]) -> Any:
    """A named officer by name; a generic inbox as the service's inbox; anything else as given."""
    if kind not in ("officer", "officer_or_inbox"):
        return value
    if isinstance(value, str) and "@" in value:
        return inbox_words(value)
    return officers.get(value, value)


def officer_names(restrictions: list[Restriction]) -> dict[int, str]:
    """The names of the officers the restrictions name, by their number, in one query."""
    given = {r.parameters.get("officer") for r in restrictions}
    numbers = {value for value in given if isinstance(value, int) and not isinstance(value, bool)}
    people = User.objects.filter(pk__in=numbers) if numbers else User.objects.none()
    return {person.pk: person.get_full_name() for person in people}
