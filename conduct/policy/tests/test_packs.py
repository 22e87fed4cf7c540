"""The five policy packs: each loads, and says what its council's policy says, clause by clause."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from pydantic import BaseModel

from conduct.accounts.roles import Role
from conduct.policy.loader import read_pack
from conduct.policy.references import entries
from conduct.policy.schema import Item, PolicyPackFile, Section

PACK_IDS = [
    "model",
    "west-lindsey-2024",
    "north-northamptonshire-2024",
    "unreasonable-behaviour-2017",
    "ucb-2024-2028",
]
PACKS = {pack_id: read_pack(settings.POLICY_DIR / f"{pack_id}.toml") for pack_id in PACK_IDS}


def body_roles(pack: PolicyPackFile, body_id: str) -> list[tuple[str, Role]]:
    body = pack.decision_body(body_id)
    assert body is not None, body_id
    return [(member.title, member.role) for member in body.members]


def ids(items: Any) -> list[str]:
    return [item.id for item in items]


def letter(pack: PolicyPackFile, letter_id: str) -> list[str]:
    return next(t.elements for t in pack.letters.types if t.id == letter_id)


def restriction(pack: PolicyPackFile, type_id: str) -> Any:
    found = pack.restriction_type(type_id)
    assert found is not None, type_id
    return found


def examples_from(pack: PolicyPackFile, clause: str) -> list[str]:
    return [e for c in pack.behaviour.categories if c.clause == clause for e in c.examples]


def clause_of(item: Item) -> str:
    return "model default" if item.model_default else str(item.clause)


WEST_LINDSEY_LETTER = [
    "unreasonable-actions",
    "examples",
    "monitoring-period",
    "consequences",
    "adjustments-check",
    "complaints-and-ombudsman",
]

# A fact reads the pack loosely: the optional sections are asserted present separately.
Fact = Callable[[Any], Any]

# Pack, what it must state (read from the loaded pack), the value, and why (the seed's clause).
FACTS: list[tuple[str, str, Fact, Any]] = [
    (
        "west-lindsey-2024",
        "the Determination Team's members and roles (2.6, 11.2)",
        lambda p: body_roles(p, "determination-team"),
        [
            ("Health and Safety Officer", Role.HEALTH_AND_SAFETY_OFFICER),
            ("Customer Experience Manager", Role.DECISION_MAKER),
            ("Customer Strategy and Services Lead", Role.DECISION_MAKER),
        ],
    ),
    (
        "west-lindsey-2024",
        "the ladder: staff, line manager, then the Determination Team (10.1, 12.2)",
        lambda p: [(s.id, s.roles, s.decision_body) for s in p.ladder.steps],
        [
            ("frontline-officer", [Role.FRONTLINE_OFFICER], None),
            ("line-manager", [Role.LINE_MANAGER], None),
            ("determination-team", [], "determination-team"),
        ],
    ),
    (
        "west-lindsey-2024",
        "the team decides after a Health and Safety investigation (11.1, 12.2)",
        lambda p: "health-and-safety-investigation" in p.ladder.steps[-1].needs_first,
        True,
    ),
    (
        "west-lindsey-2024",
        "a warning comes before a restriction (12.1)",
        lambda p: (p.ladder.warning_before_restriction, "12.1" in str(p.ladder.clause)),
        (True, True),
    ),
    (
        "west-lindsey-2024",
        "the immediate grounds are the three of 12.3",
        lambda p: (
            ids(p.immediate_restriction.grounds),
            "12.3" in clause_of(p.immediate_restriction),
        ),
        (["credible-threat", "threat-to-premises", "police-advice"], True),
    ),
    (
        "west-lindsey-2024",
        "the Determination Team ratifies an immediate restriction (12.2)",
        lambda p: p.immediate_restriction.ratified_by,
        "determination-team",
    ),
    (
        "west-lindsey-2024",
        "reviews every 3 months, extended by a further 3 (13.1, 13.2)",
        lambda p: (p.review.interval_months, p.review.extension_months, p.review.lift_rule),
        (3, 3, "no-further-incidents"),
    ),
    (
        "west-lindsey-2024",
        "the review clause is 3.1, 13.1, 13.2",
        lambda p: p.review.clause,
        "3.1, 13.1, 13.2",
    ),
    (
        "west-lindsey-2024",
        "warning and restriction letters carry the six elements of 11.4",
        lambda p: [
            set(WEST_LINDSEY_LETTER) <= set(letter(p, t)) for t in ("formal-warning", "restriction")
        ],
        [True, True],
    ),
    (
        "west-lindsey-2024",
        "letters to homeless customers are held at reception (11.3)",
        lambda p: p.letters.when_no_fixed_abode,
        "held-at-reception",
    ),
    (
        "west-lindsey-2024",
        "the twelve examples of 6.1",
        lambda p: len(examples_from(p, "6.1")),
        12,
    ),
    (
        "west-lindsey-2024",
        "the four recording misuses of 7.2",
        lambda p: len(examples_from(p, "7.2")),
        4,
    ),
    (
        "west-lindsey-2024",
        "the restriction types of 15.2 and 15.4",
        lambda p: ids(p.restrictions.types),
        [
            "named-officer",
            "read-and-file",
            "building-access",
            "written-only",
            "limited-calls",
            "discretionary-services",
            "withdraw-mandatory-service",
        ],
    ),
    (
        "west-lindsey-2024",
        "withdrawing a mandatory service needs higher authority, legal advice and an assessment",
        lambda p: (
            restriction(p, "withdraw-mandatory-service").needs_higher_authority,
            restriction(p, "withdraw-mandatory-service").needs_legal_advice,
            restriction(p, "withdraw-mandatory-service").needs_equality_assessment,
        ),
        (True, True, True),
    ),
    (
        "west-lindsey-2024",
        "written only is refused against a large-print adjustment (15.2)",
        lambda p: "large-print" in restriction(p, "written-only").conflicts_with_adjustments,
        True,
    ),
    (
        "west-lindsey-2024",
        "read and file still reads for new information and safeguarding, silently (16.1, 16.2)",
        lambda p: restriction(p, "read-and-file").read_and_file.model_dump(),
        {
            "read_for": ["significant-new-information", "safeguarding"],
            "acknowledge": False,
            "tell_customer_when_nothing_new": False,
            "read_within_working_days": 2,  # no period in 16.1: the model's (conduct/contacts)
        },
    ),
    (
        "west-lindsey-2024",
        "further action only after legal advice (14.3)",
        lambda p: (
            p.outcome("further-action").needs_legal_advice,
            ids(p.outcome("further-action").options),
        ),
        (True, ["legal-restriction", "decline-service", "police"]),
    ),
    (
        "west-lindsey-2024",
        "the team's other resolutions (11.2)",
        lambda p: ids(p.outcome("informal-resolution").options),
        ["reasonable-adjustments", "meeting", "mediation", "alternative-contact"],
    ),
    (
        "west-lindsey-2024",
        "representatives: the three things offered so the customer is not disadvantaged (5.4)",
        lambda p: (ids(p.representatives.alternatives), p.representatives.customer_keeps_access),
        (["deal-directly", "find-another", "nominate-another"], True),
    ),
    (
        "west-lindsey-2024",
        "customers' recordings are not always refused (7.3)",
        lambda p: (p.recording_by_customers.always_refused, p.recording_by_customers.clause),
        (False, "7.3, 7.4"),
    ),
    (
        "west-lindsey-2024",
        "after complaints and appeal, the Ombudsman; then contact only through it (17.1, 17.2)",
        lambda p: (
            p.ombudsman.signpost,
            p.ombudsman.after,
            p.ombudsman.contact_then_only_through_ombudsman,
        ),
        (["lgsco"], "complaints-and-appeal", True),
    ),
    (
        "west-lindsey-2024",
        "not about behaviour towards councillors (18.1)",
        lambda p: p.coverage.excludes_behaviour_towards,
        ["elected-members"],
    ),
    (
        "west-lindsey-2024",
        "housekeeping amendments by the Director of Commercial and Operational Services",
        lambda p: (p.amendments.minor_amendments_by, p.amendments.document),
        ("Director of Commercial and Operational Services", "minutes"),
    ),
    (
        "west-lindsey-2024",
        "appeals take the model default",
        lambda p: (p.appeal.model_default, p.appeal.window_working_days),
        (True, 20),
    ),
    (
        "north-northamptonshire-2024",
        "service leads and Assistant Directors determine penalties",
        lambda p: body_roles(p, p.ladder.steps[-1].decision_body or ""),
        [("Service lead", Role.DECISION_MAKER), ("Assistant Director", Role.DECISION_MAKER)],
    ),
    (
        "north-northamptonshire-2024",
        "never an indefinite removal of service",
        lambda p: (p.principles.indefinite_removal_of_service, p.principles.model_default),
        (False, False),
    ),
    (
        "north-northamptonshire-2024",
        "no blanket approach; needs assessed before acting",
        lambda p: (p.principles.no_blanket_approach, p.principles.needs_assessment_before_acting),
        (True, True),
    ),
    (
        "north-northamptonshire-2024",
        "sanctions only when contact is unreasonable or decisions are refused after due process",
        lambda p: ids(p.principles.sanction_only_when),
        ["unreasonable-forceful-or-excessive", "refuses-decisions-after-due-process"],
    ),
    (
        "north-northamptonshire-2024",
        "appeals go to an officer not involved",
        lambda p: (
            body_roles(p, p.appeal.decided_by)[0][1],
            p.appeal.decider_must_be_uninvolved,
            p.appeal.clause,
            p.appeal.is_model_default("window_working_days"),
        ),
        (Role.APPEALS_OFFICER, True, "paragraph 8", True),
    ),
    (
        "north-northamptonshire-2024",
        "reviews take the model default of 3 months",
        lambda p: (p.review.interval_months, p.review.model_default),
        (3, True),
    ),
    (
        "north-northamptonshire-2024",
        "a centralised audit point for every sanction",
        lambda p: (p.oversight.central_register, p.oversight.clause),
        (True, "paragraph 9"),
    ),
    (
        "north-northamptonshire-2024",
        "the staff alert register rests on reported incidents",
        lambda p: (p.markers.clause, p.markers.is_model_default("categories")),
        ("paragraph 4", True),
    ),
    (
        "unreasonable-behaviour-2017",
        "the behaviour and access contract is a restriction type",
        lambda p: (
            restriction(p, "behaviour-and-access-contract").name,
            restriction(p, "behaviour-and-access-contract").document,
        ),
        ("Behaviour and access contract", "cabinet-report"),
    ),
    (
        "unreasonable-behaviour-2017",
        "the six behaviours named in the report",
        lambda p: [c.id for c in p.behaviour.categories if not c.model_default],
        [
            "excessive-demands-on-time",
            "challenging-how-decisions-are-communicated",
            "breaking-behaviour-and-access-contract",
            "recording-without-permission",
            "challenging-officers-capability",
            "not-respecting-policies-and-officers",
        ],
    ),
    (
        "unreasonable-behaviour-2017",
        "a Community Impact Assessment accompanies the policy",
        lambda p: [d.kind for d in p.documents],
        ["committee-report", "impact-assessment"],
    ),
    (
        "unreasonable-behaviour-2017",
        "it covers staff, the council's representatives and elected members",
        lambda p: p.coverage.protects,
        ["staff", "council-representatives", "elected-members"],
    ),
    (
        "unreasonable-behaviour-2017",
        "everything else is the model default",
        lambda p: [
            p.decision_making.model_default,
            p.ladder.model_default,
            p.review.model_default,
            p.appeal.model_default,
            p.letters.model_default,
        ],
        [True] * 5,
    ),
    (
        "ucb-2024-2028",
        "the Executive Officer, Customer Services & Organisational Development decides",
        lambda p: body_roles(p, p.ladder.steps[-1].decision_body or ""),
        [
            (
                "Executive Officer, Customer Services & Organisational Development",
                Role.DECISION_MAKER,
            )
        ],
    ),
    (
        "ucb-2024-2028",
        "the ladder: document, line manager, service manager or executive officer, Executive Officer",
        lambda p: ids(p.ladder.steps),
        ["document", "line-manager", "service-manager", "executive-officer"],
    ),
    (
        "ucb-2024-2028",
        "reviews at least every six months: the interval may be set up to 6",
        lambda p: (p.review.interval_months, p.review.longest_interval_months),
        (6, 6),
    ),
    (
        "ucb-2024-2028",
        "the review timing is stated in the letter and the outcome sent by letter",
        lambda p: (
            p.review.timing_stated_in_letter,
            "review-timing" in letter(p, "restriction"),
            p.review.tell_customer_outcome,
        ),
        (True, True, True),
    ),
    (
        "ucb-2024-2028",
        "the three teams told, and the CRM record",
        lambda p: (ids(p.notifications.teams), p.notifications.record_on_crm),
        (["complaints", "customer-services", "service-area"], True),
    ),
    (
        "ucb-2024-2028",
        "a marker is always added where physical violence is used or threatened",
        lambda p: [(r.marker, r.when, r.mandatory) for r in p.markers.rules if r.mandatory],
        [
            (
                "potentially-aggressive-person",
                ["physical-violence-used", "physical-violence-threatened"],
                True,
            )
        ],
    ),
    (
        "ucb-2024-2028",
        "no further replies on concluded matters is a condition",
        lambda p: restriction(p, "no-further-replies").parameters[0].name,
        "matters",
    ),
    (
        "ucb-2024-2028",
        "the twelve unreasonable demands",
        lambda p: len(p.behaviour.categories[1].examples),
        12,
    ),
    (
        "ucb-2024-2028",
        "zero tolerance of abuse of employees",
        lambda p: p.principles.zero_tolerance_of_abuse,
        True,
    ),
    (
        "model",
        "review 3 months, never more than 6 without a fresh decision, 12 at most",
        lambda p: (
            p.review.interval_months,
            p.review.longest_interval_months,
            p.review.maximum_duration_months,
        ),
        (3, 6, 12),
    ),
]


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_each_pack_loads_and_validates(pack_id):
    """Every file in policies/ passes the schema and the cross-reference checks."""
    pack = PACKS[pack_id]
    assert pack.pack.id == pack_id
    assert PolicyPackFile.model_validate(pack.model_dump(mode="json")) == pack


@pytest.mark.parametrize(
    ("pack_id", "fact", "value"),
    [(pack_id, fact, value) for pack_id, _, fact, value in FACTS],
    ids=[f"{pack_id}: {what}" for pack_id, what, _, _ in FACTS],
)
def test_each_pack_states_what_its_policy_says(pack_id, fact, value):
    """The loaded pack gives the value its council's policy (or the model) sets."""
    assert fact(PACKS[pack_id]) == value


def sections(pack: PolicyPackFile) -> Iterator[tuple[str, BaseModel]]:
    return ((key, model) for key, model in entries(pack) if isinstance(model, Section))


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_section_says_where_it_comes_from(pack_id):
    """Each section carries a clause of a named document, or says it is the model default."""
    pack = PACKS[pack_id]
    documents = ids(pack.documents)
    for key, section in sections(pack):
        assert isinstance(section, Section)
        assert bool(section.clause) != section.model_default, key
        assert section.document is None or section.document in documents, key


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_pack_states_the_optional_rules(pack_id):
    """The rules beyond the core settings are stated in every pack, not left to code defaults."""
    pack = PACKS[pack_id]
    for section in (
        "principles",
        "representatives",
        "recording_by_customers",
        "coverage",
        "oversight",
    ):
        assert getattr(pack, section) is not None, section


@pytest.mark.parametrize("pack_id", [p for p in PACK_IDS if p != "model"])
def test_the_council_packs_name_their_council_and_first_document(pack_id):
    """A council pack says whose policy it is and which document its clauses come from."""
    pack = PACKS[pack_id]
    assert pack.pack.council and pack.documents
    assert all(document.kind for document in pack.documents)


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_packs_use_the_ids_the_workflow_looks_for(pack_id):
    """Outcomes and the types the workflow checks by id keep the model's ids in every pack."""
    pack, model = PACKS[pack_id], PACKS["model"]
    assert ids(pack.outcomes.available) == ids(model.outcomes.available)
    types = set(ids(pack.restrictions.types))
    assert {"named-officer", "written-only", "withdraw-mandatory-service"} <= types
    assert set(ids(pack.letters.types)) == set(ids(model.letters.types))


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_pack_states_the_line_managers_time_as_the_models(pack_id):
    """No policy sets a time for the line manager to act on a logged incident, so each pack
    states the model's 5 working days on its line-manager step, marked as the model's."""
    pack = PACKS[pack_id]
    step = pack.ladder_step("line-manager")
    assert step is not None
    assert step.respond_within_working_days == 5
    assert step.is_model_default("respond_within_working_days")
    assert pack.line_manager_respond_within() == 5


def test_a_pack_may_give_the_line_manager_longer_and_the_model_applies_when_silent():
    """A step's own time is used; without one, the model's 5 working days."""
    pack = PACKS["model"]
    steps = [
        s.model_copy(update={"respond_within_working_days": 10 if s.id == "line-manager" else None})
        for s in pack.ladder.steps
    ]
    longer = pack.model_copy(update={"ladder": pack.ladder.model_copy(update={"steps": steps})})
    assert longer.line_manager_respond_within() == 10
    silent = [s.model_copy(update={"respond_within_working_days": None}) for s in steps]
    quiet = pack.model_copy(update={"ladder": pack.ladder.model_copy(update={"steps": silent})})
    assert quiet.line_manager_respond_within() == 5
