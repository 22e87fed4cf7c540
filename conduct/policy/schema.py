"""The policy pack file format: what a pack may say, and the shape of each setting.

A pack is a TOML file in `policies/`. Each setting section says where it comes
from: a clause of the council's policy (`clause = "11.4"`, with `document = "…"`
naming one of the pack's `[[documents]]` when the clause is not in the first
one), or `model_default = true` where the council's policy is silent and the
model pack's value applies. Entries inside a section (a restriction type, a
letter element) may carry their own clause when it differs from the section's.

Every model forbids unknown keys, so a misspelt setting is an error rather than
a silent fall-back, and is strict, so `interval_months = "3"` is refused instead
of guessed at. Lists of named things are arrays of tables with an `id`, which
keeps their order (a JSON object in PostgreSQL does not) and gives error
messages a name to point at. References between sections are checked in
`conduct.policy.references`.
"""

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from conduct.accounts.roles import Role

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PARAMETER_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
MARKER_CODE_PATTERN = r"^[A-Z][A-Z0-9]{1,9}$"
VERSION_PATTERN = r"^[0-9]+(\.[0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ParameterName = Annotated[str, StringConstraints(pattern=PARAMETER_NAME_PATTERN, max_length=60)]
MarkerCode = Annotated[str, StringConstraints(pattern=MARKER_CODE_PATTERN)]
Version = Annotated[str, StringConstraints(pattern=VERSION_PATTERN, max_length=20)]
# Roles arrive as their slugs ("line-manager"); strict mode would want the enum itself.
RoleSlug = Annotated[Role, Field(strict=False)]
Months = Annotated[int, Field(ge=1, le=120)]
WorkingDays = Annotated[int, Field(ge=1, le=100)]
# The model pack's time for a line manager to act on a logged incident (no requirement fixes one).
MODEL_RESPOND_WITHIN_WORKING_DAYS = 5

ParameterType = Literal[
    "text", "integer", "duration", "time_window", "officer", "officer_or_inbox", "choice", "boolean"
]
Severity = Literal["low", "medium", "high"]
MarkerSubject = Literal["person", "premises"]
# How a live marker shows to staff; "high-acknowledge" must be acknowledged before the page continues.
AlertSeverity = Literal["information", "warning", "high", "high-acknowledge"]
OmbudsmanId = Literal["lgsco", "housing-ombudsman", "spso", "psow"]
CalendarId = Literal["england-and-wales", "scotland", "northern-ireland"]
DocumentKind = Literal[
    "policy", "committee-report", "minutes", "impact-assessment", "guidance", "requirements"
]
# What must have happened before a ladder step can be taken.
Prerequisite = Literal[
    "documented",
    "informal-warning",
    "line-manager-discussion",
    "health-and-safety-investigation",
    "evidence-over-time",
]
# What a read-and-file restriction still reads each item for (requirement D4).
ReadCheck = Literal["significant-new-information", "safeguarding"]
# When a restriction lifts at review unless it is extended.
LiftRule = Literal["no-further-incidents", "unless-grounds-to-extend", "behaviour-since-imposed"]
AppealOutcome = Literal["confirm", "vary", "quash"]
OmbudsmanAfter = Literal["appeal", "complaints-and-appeal"]
LetterDeliveryWhenHomeless = Literal["held-at-reception", "email", "representative"]
# Facts of an incident that lead to a warning marker.
MarkerTrigger = Literal[
    "physical-violence-used",
    "physical-violence-threatened",
    "violence-abuse-or-harassment",
]
# Whom a policy protects: the kinds of people an incident records as affected.
Protected = Literal[
    "staff",
    "contractors",
    "council-representatives",
    "elected-members",
    "other-customers",
    "public",
]

PROTECTED_NAMES: dict[str, str] = {
    "staff": "staff",
    "contractors": "contractors",
    "council-representatives": "the council’s representatives",
    "elected-members": "elected members",
    "other-customers": "other customers",
    "public": "members of the public",
}
OMBUDSMAN_NAMES: dict[str, str] = {
    "lgsco": "Local Government and Social Care Ombudsman",
    "housing-ombudsman": "Housing Ombudsman",
    "spso": "Scottish Public Services Ombudsman",
    "psow": "Public Services Ombudsman for Wales",
}
# Never blocked by a restriction (requirement D5): every restriction letter says so, and so
# does the policy the council publishes.
ALWAYS_OPEN = (
    "make a new complaint, which we will consider on its merits",
    "make payments and report repairs",
    "report a safeguarding concern",
    "use the services the law says we must provide",
    "contact the Ombudsman",
    "ask for a copy of the personal information we hold about you",
)
# How a customer reaches each Ombudsman (letters and the published policy say it).
OMBUDSMAN_CONTACT: dict[str, str] = {
    "lgsco": "www.lgo.org.uk or 0300 061 0614",
    "housing-ombudsman": "www.housing-ombudsman.org.uk or 0300 111 3000",
    "spso": "www.spso.org.uk or 0800 377 7330",
    "psow": "www.ombudsman.wales or 0300 790 0203",
}
CALENDAR_NAMES: dict[str, str] = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
PARAMETER_TYPE_NAMES: dict[str, str] = {
    "text": "text",
    "integer": "a whole number",
    "duration": "a length of time",
    "time_window": "days and times",
    "officer": "a member of staff",
    "officer_or_inbox": "a member of staff or a service’s generic inbox",
    "choice": "one of a list",
    "boolean": "yes or no",
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Item(Strict):
    """An entry in a section. It may name its own clause when it differs from the section's."""

    clause: Name | None = None
    document: Slug | None = None
    model_default: bool = False
    # Keys of this entry the clause does not settle, where the model pack's value is used.
    model_default_keys: list[ParameterName] = []

    @model_validator(mode="after")
    def _source_is_consistent(self) -> Self:
        if self.model_default and self.clause:
            raise ValueError(
                "has both clause and model_default = true: a setting comes from one or the other"
            )
        if self.document and not self.clause:
            raise ValueError("names a document but no clause: add the clause it comes from")
        if self.model_default and self.model_default_keys:
            raise ValueError(
                "has model_default = true, so all of it is the model's: remove model_default_keys"
            )
        return self

    @model_validator(mode="after")
    def _model_default_keys_exist(self) -> Self:
        own = set(type(self).model_fields) - set(Item.model_fields)
        for key in self.model_default_keys:
            if key not in own:
                settings = ", ".join(sorted(own)) or "none"
                raise ValueError(
                    f'model_default_keys names "{key}", which is not a setting here '
                    f"(the settings are: {settings})"
                )
        return self

    def is_model_default(self, key: str) -> bool:
        """Whether this setting takes the model pack's value because the policy is silent."""
        return self.model_default or key in self.model_default_keys


class Section(Item):
    """A group of settings. It must say where they come from."""

    @model_validator(mode="after")
    def _source_is_given(self) -> Self:
        if not self.clause and not self.model_default:
            raise ValueError(
                'does not say where its settings come from: add clause = "…" (the clause of the '
                "policy) or model_default = true (the policy is silent, so the model applies)"
            )
        return self


class Document(Strict):
    """A document clauses refer to: the council's policy, a committee report, guidance."""

    id: Slug
    title: Name
    reference: Text | None = None
    kind: DocumentKind | None = None
    dated: Annotated[date | None, Field(strict=False)] = None


class PackInfo(Strict):
    id: Slug
    title: Name
    council: Name
    version: Version
    adopted_on: Annotated[date | None, Field(strict=False)] = None
    summary: Text | None = None
    replaces: Name | None = None


class Post(Item):
    """A post the policy names (West Lindsey's Customer Experience Manager, UCB's Executive
    Officer). A staff member holds posts (conduct.accounts StaffPost); where a decision body's
    member, a ladder step, ratification or an appeal names a post, only its holders may act."""

    id: Slug
    name: Name


class Member(Strict):
    title: Name
    role: RoleSlug
    # The post this member holds, from the pack's [[posts]]; without one, the role alone decides.
    post: Slug | None = None


class DecisionBody(Item):
    """Who makes formal decisions: a team, a panel or one senior officer."""

    id: Slug
    name: Name
    members: Annotated[list[Member], Field(min_length=1)]
    minimum_members: Annotated[int, Field(ge=1)] = 1


class DecisionMaking(Section):
    bodies: Annotated[list[DecisionBody], Field(min_length=1)]


class Option(Item):
    """A named choice within a setting, such as one way of resolving a concern informally."""

    id: Slug
    name: Name


class Outcome(Item):
    id: Slug
    name: Name
    description: Text | None = None
    options: list[Option] = []
    monitoring_months: Months | None = None
    single_point_of_contact: bool = False
    in_writing: bool = False
    needs_legal_advice: bool = False


class Outcomes(Section):
    available: Annotated[list[Outcome], Field(min_length=1)]


class LadderStep(Item):
    """One rung of escalation, taken by people with these roles or by a decision body."""

    id: Slug
    name: Name
    roles: list[RoleSlug] = []
    decision_body: Slug | None = None
    outcomes: list[Slug] = []
    titles: list[Name] = []
    # Posts from the pack's [[posts]]: only their holders move a case on from this step.
    posts: list[Slug] = []
    needs_first: list[Prerequisite] = []
    # How long an incident may wait for this step before it shows as overdue (the line
    # manager's queue); unset, the model's MODEL_RESPOND_WITHIN_WORKING_DAYS applies.
    respond_within_working_days: WorkingDays | None = None

    @model_validator(mode="after")
    def _someone_takes_it(self) -> Self:
        if not self.roles and not self.decision_body:
            raise ValueError("does not say who takes this step: add roles or decision_body")
        return self


class Ladder(Section):
    warning_before_restriction: bool
    steps: Annotated[list[LadderStep], Field(min_length=1)]


class BehaviourCategory(Item):
    id: Slug
    name: Name
    examples: Annotated[list[Text], Field(min_length=1)]


class Behaviour(Section):
    categories: Annotated[list[BehaviourCategory], Field(min_length=1)]


class StaffAction(Item):
    id: Slug
    name: Name


class StaffActions(Section):
    """What any member of staff may do on the spot, before anyone decides anything."""

    actions: Annotated[list[StaffAction], Field(min_length=1)]
    afterwards: Text | None = None


class Parameter(Strict):
    """A detail recorded when a restriction is imposed, such as the named officer."""

    name: ParameterName
    label: Name
    type: ParameterType
    required: bool = True
    hint: Text | None = None
    choices: list[Name] = []

    @model_validator(mode="after")
    def _choices_only_for_choice(self) -> Self:
        if self.type == "choice" and len(self.choices) < 2:
            raise ValueError('has type = "choice", so it needs choices: at least two of them')
        if self.type != "choice" and self.choices:
            raise ValueError(f'has choices, but its type is "{self.type}": use type = "choice"')
        return self


class ReadAndFile(Strict):
    """How correspondence under a read-and-file restriction is still handled."""

    read_for: Annotated[list[ReadCheck], Field(min_length=1)]
    acknowledge: bool = False
    tell_customer_when_nothing_new: bool = False
    # Every item is read and signed off within this many working days (D4; West Lindsey 16.1
    # says it is still reviewed but sets no period, so the model's 2 days applies).
    read_within_working_days: Annotated[int, Field(ge=1, le=20)] = 2


class RestrictionType(Item):
    id: Slug
    name: Name
    description: Text | None = None
    parameters: list[Parameter] = []
    needs_higher_authority: bool = False
    needs_legal_advice: bool = False
    needs_equality_assessment: bool = False
    # Adjustment kinds (conduct.customers Adjustment.Kind) this type cannot be imposed against.
    conflicts_with_adjustments: list[Slug] = []
    read_and_file: ReadAndFile | None = None


class Restrictions(Section):
    higher_authority: Slug | None = None
    types: Annotated[list[RestrictionType], Field(min_length=1)]


class Ground(Item):
    id: Slug
    name: Name


class ImmediateRestriction(Section):
    """Restricting without a warning first: on what grounds, by whom, confirmed by whom."""

    grounds: Annotated[list[Ground], Field(min_length=1)]
    imposed_by: Annotated[list[RoleSlug], Field(min_length=1)]
    ratified_by: Slug
    ratify_within_working_days: WorkingDays


class Review(Section):
    interval_months: Months
    extension_months: Months
    longest_interval_months: Months
    maximum_duration_months: Months
    lift_rule: LiftRule = "unless-grounds-to-extend"
    tell_customer_outcome: bool = True
    timing_stated_in_letter: bool = False
    remind_working_days_before: WorkingDays = 10


class Appeal(Section):
    window_working_days: WorkingDays
    decision_working_days: WorkingDays
    decided_by: Slug
    decider_must_be_uninvolved: bool = True
    outcomes: Annotated[list[AppealOutcome], Field(min_length=1)] = ["confirm", "vary", "quash"]


class LetterElement(Item):
    id: Slug
    text: Text


class LetterType(Item):
    id: Slug
    name: Name
    elements: Annotated[list[Slug], Field(min_length=1)]


class Letters(Section):
    elements: Annotated[list[LetterElement], Field(min_length=1)]
    types: Annotated[list[LetterType], Field(min_length=1)]
    when_no_fixed_abode: LetterDeliveryWhenHomeless = "held-at-reception"


class Team(Item):
    """A team told of restrictions: the staff holding its `role`, or, with `service_area = true`,
    the contacts of each service the restriction covers (the service catalogue). A team with
    neither is reached only through the deployment's TEAM_EMAILS mailbox."""

    id: Slug
    name: Name
    role: RoleSlug | None = None
    service_area: bool = False
    on_outcomes: Annotated[list[Slug], Field(min_length=1)]

    @model_validator(mode="after")
    def _one_way_to_reach(self) -> Self:
        if self.role is not None and self.service_area:
            raise ValueError(
                "has both a role and service_area = true: the service area's contacts come "
                "from the service catalogue, so remove the role"
            )
        return self


class Notifications(Section):
    teams: list[Team] = []
    record_on_crm: bool = False


class MarkerCategory(Item):
    id: Slug
    name: Name
    code: MarkerCode
    default_severity: Severity
    applies_to: MarkerSubject = "person"
    review_months: Months
    retention_years: Annotated[int, Field(ge=1, le=100)]
    # Optional: the alert register's severity; when absent it follows default_severity
    # (low → information, medium → warning, high → high). Requirement I3.
    alert_severity: AlertSeverity | None = None
    # Optional: the handling instructions offered when a marker of this category is raised.
    handling: Text | None = None


class MarkerRule(Item):
    """When an incident leads to a marker: always (`mandatory`) or at the officer's discretion."""

    id: Slug
    name: Name
    marker: Slug
    when: Annotated[list[MarkerTrigger], Field(min_length=1)]
    mandatory: bool = False


class Markers(Section):
    categories: Annotated[list[MarkerCategory], Field(min_length=1)]
    rules: list[MarkerRule] = []


class Ombudsman(Section):
    signpost: Annotated[list[OmbudsmanId], Field(min_length=1)]
    # Council service slugs that are landlord functions: a letter about a restriction covering
    # one also names the Housing Ombudsman, so it can name two (requirement F2).
    landlord_services: list[Slug] = []
    after: OmbudsmanAfter = "appeal"
    contact_then_only_through_ombudsman: bool = False


class Principles(Section):
    """Rules every decision under the pack must respect, beyond the named settings."""

    no_blanket_approach: bool = True
    needs_assessment_before_acting: bool = True
    distinguish_persistent_from_unreasonable: bool = True
    mandatory_services_stay_open: bool = True
    indefinite_removal_of_service: bool = False
    zero_tolerance_of_abuse: bool = False
    sanction_only_when: list[Option] = []


class Representatives(Section):
    """Representatives acting for a customer, and restricting one (requirements G1, G2)."""

    lawful_basis_required: bool = True
    restrict_only_for_good_reason: bool = True
    customer_keeps_access: bool = True
    alternatives: list[Option] = []


class RecordingByCustomers(Section):
    """Customers recording their own contact with the council."""

    always_refused: bool = False
    customer_should_declare: bool = True


class Coverage(Section):
    """Whom the policy protects, and whose conduct towards whom it does not cover."""

    protects: Annotated[list[Protected], Field(min_length=1)]
    excludes_behaviour_towards: list[Protected] = []
    # Where an incident the policy does not cover goes instead, naming the clause or
    # document that says so (West Lindsey 18.2: the LGA councillors' guide).
    outside_coverage_route: Text | None = None

    @model_validator(mode="after")
    def _excluded_is_not_protected(self) -> Self:
        both = sorted(set(self.protects) & set(self.excludes_behaviour_towards))
        if both:
            raise ValueError(
                f"protects and excludes_behaviour_towards both name {', '.join(both)}: "
                "the policy either covers behaviour towards them or it does not"
            )
        return self

    def covers(self, affected: Iterable[str]) -> bool:
        """Whether behaviour towards any of these is within the policy."""
        return any(kind in self.protects for kind in affected)


class Amendments(Section):
    """Who may make minor housekeeping changes (each one a new pack version)."""

    minor_amendments_by: Name
    in_consultation_with: list[Name] = []


class Oversight(Section):
    central_register: bool = True
    report_to: Name | None = None


class Calendar(Section):
    working_days: CalendarId


class PolicyPackFile(Strict):
    """A whole pack, as written in its TOML file."""

    pack: PackInfo
    documents: list[Document] = []
    posts: list[Post] = []
    decision_making: DecisionMaking
    ladder: Ladder
    outcomes: Outcomes
    behaviour: Behaviour
    staff_actions: StaffActions
    restrictions: Restrictions
    immediate_restriction: ImmediateRestriction
    review: Review
    appeal: Appeal
    letters: Letters
    notifications: Notifications
    markers: Markers
    ombudsman: Ombudsman
    calendar: Calendar
    principles: Principles | None = None
    representatives: Representatives | None = None
    recording_by_customers: RecordingByCustomers | None = None
    coverage: Coverage | None = None
    amendments: Amendments | None = None
    oversight: Oversight | None = None

    def decision_body(self, body_id: str) -> DecisionBody | None:
        return next((body for body in self.decision_making.bodies if body.id == body_id), None)

    def outcome(self, outcome_id: str) -> Outcome | None:
        return next((o for o in self.outcomes.available if o.id == outcome_id), None)

    def letter_element(self, element_id: str) -> LetterElement | None:
        return next((e for e in self.letters.elements if e.id == element_id), None)

    def restriction_type(self, type_id: str) -> RestrictionType | None:
        return next((t for t in self.restrictions.types if t.id == type_id), None)

    def covers(self, affected: Iterable[str]) -> bool:
        """Whether an incident affecting these kinds of people is within the policy.

        A pack without a [coverage] section covers everyone."""
        return self.coverage is None or self.coverage.covers(affected)

    def marker_category(self, category_id: str) -> MarkerCategory | None:
        return next((c for c in self.markers.categories if c.id == category_id), None)

    def ladder_step(self, step_id: str) -> LadderStep | None:
        return next((s for s in self.ladder.steps if s.id == step_id), None)

    def line_manager_respond_within(self) -> int:
        """Working days a logged incident may wait for the line manager before it is overdue:
        the ladder's first line-manager step says, or the model's 5 days."""
        step = next((s for s in self.ladder.steps if Role.LINE_MANAGER in s.roles), None)
        if step is None or step.respond_within_working_days is None:
            return MODEL_RESPOND_WITHIN_WORKING_DAYS
        return step.respond_within_working_days

    def post(self, post_id: str) -> Post | None:
        return next((p for p in self.posts if p.id == post_id), None)
