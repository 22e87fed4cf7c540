"""The decision pack's typed context: what is in it, and what is withheld from whom."""

import dataclasses
from datetime import date

import pytest

from conduct.accounts.roles import Role
from conduct.cases import decision_pack
from conduct.cases.decision_pack import Period, Reader
from conduct.cases.tests import factories_decision_pack as files
from conduct.cases.tests.factories_decision_pack import stores  # noqa: F401
from conduct.incidents.models import Incident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stores")]
EVERYONE, NO_SAFEGUARDING = Reader(True), Reader(False)


def build(case_file, reader=EVERYONE, period=None):
    case = case_file.case
    return decision_pack.build(case, reader, period or decision_pack.case_period(case))


def every_string(value) -> list[str]:
    """Every piece of text anywhere in the context, however deep."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in every_string(getattr(value, f.name))]
    if isinstance(value, tuple | list):
        return [s for item in value for s in every_string(item)]
    if isinstance(value, dict):
        return [s for item in value.items() for s in every_string(item)]
    return []


class TestWhatIsIn:
    def test_the_case_and_where_it_stands_on_the_ladder(self):
        """The case's reference and status, and its rung on the pack's ladder marked."""
        pack = build(files.case_file())
        assert pack.case.status == "Ready for a decision"
        assert pack.case.stage == "Their line manager reviews the incident"
        assert [r.current for r in pack.case.ladder] == [False, True, False]

    def test_the_customer_with_needs_representatives_and_services(self):
        """Adjustments, the representative, services with the mandatory one marked, and the
        cross-service check as the investigation records it."""
        customer = build(files.case_file()).customer
        assert [a.kind for a in customer.adjustments] == ["Large print"]
        assert [(r.name, r.lawful_basis) for r in customer.representatives] == [
            ("Robin Advocate", "The customer’s consent")
        ]
        assert [(s.name, s.mandatory) for s in customer.services] == [
            ("Housing", True),
            ("Parks", False),
        ]
        assert customer.known_to_social_care is True
        assert customer.known_to_mental_health_services is False

    def test_before_the_investigation_the_cross_service_check_is_not_known(self):
        """Without an investigation the pack says it is not recorded, rather than no."""
        pack = build(files.case_file(investigated=False))
        assert pack.customer.known_to_social_care is None
        assert pack.findings == ()

    def test_incidents_in_date_order_with_their_evidence_by_hash(self):
        """Oldest first, with behaviour, words (curly quotes), channel, who was affected,
        evidence by name and SHA-256, immediate actions and the police reference."""
        case_file = files.case_file()
        first, second = build(case_file).incidents
        assert (first.reference, second.reference) == tuple(
            i.reference for i in case_file.incidents
        )
        assert first.words_used == "I’ll be waiting for you in the car park."
        assert first.behaviours == ("Aggressive or abusive behaviour",)
        assert first.channel == "Phone" and first.staff_affected == (case_file.manager.full_name,)
        assert first.immediate_actions[0].startswith("Tell the customer their behaviour")
        assert first.police == "Called. Crime reference: CR/0420/26"
        stored = Incident.objects.get(pk=case_file.incidents[0].pk).evidence.get()
        assert [(e.name, e.sha256) for e in first.evidence] == [
            ("call-recording-notes.pdf", stored.sha256)
        ]

    def test_warnings_informal_and_the_investigations_findings(self):
        """The informal warning with its date, and every finding of the investigation."""
        pack = build(files.case_file())
        (warning,) = pack.warnings
        assert (warning.kind, warning.given_on) == ("Informal warning", date(2026, 2, 3))
        findings = {f.question: f.answer for f in pack.findings}
        assert findings["Known to social care"] == "Yes"
        assert findings["Health and safety findings"].startswith("Risk assessment reviewed")

    def test_contact_frequency_by_channel_and_by_service_over_the_case_period(self):
        """Twelve weeks back at least; each week's contacts by channel and by service."""
        pack = build(files.case_file())
        contact = pack.contact
        assert contact.evidence.start == date(2025, 12, 10)
        weeks = {w.starts: w for w in contact.evidence.weeks}
        assert weeks[date(2026, 2, 23)].by_channel == {"phone": 7, "email": 2}
        assert contact.services == ("Housing", "Parks")
        by_service = {w.starts: w.counts for w in contact.by_service}
        assert by_service[date(2026, 2, 16)] == (5, 1)
        assert by_service[date(2026, 3, 2)] == (4, 0)
        assert "<svg" in contact.chart

    def test_the_service_normal_range_is_given(self):
        """Housing's range comes from every customer who contacted it in the period."""
        housing = next(
            r for r in build(files.case_file()).contact.evidence.ranges if r.service == "Housing"
        )
        assert housing.customers == 2
        assert housing.customer_rate > housing.median

    def test_a_chosen_period_narrows_the_weeks(self):
        """A case officer may ask for another period; the weeks follow it."""
        pack = build(files.case_file(), period=Period(date(2026, 2, 16), date(2026, 2, 28)))
        assert [w.starts for w in pack.contact.evidence.weeks] == [
            date(2026, 2, 16),
            date(2026, 2, 23),
        ]

    def test_questions_are_asked_not_answered(self):
        """The checklist (A8) and the prompts (A4 to A7) are questions for the decision body."""
        pack = build(files.case_file())
        assert {q.requirement for q in pack.prompts} == {"A4", "A5", "A6", "A7"}
        assert "A8" in {q.requirement for q in pack.checklist}
        assert all(q.text.endswith(("?", ".")) for q in pack.checklist + pack.prompts)
        assert all("?" in q.text for q in pack.checklist + pack.prompts)

    def test_the_policy_its_clauses_and_the_options_it_allows(self):
        """The pack's name and version, the clauses the decision rests on, and its outcomes."""
        policy = build(files.case_file("west-lindsey-2024")).policy
        assert (policy.version, policy.decision_body) == ("1.1", "Determination Team")
        assert any(c.source.startswith("Clause 2.6, 11.2") for c in policy.clauses)
        assert "Formal warning" in [o.name for o in policy.outcomes]
        assert policy.restriction_types


class TestWhatIsWithheld:
    def test_equality_monitoring_is_never_in_the_pack(self):
        """Not even for a reader who may see equality data and safeguarding notes."""
        text = " ".join(every_string(build(files.case_file(), EVERYONE)))
        assert all(answer not in text for answer in files.EQUALITY_ANSWERS.values())

    def test_safeguarding_notes_only_for_a_reader_who_may_see_them(self):
        """The note and the incident's safeguarding detail, or neither."""
        case_file = files.case_file()
        shown = " ".join(every_string(build(case_file, EVERYONE)))
        withheld_pack = build(case_file, NO_SAFEGUARDING)
        withheld = " ".join(every_string(withheld_pack))
        assert files.SAFEGUARDING_NOTE in shown and files.INCIDENT_SAFEGUARDING in shown
        assert files.SAFEGUARDING_NOTE not in withheld
        assert files.INCIDENT_SAFEGUARDING not in withheld
        assert withheld_pack.safeguarding is None
        assert "pack-safeguarding" not in [s.id for s in withheld_pack.contents]

    @pytest.mark.parametrize(
        ("role", "sees"),
        [
            (Role.CASE_OFFICER, True),
            (Role.DECISION_MAKER, True),
            (Role.HEALTH_AND_SAFETY_OFFICER, True),
            (Role.AUDITOR, False),
        ],
    )
    def test_the_reader_follows_the_customer_apps_permission(self, make_staff, role, sees):
        """Auditors read the pack but not the safeguarding notes, as on the customer's page."""
        case_file = files.case_file()
        assert Reader.of(make_staff(role), case_file.customer).sees_safeguarding is sees


@pytest.mark.parametrize(
    "pack_id",
    [
        "model",
        "west-lindsey-2024",
        "north-northamptonshire-2024",
        "ucb-2024-2028",
        "unreasonable-behaviour-2017",
    ],
)
def test_every_pack_builds_a_decision_pack(pack_id):
    """Each council's pack gives its ladder, decision body, clauses and outcomes."""
    pack = build(files.case_file(pack_id))
    assert pack.policy.outcomes and pack.policy.clauses and pack.case.ladder
