"""Appeals: lodged within the pack's window of working days, heard by someone who took no part."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.cases.appeals import assign_appeals_officer, decide_appeal, is_late, lodge_appeal
from conduct.cases.decision_pack_files import freeze_decision_pack, store_frozen_decision_pack
from conduct.cases.models import CustomerMustBeTold, FormalWarning, Restriction
from conduct.cases.tests.factories_reviews import (
    decided_case,
    decision,
    formal_warning,
    restriction,
)
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.incidents.models import IncidentAction

pytestmark = pytest.mark.django_db

# 20 working days after Thursday 30 April 2026, skipping the bank holidays of 4 and 25 May.
DECIDED_ON = date(2026, 4, 30)
LAST_DAY = date(2026, 6, 1)


@pytest.fixture
def lodger(make_staff):
    return make_staff(Role.CASE_OFFICER)


@pytest.fixture
def hearer(make_staff):
    return make_staff(Role.APPEALS_OFFICER)


def lodged(lodger, *, on: date | None = None):
    case = decided_case()
    made = decision(case)
    item = restriction(case, made=made)
    appeal = lodge_appeal(
        case, made, by=lodger, received_on=on or timezone.localdate(), grounds="I was provoked."
    )
    return appeal, item


@pytest.mark.parametrize(
    ("received_on", "allowed"),
    [(date(2026, 5, 28), True), (LAST_DAY, True), (date(2026, 6, 2), False)],
)
def test_the_window_counts_working_days_without_bank_holidays(lodger, received_on, allowed):
    """The window ends 20 working days after the decision, bank holidays not counted."""
    with time_machine.travel(date(2026, 6, 10), tick=False):
        case = decided_case()
        made = decision(case, on=DECIDED_ON)
        if not allowed:
            with pytest.raises(Refusal, match="after the last day to appeal, 1 June 2026"):
                lodge_appeal(case, made, by=lodger, received_on=received_on, grounds="Unfair.")
            return
        appeal = lodge_appeal(case, made, by=lodger, received_on=received_on, grounds="Unfair.")
    assert appeal.lodge_by == LAST_DAY
    assert appeal.decide_by > received_on


def test_only_staff_who_lodge_appeals_may(make_staff):
    """A decision maker cannot record an appeal; the reason says so."""
    case = decided_case()
    with pytest.raises(Refusal, match="Your role cannot record an appeal"):
        lodge_appeal(
            case,
            decision(case),
            by=make_staff(Role.DECISION_MAKER),
            received_on=timezone.localdate(),
            grounds="Unfair.",
        )


def test_quashing_ends_the_restrictions_and_warning_and_signposts(lodger, hearer):
    """A quash ends what the decision imposed, tells the teams, and names the Ombudsman."""
    appeal, item = lodged(lodger)
    warning = formal_warning(appeal.case, appeal.decision)
    decided = decide_appeal(
        appeal, by=hearer, outcome="quash", reasons="Not proportionate.", declared_not_involved=True
    )
    item.refresh_from_db()
    warning.refresh_from_db()
    assert item.status == Restriction.Status.QUASHED and item.review_on is None
    assert warning.status == FormalWarning.Status.QUASHED
    assert decided.ombudsman_signposted == ["lgsco"]
    assert decided.appeals_officer == hearer and not is_late(decided)
    assert set(item.notifications.values_list("event", flat=True)) == {"ended"}
    assert CustomerMustBeTold.objects.filter(appeal=decided).exists()


def test_confirming_leaves_the_restriction(lodger, hearer):
    """A confirmed decision stands; the Ombudsman is still signposted."""
    appeal, item = lodged(lodger)
    decided = decide_appeal(
        appeal, by=hearer, outcome="confirm", reasons="Proportionate.", declared_not_involved=True
    )
    item.refresh_from_db()
    assert item.status == "active" and decided.ombudsman_signposted == ["lgsco"]


def test_varying_changes_the_terms(lodger, hearer, make_staff):
    """A varied decision gives the restriction new terms, checked against the pack."""
    appeal, item = lodged(lodger)
    kim = make_staff(Role.CASE_OFFICER)
    decide_appeal(
        appeal,
        by=hearer,
        outcome="vary",
        reasons="A different officer.",
        declared_not_involved=True,
        varied_terms={item.pk: {"parameters": {"officer": kim.pk}}},
    )
    item.refresh_from_db()
    assert item.parameters == {"officer": kim.pk}


def involve(kind: str, appeal, person) -> None:
    """Make `person` involved in the appealed case in the way named."""
    incident = appeal.case.incidents.get()
    if kind == "member":
        appeal.decision.members.create(member=person, declared_not_involved=True)
    elif kind == "logged":
        type(incident).objects.filter(pk=incident.pk).update(created_by=person)
    elif kind == "affected":
        incident.staff_affected.add(person)
    elif kind == "escalated":
        IncidentAction.objects.create(
            incident=incident, kind="escalated", note="Up", created_by=person
        )


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("member", "took part in the decision"),
        ("logged", "logged an incident in this case"),
        ("affected", "was affected by an incident"),
        ("escalated", "escalated this case"),
    ],
)
def test_an_involved_appeals_officer_is_refused(lodger, hearer, kind, reason):
    """Whoever took part in the decision, the incidents or the escalation cannot hear it."""
    appeal, _ = lodged(lodger)
    involve(kind, appeal, hearer)
    with pytest.raises(Refusal, match=reason):
        decide_appeal(
            appeal, by=hearer, outcome="confirm", reasons="Fine.", declared_not_involved=True
        )
    with pytest.raises(Refusal, match=reason):
        assign_appeals_officer(appeal, by=lodger, officer=hearer)


def test_the_decider_cannot_hear_the_appeal(lodger, make_staff):
    """A decision maker who decided, even holding the appeals role too, is refused."""
    both = make_staff(Role.DECISION_MAKER, Role.APPEALS_OFFICER)
    case = decided_case()
    made = decision(case, members=[both])
    appeal = lodge_appeal(case, made, by=lodger, received_on=timezone.localdate(), grounds="No.")
    with pytest.raises(Refusal, match="took part in the decision"):
        decide_appeal(
            appeal, by=both, outcome="quash", reasons="Mine was wrong.", declared_not_involved=True
        )


def test_an_assigned_appeal_is_heard_by_its_officer(lodger, hearer, make_staff):
    """Once assigned, another appeals officer cannot decide it."""
    appeal, _ = lodged(lodger)
    assign_appeals_officer(appeal, by=lodger, officer=hearer)
    with pytest.raises(Refusal, match="to be heard by"):
        decide_appeal(
            appeal,
            by=make_staff(Role.APPEALS_OFFICER),
            outcome="confirm",
            reasons="Fine.",
            declared_not_involved=True,
        )


def test_an_officer_without_the_appeals_role_cannot_be_assigned(lodger, make_staff):
    """Only someone in the pack's appeal body can be asked to hear it."""
    appeal, _ = lodged(lodger)
    with pytest.raises(Refusal, match="does not hold a role that hears appeals"):
        assign_appeals_officer(appeal, by=lodger, officer=make_staff(Role.CASE_OFFICER))


def test_a_late_decision_is_allowed_and_flagged(lodger, hearer):
    """Deciding after the target is allowed, and the appeal shows as late."""
    appeal, _ = lodged(lodger)
    with time_machine.travel(appeal.decide_by + timedelta(days=30), tick=False):
        decided = decide_appeal(
            appeal, by=hearer, outcome="confirm", reasons="Fine.", declared_not_involved=True
        )
    assert is_late(decided)


def test_a_decided_appeal_cannot_be_decided_again(lodger, hearer):
    """The workflow refuses a second decision."""
    appeal, _ = lodged(lodger)
    decide_appeal(appeal, by=hearer, outcome="confirm", reasons="Fine.", declared_not_involved=True)
    with pytest.raises(Refusal, match="not possible while it is decided"):
        decide_appeal(
            appeal,
            by=hearer,
            outcome="quash",
            reasons="Changed my mind.",
            declared_not_involved=True,
        )


def test_varying_on_the_appeal_page_changes_the_terms(client, sign_in, lodger, hearer, make_staff):
    """The page shows each restriction's details now; the appeals officer changes them to vary."""
    appeal, item = lodged(lodger)
    kim = make_staff(Role.CASE_OFFICER)
    sign_in(hearer)
    url = reverse("cases:decide_appeal", args=[appeal.pk])
    page = client.get(url).content.decode()
    assert f'name="term_{item.pk}_officer"' in page
    answers = {
        "outcome": "vary",
        "reasons": "A different officer.",
        "declared_not_involved": "true",
        f"term_{item.pk}_officer": kim.pk,
    }
    assert client.post(url, answers).status_code == 302
    item.refresh_from_db()
    assert item.parameters == {"officer": kim.pk}


# The declaration and the appeal decision page (issue 18.12) ------------------------------------


def test_the_officer_declares_no_part_and_it_is_kept(lodger, hearer):
    """Deciding without the declaration is refused in words; with it, its time is kept."""
    appeal, _ = lodged(lodger)
    with pytest.raises(Refusal, match="Confirm that you were not involved"):
        decide_appeal(
            appeal, by=hearer, outcome="confirm", reasons="Fine.", declared_not_involved=False
        )
    appeal.refresh_from_db()
    assert appeal.decided_at is None and appeal.declared_not_involved_at is None
    decided = decide_appeal(
        appeal, by=hearer, outcome="confirm", reasons="Fine.", declared_not_involved=True
    )
    assert decided.declared_not_involved_at == decided.decided_at
    event = AuditEvent.objects.get(verb="cases.appeal_decided")
    assert event.payload["declared_not_involved"] is True


class TestTheDecisionPage:
    def stored_pack(self, appeal):
        frozen = freeze_decision_pack(appeal.decision, by=None)
        return store_frozen_decision_pack(frozen.pk)

    def test_identity_bar_declaration_and_the_frozen_pack(self, client, sign_in, lodger, hearer):
        """The customer's identity bar, the declaration to tick, and the pack the decision body
        read, which the appeals officer hearing it may download."""
        appeal, _ = lodged(lodger)
        frozen = self.stored_pack(appeal)
        sign_in(hearer)
        response = client.get(reverse("cases:decide_appeal", args=[appeal.pk]))
        body = response.content.decode()
        assert 'id="identity-bar"' in body and appeal.case.customer.full_name in body
        assert "I was not involved in the decision, the incidents or the escalation" in body
        href = reverse("cases:frozen_decision_pack", args=[appeal.case.reference, frozen.pk])
        assert f'href="{href}"' in body
        assert client.get(href).status_code == 200
        sign_in(lodger)
        assign = client.get(reverse("cases:assign_appeals_officer", args=[appeal.pk]))
        assert 'id="identity-bar"' in assign.content.decode()

    def test_deciding_without_the_declaration_keeps_the_answers(
        self, client, sign_in, lodger, hearer
    ):
        """The error says what to do; nothing is decided."""
        appeal, _ = lodged(lodger)
        sign_in(hearer)
        url = reverse("cases:decide_appeal", args=[appeal.pk])
        response = client.post(url, {"outcome": "confirm", "reasons": "Proportionate."})
        body = response.content.decode()
        assert response.status_code == 200
        assert (
            "Confirm that you were not involved in the decision, the incidents or the escalation"
            in body
        )
        assert "Proportionate." in body
        appeal.refresh_from_db()
        assert appeal.decided_at is None
        answers = {
            "outcome": "confirm",
            "reasons": "Proportionate.",
            "declared_not_involved": "true",
        }
        assert client.post(url, answers).status_code == 302
        appeal.refresh_from_db()
        assert appeal.declared_not_involved_at is not None

    def test_a_pack_not_yet_stored_is_said_to_be_on_its_way(self, client, sign_in, lodger, hearer):
        """Frozen but not yet written as PDF: said in words, no broken link."""
        appeal, _ = lodged(lodger)
        freeze_decision_pack(appeal.decision, by=None)
        sign_in(hearer)
        body = client.get(reverse("cases:decide_appeal", args=[appeal.pk])).content.decode()
        assert "is being prepared" in body and "/decision-pack/frozen/" not in body
