"""What an incident's recorded facts mean under its pack: who the policy covers, which
marker rules it meets.

Both are read from what the reporter answered (who was affected, whether physical
violence was used or threatened, whether there was abuse or harassment), never from
the free text, and from the pack the incident was logged under.
"""

from collections.abc import Iterable

from conduct.incidents.models import Affected, Incident, PhysicalViolence
from conduct.policy.presenters import curly_quotes
from conduct.policy.schema import MarkerRule, PolicyPackFile

# Each kind of person affected, as the packs' [coverage] names them.
PROTECTED_AS: dict[str, tuple[str, ...]] = {
    Affected.STAFF: ("staff",),
    Affected.ELECTED_MEMBER: ("elected-members",),
    Affected.REPRESENTATIVE: ("contractors", "council-representatives"),
    Affected.CUSTOMER: ("other-customers",),
    Affected.PUBLIC: ("public",),
}


def protected(affected: Iterable[str]) -> set[str]:
    return {name for kind in affected for name in PROTECTED_AS.get(kind, ())}


def covered(pack: PolicyPackFile, affected: Iterable[str]) -> bool:
    """Whether the pack covers behaviour towards any of the people affected."""
    return pack.covers(protected(affected))


def is_outside_policy(incident: Incident) -> bool:
    return not covered(incident.policy_pack.file, incident.affected)


def outside_policy_sentence(pack: PolicyPackFile) -> str:
    """Why an incident outside the policy cannot go up the ladder, naming the clause and route."""
    coverage = pack.coverage
    clause = f" ({coverage.clause})" if coverage and coverage.clause else ""
    sentence = f"The {pack.pack.title} does not cover behaviour towards the people affected{clause}"
    route = coverage.outside_coverage_route if coverage else None
    # Without a closing full stop, as the other refusals read; pages add it.
    return curly_quotes(f"{sentence}. {route}" if route else sentence).rstrip(".")


def triggers(physical_violence: str, abuse_or_harassment: bool) -> set[str]:
    """The pack's marker triggers the reporter's answers meet."""
    met = set()
    if physical_violence == PhysicalViolence.USED:
        met.add("physical-violence-used")
    if physical_violence == PhysicalViolence.THREATENED:
        met.add("physical-violence-threatened")
    if physical_violence in (PhysicalViolence.USED, PhysicalViolence.THREATENED):
        met.add("violence-abuse-or-harassment")
    if abuse_or_harassment:
        met.add("violence-abuse-or-harassment")
    return met


def incident_triggers(incident: Incident) -> set[str]:
    return triggers(incident.physical_violence, incident.abuse_or_harassment)


def rules_met(incident: Incident, *, mandatory: bool) -> list[MarkerRule]:
    """The pack's marker rules this incident meets, mandatory or optional.

    An incident outside the policy meets none: the policy's rules are for what it covers.
    """
    if is_outside_policy(incident):
        return []
    met = incident_triggers(incident)
    return [
        rule
        for rule in incident.policy_pack.file.markers.rules
        if rule.mandatory == mandatory and met & set(rule.when)
    ]
