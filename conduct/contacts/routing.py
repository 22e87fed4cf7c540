"""Where a message goes, as the sender's live restrictions say (D2), never swallowing D5 routes.

Restrictions are read from the pack the decision was made under. A restriction
naming a representative applies only to that representative's messages (G2);
one scoped to named services applies only to the mailboxes of those services
(D1). Read and file wins over the others because it changes what happens to the
message (no acknowledgement, a reading to sign off); the named officer still
receives it. Protected routes (lexicon.protected_routes) are hints added on top
by ingestion: they surface the message to a person, whatever the route.
"""

from dataclasses import dataclass, field
from functools import cache

from conduct.cases.models import Restriction
from conduct.contacts.models import Route
from conduct.customers.models import CouncilService, Customer, Representative
from conduct.policy.models import PolicyPack
from conduct.policy.schema import PolicyPackFile, RestrictionType

NAMED_OFFICER, THIRD_PARTY, WRITTEN_ONLY = "named-officer", "third-party", "written-only"
READ_AND_FILE, NO_FURTHER_REPLIES = "read-and-file", "no-further-replies"


@dataclass
class Routing:
    route: str = Route.NORMAL
    reasons: list[str] = field(default_factory=list)
    officer_id: int | None = None
    inbox: str = ""
    restriction: Restriction | None = None
    acknowledge: bool = True
    read_within_working_days: int | None = None

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)


@cache
def pack_file(pack_pk: int) -> PolicyPackFile:
    """A pack version never changes once loaded, so its parsed settings are kept per process."""
    return PolicyPack.objects.get(pk=pack_pk).file


def type_of(restriction: Restriction) -> RestrictionType | None:
    return pack_file(restriction.decision.policy_pack_id).restriction_type(restriction.type)


def active(customer_ids: set[int]) -> dict[int, list[Restriction]]:
    """The customers' active restrictions (with their decisions), in one query."""
    found: dict[int, list[Restriction]] = {}
    live = Restriction.objects.filter(
        customer_id__in=customer_ids, status=Restriction.Status.ACTIVE
    )
    for restriction in live.select_related("decision"):
        found.setdefault(restriction.customer_id, []).append(restriction)
    return found


def applying(
    customer: Customer | None,
    representative: Representative | None,
    service: CouncilService | None,
    live: dict[int, list[Restriction]] | None = None,
) -> list[Restriction]:
    """The active restrictions that apply to this sender writing to this service
    (`live`: the active restrictions already read for a batch's customers)."""
    if customer is None:
        return []
    found = (live if live is not None else active({customer.pk})).get(customer.pk, [])
    return [r for r in found if applies(r, representative, service)]


def applies(
    restriction: Restriction, representative: Representative | None, service: CouncilService | None
) -> bool:
    """A representative's restriction binds only them (G2); a scoped one only its services (D1)."""
    if restriction.representative_id and restriction.representative_id != getattr(
        representative, "pk", None
    ):
        return False
    if restriction.scope != Restriction.Scope.SERVICES or service is None:
        return True
    return restriction.services.filter(pk=service.pk).exists()


def apply(routing: Routing, restriction: Restriction, sent_by_representative: bool) -> None:
    """One restriction's effect on the message's route (several may apply)."""
    rtype = type_of(restriction)
    terms = restriction.parameters
    if (rtype is not None and rtype.read_and_file is not None) or restriction.type == READ_AND_FILE:
        period = (
            rtype.read_and_file.read_within_working_days if rtype and rtype.read_and_file else 2
        )
        matters = terms.get("matters", "the matters named")
        routing.route, routing.restriction, routing.acknowledge = (
            Route.READ_AND_FILE,
            restriction,
            False,
        )
        routing.read_within_working_days = period
        routing.reasons.append(f"Read and file ({matters}): no acknowledgement or reply.")
    elif restriction.type == NO_FURTHER_REPLIES and routing.route != Route.READ_AND_FILE:
        routing.route, routing.restriction, routing.acknowledge = (
            Route.NO_FURTHER_REPLY,
            restriction,
            False,
        )
        routing.reasons.append(
            f"No further reply on concluded matters: {terms.get('matters', '')}".strip()
        )
    elif restriction.type == NAMED_OFFICER:
        routing.officer_id = terms.get("officer")
        routing.inbox = terms.get("inbox", "")
        if routing.route == Route.NORMAL:
            routing.route, routing.restriction = Route.NAMED_OFFICER, restriction
        routing.reasons.append("Contact is through a named officer.")
    elif restriction.type == THIRD_PARTY and not sent_by_representative:
        if routing.route in (Route.NORMAL, Route.NAMED_OFFICER):
            routing.route, routing.restriction = Route.THIRD_PARTY, restriction
        routing.reasons.append(
            f"Contact should come through {terms.get('third_party', 'a third party')}."
        )
    elif restriction.type == WRITTEN_ONLY and terms.get("channel") == "Letter":
        routing.reasons.append("The customer was asked to write by letter; this came by email.")


def route_for(
    customer: Customer | None,
    representative: Representative | None,
    restrictions: list[Restriction],
) -> Routing:
    """The route for a message from this sender, given the restrictions that apply."""
    routing = Routing()
    if customer is None:
        routing.route = Route.UNMATCHED
        routing.reasons.append("The sender is not matched to a customer: link it by hand.")
        return routing
    for restriction in restrictions:
        apply(routing, restriction, representative is not None)
    return routing
