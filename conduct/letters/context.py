"""What a letter may say, as typed data: templates see these dataclasses, never the models.

A template administrators edit runs in a sandbox and sees only what is built
here, so it cannot reach a narrative, a safeguarding note or a staff member's
record. The restrictions are exactly the decision's (or the review's or the
appeal's restriction): a letter can never state a restriction nobody decided.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.appeals import last_day_to_appeal
from conduct.cases.models import Appeal, Decision, FormalWarning, Restriction, Review
from conduct.cases.restrictions import inbox_words
from conduct.core.working_days import add_working_days
from conduct.council.identity import Council, current
from conduct.customers.models import CouncilService, Customer, Representative
from conduct.incidents.models import Incident, InformalWarning
from conduct.letters.signatures import Signature, signature_for
from conduct.policy.schema import ALWAYS_OPEN, OMBUDSMAN_CONTACT, OMBUDSMAN_NAMES, PolicyPackFile

# An example in a letter is the first paragraph of what happened, at most this long.
EXAMPLE_LIMIT = 400


@dataclass(frozen=True)
class Recipient:
    name: str
    address_lines: tuple[str, ...]
    email: str
    is_representative: bool
    no_fixed_abode: bool = False


@dataclass(frozen=True)
class Policy:
    title: str
    version: str
    council: str
    url: str = ""  # where the council publishes the policy in force (/our-policy/)


@dataclass(frozen=True)
class Example:
    """One incident the letter gives as an example: when, where, what happened, the words used."""

    on: date
    where: str
    words: str
    what: str = ""


@dataclass(frozen=True)
class RestrictionItem:
    name: str
    description: str
    terms: tuple[str, ...]
    scope: str
    starts_on: date
    review_on: date | None
    must_end_by: date
    applies_to_representative: str = ""
    in_force: bool = True  # False once lifted, quashed or lapsed: the customer may contact as usual


@dataclass(frozen=True)
class Warning:
    behaviour: str
    monitoring_from: date
    monitoring_until: date
    contact: str
    contact_email: str = ""


@dataclass(frozen=True)
class ReviewOutcome:
    outcome: str  # lift, extend or vary
    reasons: str
    next_review_on: date | None
    further_incidents: bool


@dataclass(frozen=True)
class AppealItem:
    received_on: date
    decide_by: date
    outcome: str  # confirm, vary, quash; blank while undecided
    reasons: str


@dataclass(frozen=True)
class MarkerItem:
    """A warning marker as the person may be told of it: the category and handling-free wording."""

    category: str
    wording: str
    starts_on: date
    review_on: date


@dataclass(frozen=True)
class Ombudsman:
    name: str
    contact: str


@dataclass(frozen=True)
class LetterContext:
    """Everything a letter template may use."""

    reference: str
    letter_type: str
    type_name: str
    dated: date
    policy: Policy
    recipient: Recipient
    customer_name: str
    case_reference: str = ""
    reasons: str = ""
    behaviours: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    restrictions: tuple[RestrictionItem, ...] = ()
    warning: Warning | None = None
    informal_words: str = ""
    review: ReviewOutcome | None = None
    appeal: AppealItem | None = None
    marker: MarkerItem | None = None
    immediate_ground: str = ""
    decided_on: date | None = None
    challenge_by: date | None = None
    ombudsmen: tuple[Ombudsman, ...] = ()
    complaints_first: bool = False
    always_open: tuple[str, ...] = ALWAYS_OPEN
    monitoring: str = ""
    elements: tuple[str, ...] = ()
    format: str = "standard"
    council: Council = field(default_factory=Council)
    signature: Signature = field(default_factory=lambda: Signature("", ""))
    extra: dict[str, Any] = field(default_factory=dict)


# Building the parts ----------------------------------------------------------------------------


def recipient_for(customer: Customer, representative: Representative | None) -> Recipient:
    """The customer at their current address, or the representative who acts for them."""
    if representative is not None:
        given = tuple(line.strip() for line in representative.address.splitlines() if line.strip())
        return Recipient(representative.name, given, representative.email, True)
    address = customer.addresses.filter(is_current=True).order_by("-pk").first()
    lines: tuple[str, ...] = ()
    if customer.no_fixed_abode:
        lines = (f"To be collected from {customer.collection_point}",)
    elif address is not None:
        parts = (address.line_1, address.line_2, address.town, address.postcode)
        lines = tuple(p for p in parts if p)
    email = customer.email_addresses.order_by("-pk").values_list("email", flat=True).first()
    return Recipient(customer.full_name, lines, email or "", False, customer.no_fixed_abode)


def policy_of(pack: PolicyPackFile) -> Policy:
    return Policy(pack.pack.title, pack.pack.version, pack.pack.council, published_at())


def published_at() -> str:
    """The full address of the published policy, for a reader of a printed letter."""
    return f"{settings.SITE_URL}{reverse('council:our_policy')}"


def examples_from(incidents: list[Incident]) -> tuple[Example, ...]:
    """The incidents as examples, oldest first: date, place, what happened and the customer's
    own words."""
    ordered = sorted(incidents, key=lambda i: i.occurred_at)
    return tuple(
        Example(
            timezone.localdate(i.occurred_at),
            i.location,
            i.words_used.strip(),
            first_paragraph(i.what_happened),
        )
        for i in ordered
    )


def first_paragraph(text: str, limit: int = EXAMPLE_LIMIT) -> str:
    """What happened, as short as a letter's example should be: the account's first paragraph,
    cut at the last full sentence within the limit."""
    paragraph = next((p.strip() for p in text.strip().split("\n\n") if p.strip()), "")
    paragraph = " ".join(paragraph.split())
    if len(paragraph) <= limit:
        return paragraph
    cut = paragraph[:limit]
    end = cut.rfind(". ")
    return cut[: end + 1] if end > 0 else cut.rsplit(" ", 1)[0] + "…"


def behaviour_names(pack: PolicyPackFile, ids: list[str]) -> tuple[str, ...]:
    names = {c.id: c.name for c in pack.behaviour.categories}
    return tuple(names.get(i, i) for i in ids)


def services_covered(restriction: Restriction) -> list[CouncilService]:
    if restriction.scope == Restriction.Scope.WHOLE_COUNCIL:
        return list(CouncilService.objects.filter(is_active=True))
    return list(restriction.services.all())


def restriction_item(
    pack: PolicyPackFile, restriction: Restriction, *, in_force: bool | None = None
) -> RestrictionItem:
    rtype = pack.restriction_type(restriction.type)
    labels = {p.name: p.label for p in rtype.parameters} if rtype else {}
    terms = tuple(
        f"{labels.get(k, k.replace('_', ' ').capitalize())}: {term_value(k, v)}"
        for k, v in restriction.parameters.items()
    )
    scope = (
        "All council services"
        if restriction.scope == Restriction.Scope.WHOLE_COUNCIL
        else ", ".join(s.name for s in restriction.services.all()) or "The services named"
    )
    rep = restriction.representative
    return RestrictionItem(
        name=rtype.name if rtype else restriction.type,
        description=(rtype.description or "") if rtype else "",
        terms=terms,
        scope=scope,
        starts_on=restriction.starts_on,
        review_on=restriction.review_on,
        must_end_by=restriction.must_end_by,
        applies_to_representative=rep.name if rep else "",
        in_force=restriction.status == Restriction.Status.ACTIVE if in_force is None else in_force,
    )


def term_value(key: str, value: Any) -> str:
    """A restriction detail in words: an officer by name, yes or no, the text itself."""
    if key == "officer" or key.endswith("_officer"):
        if isinstance(value, str) and "@" in value:
            return inbox_words(value)  # a service's generic inbox instead of an officer
        officer = User.objects.filter(pk=value).first() if isinstance(value, int) else None
        return officer_contact(officer) if officer else str(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def officer_contact(officer: Any) -> str:
    """A named officer as the customer can reach them: their name and direct email."""
    return f"{officer.get_full_name()} (email {officer.email})"


def ombudsmen_for(pack: PolicyPackFile, restrictions: list[Restriction]) -> tuple[Ombudsman, ...]:
    """The pack's Ombudsman, and the Housing Ombudsman too where a landlord service is covered."""
    ids = list(pack.ombudsman.signpost)
    landlord = set(pack.ombudsman.landlord_services)
    covered = {s.slug for r in restrictions for s in services_covered(r)}
    if landlord & covered and "housing-ombudsman" not in ids:
        ids.append("housing-ombudsman")
    return tuple(Ombudsman(OMBUDSMAN_NAMES[i], OMBUDSMAN_CONTACT[i]) for i in ids)


def monitoring_text(
    warning: FormalWarning | None, restrictions: list[Restriction], review: Review | None = None
) -> str:
    """When, how and by whom future actions are watched (West Lindsey 11.4)."""
    if review is not None and review.outcome == Review.Outcome.LIFT:
        return (
            "The restriction has ended, so we will no longer monitor your contact with us under "
            "it. If the behaviour happens again, our staff will record it and we may look at "
            "your contact again."
        )
    if warning is not None:
        contact = officer_contact(warning.single_point_of_contact)
        return (
            f"We will monitor your contact with us from {day(warning.monitoring_from)} "
            f"to {day(warning.monitoring_until)}. {contact} will do this, by reviewing every "
            "contact you make with the council."
        )
    reviews = sorted(r.review_on for r in restrictions if r.review_on)
    if reviews:
        return (
            f"We will monitor your contact with us until the review on {day(reviews[0])}. "
            "The officer named in this letter will do this, by reviewing every contact you make "
            "with the council."
        )
    return ""


def day(value: date | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


# Building a whole context ------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """What the letter answers, and to whom it goes."""

    letter_type: str
    customer: Customer
    pack: PolicyPackFile
    reference: str = ""
    representative: Representative | None = None
    decision: Decision | None = None
    review: Review | None = None
    appeal: Appeal | None = None
    informal_warning: InformalWarning | None = None
    marker: MarkerItem | None = None
    dated: date | None = None
    format: str = "standard"
    approver: Any = None  # who approved the letter (or is approving it), for the signature


def build_context(source: Source) -> LetterContext:
    """The typed context for the source's letter type."""
    pack = source.pack
    ltype = next((t for t in pack.letters.types if t.id == source.letter_type), None)
    dated = source.dated or timezone.localdate()
    base: dict[str, Any] = {
        "reference": source.reference or "DRAFT",
        "letter_type": source.letter_type,
        "type_name": ltype.name if ltype else source.letter_type,
        "dated": dated,
        "council": current(),
        "signature": signature_for(source.letter_type, source.approver),
        "policy": policy_of(pack),
        "recipient": recipient_for(source.customer, source.representative),
        "customer_name": source.customer.full_name,
        "elements": tuple(ltype.elements) if ltype else (),
        "format": source.format,
        "complaints_first": pack.ombudsman.after == "complaints-and-appeal",
    }
    decision = decision_of(source)
    if decision is not None:
        base.update(decision_parts(pack, decision, source, dated))
    if source.informal_warning is not None:
        base.update(informal_parts(pack, source.informal_warning))
    if source.marker is not None:
        base["marker"] = source.marker
        base["ombudsmen"] = ombudsmen_for(pack, [])
    return LetterContext(**base)


def decision_of(source: Source) -> Decision | None:
    if source.decision is not None:
        return source.decision
    if source.review is not None:
        return source.review.restriction.decision
    if source.appeal is not None:
        return source.appeal.decision
    return None


def restrictions_for(source: Source, decision: Decision) -> list[Restriction]:
    """Exactly the restrictions this letter is about: the review's one, or the decision's."""
    if source.review is not None:
        return [source.review.restriction]
    immediate = decision.ratifies if decision.ratifies_id else None
    owner = immediate or decision
    return list(owner.restrictions.select_related("representative").order_by("pk"))


def decision_parts(
    pack: PolicyPackFile, decision: Decision, source: Source, dated: date
) -> dict[str, Any]:
    restrictions = restrictions_for(source, decision)
    warning = FormalWarning.objects.filter(decision=decision).first()
    grounds = {g.id: g.name for g in pack.immediate_restriction.grounds}
    parts: dict[str, Any] = {
        "case_reference": decision.case.reference,
        "reasons": decision.reasons,
        "behaviours": behaviour_names(pack, list(decision.behaviour_categories)),
        "examples": examples_from(list(decision.case.incidents.all())),
        "restrictions": tuple(
            restriction_item(pack, r, in_force=still_in_force(r, source.review))
            for r in restrictions
        ),
        "decided_on": timezone.localdate(decision.decided_at),
        # The customer has the pack's whole window from the day they are told (this letter).
        "challenge_by": last_day_to_appeal(decision, told_on=dated),
        "ombudsmen": ombudsmen_for(pack, restrictions),
        "monitoring": monitoring_text(warning, restrictions, source.review),
        "immediate_ground": grounds.get(decision.immediate_ground, decision.immediate_ground),
    }
    if warning is not None:
        parts["warning"] = Warning(
            warning.behaviour,
            warning.monitoring_from,
            warning.monitoring_until,
            warning.single_point_of_contact.get_full_name(),
            warning.single_point_of_contact.email,
        )
    if source.review is not None:
        parts.update(review_parts(pack, source.review, dated))
    if source.appeal is not None:
        parts["appeal"] = appeal_item(source.appeal)
    return parts


def still_in_force(restriction: Restriction, review: Review | None) -> bool | None:
    """A review that lifted the restriction ends it, whatever its row says by the time the
    letter is drafted; otherwise the restriction's own status says (None)."""
    if review is not None and review.outcome == Review.Outcome.LIFT:
        return False
    return None


def review_parts(pack: PolicyPackFile, review: Review, dated: date) -> dict[str, Any]:
    """The review's outcome; it can be challenged within the pack's window from the day the
    customer is told (this letter's date), never from an earlier day."""
    outcome = ReviewOutcome(
        review.outcome, review.reasons, review.next_review_on, bool(review.further_incidents)
    )
    completed = timezone.localdate(review.completed_at or timezone.now())
    window = pack.appeal.window_working_days
    challenge_by = add_working_days(max(completed, dated), window, pack.calendar.working_days)
    return {"review": outcome, "decided_on": completed, "challenge_by": challenge_by}


def appeal_item(appeal: Appeal) -> AppealItem:
    return AppealItem(appeal.received_on, appeal.decide_by, appeal.outcome, appeal.reasons)


def informal_parts(pack: PolicyPackFile, warning: InformalWarning) -> dict[str, Any]:
    incident = warning.incident
    return {
        "behaviours": behaviour_names(pack, list(incident.behaviour_categories)),
        "examples": examples_from([incident]),
        "informal_words": warning.words_used,
        "decided_on": timezone.localdate(warning.given_at),
    }


def marker_item(marker: Any) -> MarkerItem:
    """A conduct.alerts Marker as the person may be told of it (I2): its category, what it rests
    on and its dates, never the handling instructions or the restricted detail."""
    return MarkerItem(
        category=str(marker.category_name),
        wording=marker_wording(marker),
        starts_on=marker.starts_on,
        review_on=marker.review_on,
    )


def marker_wording(marker: Any) -> str:
    """Why the marker exists, in words safe to send: the incidents it rests on, by date."""
    incidents = sorted(marker.incidents.all(), key=lambda i: i.occurred_at)
    if not incidents:
        return "It rests on a risk our staff identified."
    days = [day(timezone.localdate(i.occurred_at)) for i in incidents]
    listed = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
    plural = "incidents" if len(days) > 1 else "incident"
    return f"It rests on the {plural} on {listed}, when staff recorded your behaviour towards them."
