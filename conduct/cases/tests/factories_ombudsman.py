"""Ombudsman referrals for tests, recorded through the same services staff use."""

from datetime import date, timedelta

from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import ombudsman
from conduct.cases.models import Case, OmbudsmanEnquiry, OmbudsmanReferral
from conduct.cases.tests.factories_reviews import decided_case


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def referral(
    case: Case | None = None, *, by: User | None = None, reference: str = ""
) -> OmbudsmanReferral:
    """The customer went to the LGSCO 30 days ago; the council heard 28 days ago."""
    return ombudsman.record_ombudsman_referral(
        case or decided_case(),
        by=by or staff_member(Role.CASE_OFFICER),
        ombudsman="lgsco",
        referred_on=days_ago(30),
        heard_on=days_ago(28),
        reference=reference,
    )


def enquiry(item: OmbudsmanReferral, *, by: User | None = None) -> OmbudsmanEnquiry:
    """The Ombudsman asked for the decision and its letter 20 days ago, to answer in 14."""
    return ombudsman.record_ombudsman_enquiry(
        item,
        by=by or staff_member(Role.CASE_OFFICER),
        received_on=days_ago(20),
        respond_by=days_ago(6),
        question="A copy of the decision, the letter and the policy.",
    )


def upheld(item: OmbudsmanReferral, *, by: User | None = None) -> OmbudsmanReferral:
    """The Ombudsman upheld the complaint 5 days ago and asked for an apology."""
    return ombudsman.record_ombudsman_outcome(
        item,
        by=by or staff_member(Role.CASE_OFFICER),
        outcome="upheld",
        outcome_on=days_ago(5),
        remedy="Apologise in writing and review the restriction.",
    )
