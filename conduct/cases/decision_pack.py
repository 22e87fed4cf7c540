"""The decision pack: what the decision body reads before it decides, as typed data.

`build(case, reader, period)` gathers the case file (the case on the pack's
ladder, the customer, the incidents, the warnings, the investigation, contact
frequency with the service's normal range and the breaches flagged, the
questions the decision must answer and the policy that applies) into frozen
dataclasses. Templates see only these, never a model. Need to know is decided
here once: equality monitoring answers are never read, and safeguarding notes
(and an incident's safeguarding detail) only for a reader the customer app
lets see them (`customers.view_safeguarding`).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases import workflow
from conduct.cases.models import Case, FormalWarning, Investigation
from conduct.customers.models import Adjustment, Customer, Representative
from conduct.incidents.evidence import ALLOWED_TYPES
from conduct.incidents.models import Evidence, Incident, InformalWarning
from conduct.policy.models import PolicyPack
from conduct.policy.presenters import curly_quotes
from conduct.policy.schema import Item, PolicyPackFile

# The contact-frequency period reaches back at least this far, even for a case of one incident.
LEAST_WEEKS = 12


# The reader and the period -----------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """What the person reading may see beyond the pack itself."""

    sees_safeguarding: bool

    @classmethod
    def of(cls, person: User, customer: Customer) -> "Reader":
        return cls(person.has_perm("customers.view_safeguarding", customer))


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def case_period(case: Case, until: date | None = None) -> Period:
    """From the week of the first incident (and at least 12 weeks back) to `until` or today."""
    end = until or timezone.localdate()
    first = case.incidents.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    starts = [end - timedelta(weeks=LEAST_WEEKS), timezone.localdate(case.created_at)]
    if first is not None:
        starts.append(timezone.localdate(first))
    return Period(min(starts), end)


# The contact frequency: contacts builds it (conduct/contacts/decision_pack.py) and sets it
# in ContactsConfig.ready, as cases imports nothing of contacts. Its dataclass has
# `evidence`, `chart`, `services`, `by_service` and `breaches`, which the pack's page shows.
ContactFrequency = Any
CONTACT_FREQUENCY: list[Callable[[Case, Period], ContactFrequency]] = []


def read_contact_frequency_with(build: Callable[[Case, Period], ContactFrequency]) -> None:
    """Build the pack's contact frequency with `build` (contacts, in its AppConfig.ready)."""
    CONTACT_FREQUENCY[:] = [build]


def contact_frequency(case: Case, period: Period) -> ContactFrequency:
    """Contacts per week by channel and by service, the services' normal ranges, the breaches."""
    return CONTACT_FREQUENCY[0](case, period) if CONTACT_FREQUENCY else None


# What the decision and ratification pages show before deciding, from the apps above cases
# (contacts: its contact frequency, for those who may see it), set in their AppConfig.ready.
EVIDENCE: list[Callable[[Case, User], dict[str, Any]]] = []


def show_evidence_with(evidence: Callable[[Case, User], dict[str, Any]]) -> None:
    """Add evidence the decision and ratification pages show, as the reader may see it."""
    if evidence not in EVIDENCE:
        EVIDENCE.append(evidence)


def evidence_for(case: Case, person: User) -> dict[str, Any]:
    """The pages' context: every app's evidence this person may see."""
    return {key: value for show in EVIDENCE for key, value in show(case, person).items()}


# What the pack holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rung:
    name: str
    reached: bool
    current: bool


@dataclass(frozen=True)
class CaseItem:
    reference: str
    status: str
    opened_on: date
    opened_by: str
    reason: str
    stage: str
    ladder: tuple[Rung, ...]


@dataclass(frozen=True)
class AdjustmentItem:
    kind: str
    detail: str
    agreed_on: date
    review_on: date


@dataclass(frozen=True)
class RepresentativeItem:
    name: str
    kind: str
    organisation: str
    lawful_basis: str
    review_on: date
    withdrawn_on: date | None
    coercive_control_concern: bool


@dataclass(frozen=True)
class ServiceItem:
    name: str
    mandatory: bool
    since: date | None


@dataclass(frozen=True)
class CustomerItem:
    name: str
    reference: str
    no_fixed_abode: bool
    adjustments: tuple[AdjustmentItem, ...]
    representatives: tuple[RepresentativeItem, ...]
    services: tuple[ServiceItem, ...]
    # As the case's investigation records them; None until it is recorded.
    known_to_social_care: bool | None
    known_to_mental_health_services: bool | None


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    kind: str
    size: str
    sha256: str


@dataclass(frozen=True)
class IncidentItem:
    reference: str
    occurred_at: datetime
    location: str
    channel: str
    service: str
    behaviours: tuple[str, ...]
    what_happened: str
    words_used: str
    staff_affected: tuple[str, ...]
    immediate_actions: tuple[str, ...]
    police: str
    injury: str
    evidence: tuple[EvidenceFile, ...]
    safeguarding_concern: bool
    safeguarding_detail: str  # blank when withheld from the reader


@dataclass(frozen=True)
class WarningItem:
    kind: str
    given_on: date
    given_by: str
    words: str
    until: date | None
    status: str


@dataclass(frozen=True)
class Finding:
    question: str
    answer: str


@dataclass(frozen=True)
class Question:
    requirement: str
    text: str


@dataclass(frozen=True)
class Clause:
    setting: str
    source: str


@dataclass(frozen=True)
class Choice:
    name: str
    description: str
    options: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class PolicyItem:
    title: str
    version: str
    council: str
    decision_body: str
    members: tuple[str, ...]
    clauses: tuple[Clause, ...]
    outcomes: tuple[Choice, ...]
    restriction_types: tuple[Choice, ...]


@dataclass(frozen=True)
class SafeguardingItem:
    note: str
    recorded_on: date
    active: bool


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class DecisionPack:
    """Everything the decision pack's page and PDF may show."""

    case: CaseItem
    customer: CustomerItem
    incidents: tuple[IncidentItem, ...]
    warnings: tuple[WarningItem, ...]
    findings: tuple[Finding, ...]
    contact: ContactFrequency
    checklist: tuple[Question, ...]
    prompts: tuple[Question, ...]
    policy: PolicyItem
    # None: withheld from this reader, who may not see safeguarding notes.
    safeguarding: tuple[SafeguardingItem, ...] | None
    prepared_at: datetime
    frozen_at: datetime | None = None

    @property
    def contents(self) -> tuple[Section, ...]:
        """The sections in order, for the contents list; safeguarding only when shown."""
        return tuple(
            s for s in SECTIONS if s.id != "pack-safeguarding" or self.safeguarding is not None
        )


SECTIONS = (
    Section("pack-case", "The case"),
    Section("pack-customer", "The customer"),
    Section("pack-safeguarding", "Safeguarding notes"),
    Section("pack-incidents", "Incidents"),
    Section("pack-warnings", "Warnings given"),
    Section("pack-investigation", "The investigation’s findings"),
    Section("pack-contact", "Contact frequency"),
    Section("pack-questions", "Questions the decision must answer"),
    Section("pack-policy", "The policy that applies"),
)

# The pre-decision checklist (A8, D5) and the equality and human-rights prompts (A4–A7): asked
# of the decision body, never answered for it (A10).
CHECKLIST = (
    Question("A8", "Was the underlying complaint handled properly?"),
    Question("A8", "Is there significant new information in what the customer has said or sent?"),
    Question("A8", "Is there a more specific route for this, such as an appeal or a tribunal?"),
    Question(
        "A8",
        "Is the customer known to social care or mental health services, and have those "
        "services been asked?",
    ),
    Question(
        "D5",
        "Will mandatory services stay open, and the routes a restriction never blocks: new "
        "complaints, payments, repairs, safeguarding reports, statutory services, the Ombudsman "
        "and subject access requests?",
    ),
)
PROMPTS = (
    Question(
        "A4",
        "Were the underlying causes considered: unmet communication or support needs, "
        "or a disability?",
    ),
    Question(
        "A5",
        "Does the behaviour arise from a disability? If it does, is the action a proportionate "
        "means of achieving a legitimate aim (Equality Act 2010, section 15)?",
    ),
    Question(
        "A5",
        "Were reasonable adjustments considered (Equality Act 2010, sections 20 and 29)?",
    ),
    Question(
        "A6",
        "Is this the least restrictive option that will work, and what would its impact on the "
        "customer be (Human Rights Act 1998)?",
    ),
    Question(
        "A7",
        "Was any member of the decision body involved in the incidents or the escalation? Each "
        "member must declare that they were not.",
    ),
)


# Building it --------------------------------------------------------------------------------


def build(
    case: Case, reader: Reader, period: Period, *, frozen_at: datetime | None = None
) -> DecisionPack:
    """The decision pack for this case, as this reader may see it, over this period."""
    whole = build_whole(case, period, frozen_at=frozen_at)
    return whole if reader.sees_safeguarding else withheld(whole)


def withheld(pack: DecisionPack) -> DecisionPack:
    """The same pack without safeguarding notes or an incident's safeguarding detail."""
    incidents = tuple(replace(i, safeguarding_detail="") for i in pack.incidents)
    return replace(pack, safeguarding=None, incidents=incidents)


def build_whole(case: Case, period: Period, *, frozen_at: datetime | None = None) -> DecisionPack:
    """The whole pack, as a reader who may see safeguarding notes reads it."""
    investigation = Investigation.objects.filter(case=case).first()
    return DecisionPack(
        case=case_item(case),
        customer=customer_item(case.customer, investigation),
        incidents=incident_items(case),
        warnings=warning_items(case.customer),
        findings=findings_of(investigation),
        contact=contact_frequency(case, period),  # from contacts, through the hook below
        checklist=CHECKLIST,
        prompts=PROMPTS,
        policy=policy_item(case),
        safeguarding=safeguarding_items(case.customer),
        prepared_at=timezone.localtime(),
        frozen_at=frozen_at,
    )


def text(value: str) -> str:
    """Staff's own words, with GOV.UK's curly quotes."""
    return curly_quotes(value.strip())


def name_of(person: User | None) -> str:
    return person.full_name if person is not None else "Conduct"


def case_item(case: Case) -> CaseItem:
    steps = case.policy_pack.file.ladder.steps
    at = workflow.current_step_index(case)
    return CaseItem(
        reference=case.reference,
        status=str(case.get_status_display()),
        opened_on=timezone.localdate(case.created_at),
        opened_by=name_of(case.created_by),
        reason=text(case.reason),
        stage=curly_quotes(steps[at].name),
        ladder=tuple(Rung(curly_quotes(s.name), i <= at, i == at) for i, s in enumerate(steps)),
    )


def customer_item(customer: Customer, investigation: Investigation | None) -> CustomerItem:
    return CustomerItem(
        name=customer.full_name,
        reference=customer.reference,
        no_fixed_abode=customer.no_fixed_abode,
        adjustments=tuple(
            AdjustmentItem(str(a.get_kind_display()), text(a.detail), a.agreed_on, a.review_on)
            for a in live_adjustments(customer)
        ),
        representatives=tuple(
            representative_item(r) for r in customer.representatives.order_by("given_on", "pk")
        ),
        services=tuple(
            ServiceItem(s.service.name, s.service.is_mandatory, s.since)
            for s in customer.services_received.select_related("service").order_by("service__name")
        ),
        known_to_social_care=investigation.known_to_social_care if investigation else None,
        known_to_mental_health_services=(
            investigation.known_to_mental_health_services if investigation else None
        ),
    )


def live_adjustments(customer: Customer) -> QuerySet[Adjustment]:
    """Adjustments agreed and not yet ended: what the decision must respect (D3, H1)."""
    live = Q(ended_on__isnull=True) | Q(ended_on__gt=timezone.localdate())
    return customer.adjustments.filter(live).order_by("agreed_on", "pk")


def representative_item(r: Representative) -> RepresentativeItem:
    return RepresentativeItem(
        name=r.name,
        kind=str(r.get_kind_display()),
        organisation=r.organisation,
        lawful_basis=str(r.get_lawful_basis_display()),
        review_on=r.review_on,
        withdrawn_on=r.withdrawn_on,
        coercive_control_concern=r.coercive_control_concern,
    )


# Incidents and warnings ---------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """A pack's behaviour categories and staff actions by id, in words."""

    categories: dict[str, str]
    actions: dict[str, str]

    @classmethod
    def of(cls, pack: PolicyPackFile) -> "Names":
        return cls(
            {c.id: curly_quotes(c.name) for c in pack.behaviour.categories},
            {a.id: curly_quotes(a.name) for a in pack.staff_actions.actions},
        )


def incident_items(case: Case) -> tuple[IncidentItem, ...]:
    """Oldest first, each named in the words of the pack it was logged under."""
    found = (
        case.incidents.select_related("service")
        .prefetch_related("staff_affected", "evidence")
        .order_by("occurred_at", "pk")
    )
    # Each pack is read (and validated) once, not once an incident.
    names = {case.policy_pack_id: Names.of(case.policy_pack.file)}
    for pack in PolicyPack.objects.filter(pk__in={i.policy_pack_id for i in found} - set(names)):
        names[pack.pk] = Names.of(pack.file)
    return tuple(incident_item(incident, names[incident.policy_pack_id]) for incident in found)


def incident_item(incident: Incident, names: Names) -> IncidentItem:
    categories, actions = names.categories, names.actions
    staff = [member.full_name for member in incident.staff_affected.all()]
    if incident.other_staff_affected:
        staff.append(text(incident.other_staff_affected))
    return IncidentItem(
        reference=incident.reference,
        occurred_at=timezone.localtime(incident.occurred_at),
        location=text(incident.location),
        channel=str(incident.get_channel_display()),
        service=incident.service.name,
        behaviours=tuple(categories.get(c, c) for c in incident.behaviour_categories),
        what_happened=text(incident.what_happened),
        words_used=text(incident.words_used),
        staff_affected=tuple(staff),
        immediate_actions=tuple(actions.get(a, a) for a in incident.immediate_actions),
        police=police_text(incident),
        injury=str(incident.get_injury_display()),
        evidence=tuple(evidence_file(item) for item in incident.evidence.all()),
        safeguarding_concern=incident.safeguarding_concern,
        safeguarding_detail=text(incident.safeguarding_detail),
    )


def police_text(incident: Incident) -> str:
    if not incident.police_called:
        return "Not called"
    return f"Called. Crime reference: {incident.crime_reference or 'not given yet'}"


def evidence_file(item: Evidence) -> EvidenceFile:
    """A file by name and SHA-256: the pack lists the evidence, it never carries the files."""
    return EvidenceFile(
        name=item.original_name,
        kind=ALLOWED_TYPES.get(item.content_type, "File"),
        size=filesizeformat(item.size).replace("\xa0", " "),
        sha256=item.sha256,
    )


def warning_items(customer: Customer) -> tuple[WarningItem, ...]:
    """Informal and formal warnings to the customer, oldest first (C1)."""
    informal = [
        WarningItem(
            "Informal warning",
            timezone.localdate(w.given_at),
            w.given_by.full_name,
            f"{w.get_how_display()}: {text(w.words_used)}",
            None,
            f"About incident {w.incident.reference}",
        )
        for w in InformalWarning.objects.filter(customer=customer).select_related(
            "given_by", "incident"
        )
    ]
    formal = [
        WarningItem(
            "Formal warning",
            w.monitoring_from,
            ", ".join(m.member.full_name for m in w.decision.members.select_related("member")),
            text(w.behaviour),
            w.monitoring_until,
            str(w.get_status_display()),
        )
        for w in FormalWarning.objects.filter(customer=customer).select_related("decision")
    ]
    return tuple(sorted(informal + formal, key=lambda w: w.given_on))


def findings_of(investigation: Investigation | None) -> tuple[Finding, ...]:
    """The investigation's answers (A4, A8), in its own order; empty until it is recorded."""
    if investigation is None:
        return ()
    i = investigation
    answers = (
        ("Evidence reviewed", i.evidence_reviewed),
        ("Other services involved", i.other_services_involved),
        ("Known to social care", yes_no(i.known_to_social_care)),
        ("Known to mental health services", yes_no(i.known_to_mental_health_services)),
        ("Cross-service notes", i.cross_service_notes),
        ("Underlying causes considered", i.underlying_causes),
        ("Reasonable adjustments considered", i.adjustments_considered),
        ("Was the underlying complaint handled properly?", yes_no(i.complaint_handled_properly)),
        ("Significant new information", yes_no(i.significant_new_information)),
        ("A more specific route", i.more_specific_route),
        ("Health and safety findings", i.health_and_safety_findings),
    )
    return tuple(Finding(q, text(a) or "None recorded") for q, a in answers)


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def safeguarding_items(customer: Customer) -> tuple[SafeguardingItem, ...]:
    notes = customer.safeguarding_notes.order_by("created_at", "pk")
    return tuple(
        SafeguardingItem(text(n.note), timezone.localdate(n.created_at), n.is_active) for n in notes
    )


def restriction_name(pack: PolicyPackFile, type_id: str) -> str:
    rtype = pack.restriction_type(type_id)
    return curly_quotes(rtype.name) if rtype else type_id


# The policy ---------------------------------------------------------------------------------


def source(pack: PolicyPackFile, item: Item, section: Item | None = None) -> str:
    """Where a setting comes from, in words: its clause and document, or the model default."""
    if not (item.clause or item.model_default) and section is not None:
        item = section
    if item.model_default or not item.clause:
        return "Model default: the policy is silent"
    titles = {d.id: d.title for d in pack.documents}
    document = titles.get(item.document or "") or (
        pack.documents[0].title if pack.documents else ""
    )
    return f"Clause {item.clause}" + (f", {curly_quotes(document)}" if document else "")


def policy_item(case: Case) -> PolicyItem:
    pack = case.policy_pack.file
    body = pack.decision_body(workflow.deciding_body_id(pack))
    assert body is not None  # the pack's references are checked when it is loaded
    return PolicyItem(
        title=curly_quotes(pack.pack.title),
        version=pack.pack.version,
        council=curly_quotes(pack.pack.council),
        decision_body=curly_quotes(body.name),
        members=tuple(curly_quotes(member.title) for member in body.members),
        clauses=clauses(case, pack),
        outcomes=outcome_choices(pack),
        restriction_types=tuple(
            Choice(
                curly_quotes(t.name),
                curly_quotes(t.description or ""),
                (),
                source(pack, t, pack.restrictions),
            )
            for t in pack.restrictions.types
        ),
    )


def clauses(case: Case, pack: PolicyPackFile) -> tuple[Clause, ...]:
    """The settings this decision rests on, each with the clause it comes from."""
    used = {c for i in case.incidents.all() for c in i.behaviour_categories}
    behaviours = [c for c in pack.behaviour.categories if c.id in used]
    warn = "Yes" if pack.ladder.warning_before_restriction else "No"
    found = [
        Clause("Who decides", source(pack, pack.decision_making)),
        Clause("The ladder of escalation", source(pack, pack.ladder)),
        Clause(f"A warning before a restriction: {warn}", source(pack, pack.ladder)),
        *(
            Clause(f"Behaviour: {curly_quotes(c.name)}", source(pack, c, pack.behaviour))
            for c in behaviours
        ),
        Clause("Restricting at once, and ratifying", source(pack, pack.immediate_restriction)),
        Clause(
            f"Review every {pack.review.interval_months} months, "
            f"{pack.review.maximum_duration_months} months at most",
            source(pack, pack.review),
        ),
        Clause(
            f"Appeal within {pack.appeal.window_working_days} working days",
            source(pack, pack.appeal),
        ),
    ]
    if pack.principles is not None:
        found.append(Clause("Principles every decision respects", source(pack, pack.principles)))
    return tuple(found)


def outcome_choices(pack: PolicyPackFile) -> tuple[Choice, ...]:
    """The outcomes the deciding body may choose (the options the pack allows)."""
    offered = workflow.outcomes_offered(pack)
    return tuple(
        Choice(
            curly_quotes(o.name),
            curly_quotes(o.description or ""),
            tuple(curly_quotes(option.name) for option in o.options),
            source(pack, o, pack.outcomes),
        )
        for o in pack.outcomes.available
        if o.id in offered
    )
