"""Demo markers for `make run`: one in every state, a dog at an address, one that must be
acknowledged, and the first one shared with the police (I7).

Each demo marker is keyed (`import_key = "demo:…"`), and it is shared only while it has no
disclosure, so loading again changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from conduct.accounts.demo import demo_email
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.alerts import disclosures, services, sharing
from conduct.alerts.models import Marker
from conduct.core.transactions import writes
from conduct.customers.models import Address, Customer
from conduct.policy.services import active_pack


@dataclass(frozen=True)
class DemoMarker:
    category: str
    severity: str
    handling: str
    detail: str
    state: str  # provisional, verified, live, told, not-told, withdrawn, expired
    years_ago: int = 0


MARKERS = [
    DemoMarker(
        "violence",
        "high-acknowledge",
        "Do not meet alone. Use interview room 2 by the exit and tell security before the appointment.",
        "Pushed a housing officer into a filing cabinet in March; police attended "
        "(crime reference on the incident).",
        "told",
    ),
    DemoMarker(
        "threats",
        "high",
        "Phone contact only, with a second officer listening. End the call if threats are made.",
        "Said he would ‘find out where you live’ to a benefits officer.",
        "not-told",
    ),
    DemoMarker(
        "verbal-abuse",
        "warning",
        "Keep calls short and factual; offer to call back if the conversation becomes abusive.",
        "Repeated swearing at the contact centre over council tax arrears.",
        "verified",
    ),
    DemoMarker(
        "threats",
        "",
        "Meet only at the civic centre reception during opening hours.",
        "Threatening emails about a planning decision.",
        "provisional",
    ),
    DemoMarker(
        "verbal-abuse",
        "",
        "No special handling.",
        "One-off outburst; raised against the wrong family member.",
        "withdrawn",
    ),
    DemoMarker(
        "verbal-abuse",
        "",
        "Keep calls short.",
        "Abuse at the reception desk some years ago.",
        "expired",
        years_ago=3,
    ),
]
DOGS = (
    "Two large dogs, not always shut in. Phone ahead so they are secured before you arrive; "
    "do not enter the garden if they are loose."
)


def staff(role: Role) -> User | None:
    return User.objects.filter(email=demo_email(role)).first()


@writes
def load() -> list[Marker]:
    """Add the demo markers not added yet, each taken to its state by the demo staff."""
    officer, manager, safety = (
        staff(Role.FRONTLINE_OFFICER),
        staff(Role.LINE_MANAGER),
        staff(Role.HEALTH_AND_SAFETY_OFFICER),
    )
    if active_pack() is None or officer is None or manager is None or safety is None:
        return []
    people = list(
        Customer.objects.filter(merged_into=None, incidents__isnull=False).distinct().order_by("pk")
    )
    added = []
    for number, (demo, person) in enumerate(zip(MARKERS, people, strict=False), start=1):
        key = f"demo:{number}"
        if not Marker.objects.filter(import_key=key).exists():
            added.append(add(demo, person, key, officer, manager, safety))
    dogs = premises_marker(officer, manager, safety)
    share_with_police(safety)
    return added + ([dogs] if dogs else [])


POLICE = sharing.Choices(
    organisation="Northamptonshire Police",
    organisation_kind="police",
    recipient_name="PC Dana Holt, neighbourhood team",
    recipient_contact="dana.holt@police.example, 101 extension 4410",
    necessity="A joint visit with the police about the assault on a housing officer; the officers "
    "going need to know how to keep safe.",
    lawful_basis="crime-prevention",
)


def share_with_police(safety: User) -> None:
    """The first demo marker (live, must be acknowledged) shared once, the minimum only."""
    marker = Marker.objects.filter(import_key="demo:1", status=Marker.Status.LIVE).first()
    if marker is not None and not marker.disclosures.exists():
        disclosures.disclose_marker(marker, choices=POLICE, by=safety)


def category_for(wanted: str) -> str:
    """The demo's kind of marker if the pack in force names it, else the pack's first kind for
    a person (ucb-2024-2028 has one "potentially aggressive person" marker for violence)."""
    pack = active_pack().file  # type: ignore[union-attr]  # load() checked there is one
    if pack.marker_category(wanted):
        return wanted
    return next(c.id for c in pack.markers.categories if c.applies_to == "person")


def add(
    demo: DemoMarker, person: Customer, key: str, officer: User, manager: User, safety: User
) -> Marker:
    start = timezone.localdate() - timedelta(days=365 * demo.years_ago + 20)
    marker = services.raise_marker(
        by=officer,
        category=category_for(demo.category),
        severity=demo.severity,
        handling=demo.handling,
        restricted_detail=demo.detail,
        customer=person,
        incidents=list(person.incidents.all()[:2]),
        starts_on=start,
        import_key=key,
    )
    if demo.state == "provisional":
        return marker
    marker = services.verify_marker(marker, by=manager)
    if demo.state == "verified":
        return marker
    marker = services.approve_marker(marker, by=safety)
    return finish(marker, demo.state, manager)


def finish(marker: Marker, state: str, manager: User) -> Marker:
    today = timezone.localdate()
    if state == "told":
        return services.record_told(marker, told_on=today - timedelta(days=10), by=manager)
    if state == "not-told":
        reason = (
            "Police advise that a letter would escalate the threats; revisit after the court date."
        )
        return services.record_not_told(
            marker, reason=reason, revisit_on=today + timedelta(days=60), by=manager
        )
    if state == "withdrawn":
        return services.withdraw_marker(
            marker, reason="Raised against the wrong family member", by=manager
        )
    if state == "expired":
        services.expire_marker(marker)
    return marker


def premises_marker(officer: User, manager: User, safety: User) -> Marker | None:
    """Dogs at the first demo address with a postcode that has no hazard yet."""
    if Marker.objects.filter(import_key="demo:dogs").exists():
        return None
    address = Address.objects.filter(is_current=True).exclude(postcode="").order_by("pk").first()
    if address is None:
        return None
    place = services.find_or_add_premises(
        by=officer,
        line_1=address.line_1,
        line_2=address.line_2,
        town=address.town,
        postcode=address.postcode,
        uprn=address.uprn,
    )
    marker = services.raise_marker(
        by=officer,
        category="dangerous-animals",
        handling=DOGS,
        premises=place,
        identified_risk="A housing officer was bitten at the gate on a repairs visit.",
        import_key="demo:dogs",
    )
    return services.approve_marker(services.verify_marker(marker, by=manager), by=safety)
