"""Demo customers and the service catalogue, for `make run` and the browser tests.

Postcodes are in real formats; phone numbers are from Ofcom's drama ranges
(07700 900xxx, 01632 960xxx) and email addresses use example domains, so none
reaches a real person. Running `load` twice adds nothing.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from conduct.core.transactions import writes
from conduct.customers import services
from conduct.customers.models import CouncilService, Customer

SERVICES = [
    ("Housing options and homelessness", True),
    ("Council tax", True),
    ("Benefits", True),
    ("Waste and recycling", False),
    ("Planning", False),
    ("Environmental health", False),
    ("Parking", False),
    ("Libraries", False),
    ("Leisure", False),
    ("Customer services", False),
]


@dataclass(frozen=True)
class DemoCustomer:
    given_names: str
    family_name: str
    born: date | None
    address: tuple[str, str, str] | None = None  # line 1, town, postcode
    phone: str = ""
    email: str = ""
    aliases: tuple[str, ...] = ()
    handles: tuple[tuple[str, str], ...] = ()
    services: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


LINCOLN = "Lincoln"
CUSTOMERS = [
    DemoCustomer(
        "Margaret",
        "Ellison",
        date(1958, 4, 12),
        ("14 Newport", LINCOLN, "LN1 3DF"),
        "07700 900101",
        "m.ellison@example.com",
        services=("Council tax", "Libraries"),
        extra={"adjustment": ("large-print", "")},
    ),
    DemoCustomer(
        "Darren",
        "Whitlock",
        date(1979, 11, 3),
        ("7 Monks Road", LINCOLN, "LN2 5HP"),
        "07700 900102",
        "dwhitlock@example.net",
        aliases=("Daz Whitlock",),
        handles=(("Facebook", "dazwhitlock79"),),
        services=("Housing options and homelessness", "Benefits"),
    ),
    DemoCustomer(
        "Aisha",
        "Rahman-Clarke",
        date(1991, 2, 28),
        ("Flat 3, 22 High Street", LINCOLN, "LN5 8AB"),
        "01632 960103",
        "aisha.rc@example.org",
        services=("Council tax", "Parking"),
    ),
    DemoCustomer(
        "Tomasz",
        "Nowak",
        date(1984, 7, 19),
        ("31 Portland Street", LINCOLN, "LN5 7JZ"),
        "07700 900104",
        services=("Benefits",),
        extra={"adjustment": ("interpreter", "Polish")},
    ),
    DemoCustomer(
        "Bernard",
        "Featherstonehaugh-Smythe",
        date(1949, 9, 30),
        ("The Old Rectory, Church Lane", "Nettleham", "LN2 2PF"),
        "01632 960105",
        "bfs@example.com",
        services=("Planning",),
        extra={"representative": ("Cllr Jane Pilling", "councillor", "elected-member")},
    ),
    DemoCustomer(
        "Kelly",
        "Marsden",
        date(1988, 1, 5),
        ("9 Hermit Street", LINCOLN, "LN5 8HQ"),
        "07700 900106",
        "kelly.marsden@example.co.uk",
        handles=(("X", "kmarsden88"),),
        services=("Housing options and homelessness", "Waste and recycling"),
    ),
    DemoCustomer(
        "Lee",
        "Marsden",
        date(1986, 6, 21),
        ("9 Hermit Street", LINCOLN, "LN5 8HQ"),
        "07700 900107",
        services=("Waste and recycling",),
    ),
    DemoCustomer(
        "Gareth",
        "Pryce",
        date(1972, 3, 14),
        None,
        "07700 900108",
        services=("Housing options and homelessness", "Benefits"),
        extra={
            "no_fixed_abode": True,
            "safeguarding": (
                "Has spoken of ending his life when his benefit claim was refused. "
                "Referred to the Rough Sleeper Outreach Team on the day."
            ),
        },
    ),
    DemoCustomer(
        "Priya",
        "Venkataraman",
        date(1995, 12, 1),
        ("56 Burton Road", LINCOLN, "LN1 3LB"),
        email="priya.v@example.com",
        services=("Leisure",),
    ),
    DemoCustomer(
        "Stephen",
        "Appleyard",
        date(1966, 8, 8),
        ("2 Carholme Road", LINCOLN, "LN1 1RP"),
        "01632 960110",
        "steve.appleyard@example.net",
        services=("Environmental health", "Council tax"),
        extra={
            "representative": ("Lincoln Advocacy Hub (Sam Patel)", "advocate", "consent"),
            "adjustment": ("advocate", "Sam Patel from Lincoln Advocacy Hub attends meetings"),
        },
    ),
    DemoCustomer(
        "Jodie",
        "Hargreaves",
        date(2001, 5, 17),
        ("18 Sincil Bank", LINCOLN, "LN5 8EH"),
        "07700 900111",
        handles=(("Instagram", "jodie.h01"),),
        services=("Benefits",),
    ),
    DemoCustomer(
        "Ronald",
        "Beckwith",
        date(1940, 10, 22),
        ("Apartment 12, Minster Court", LINCOLN, "LN2 1PX"),
        "01632 960112",
        services=("Council tax", "Libraries"),
        extra={
            "adjustment": ("hearing-loop", ""),
            "representative": ("Susan Beckwith", "family", "lasting-power-of-attorney"),
        },
    ),
    DemoCustomer(
        "Chloe",
        "Dawson",
        date(1993, 4, 2),
        ("44 Yarborough Road", LINCOLN, "LN1 1HS"),
        "07700 900113",
        "chloe.dawson@example.com",
        services=("Parking",),
    ),
    DemoCustomer(
        "Mohammed",
        "Iqbal",
        date(1981, 9, 9),
        ("120 Wragby Road", LINCOLN, "LN2 4PX"),
        "07700 900114",
        "m.iqbal@example.org",
        services=("Planning", "Council tax"),
        extra={
            "equality": {
                "age_band": "35 to 44",
                "sex": "Male",
                "ethnicity": "Asian or Asian British: Pakistani",
                "religion_or_belief": "Muslim",
            }
        },
    ),
    DemoCustomer(
        "Shannon",
        "Connolly",
        date(1998, 11, 11),
        ("6 Ripon Street", LINCOLN, "LN5 7NF"),
        "07700 900115",
        services=("Housing options and homelessness",),
        extra={"adjustment": ("easy-read", "")},
    ),
    DemoCustomer(
        "Graham",
        "Tuckwell",
        date(1963, 2, 19),
        ("81 Skellingthorpe Road", LINCOLN, "LN6 7RD"),
        "01632 960116",
        "g.tuckwell@example.co.uk",
        handles=(("Facebook", "graham.tuckwell.lincs"),),
        services=("Waste and recycling", "Planning", "Environmental health"),
    ),
    DemoCustomer(
        "Amelia",
        "Fairbairn-Lowe",
        date(1976, 7, 7),
        ("The Granary, Mill Lane", "Saxilby", "LN1 2QD"),
        email="amelia.fl@example.com",
        services=("Planning",),
        extra={
            "representative": ("Hughes & Rowe Solicitors (Daniel Rowe)", "solicitor", "consent")
        },
    ),
    DemoCustomer(
        "Wayne",
        "Scrimshaw",
        date(1970, 1, 30),
        ("3 Ermine Close", LINCOLN, "LN2 2HU"),
        "07700 900118",
        services=("Benefits", "Housing options and homelessness"),
        extra={"adjustment": ("preferred-channel", "Email only: finds phone calls distressing")},
    ),
    DemoCustomer(
        "Fatima",
        "Okonkwo",
        date(1987, 3, 23),
        ("27 Rasen Lane", LINCOLN, "LN1 3HB"),
        "07700 900119",
        "fatima.okonkwo@example.net",
        services=("Council tax",),
        extra={"equality": {"age_band": "35 to 44", "sex": "Female", "disability": "Yes"}},
    ),
    DemoCustomer(
        "Ian",
        "Cartwright",
        date(1955, 12, 24),
        ("10 Long Leys Road", LINCOLN, "LN1 1DX"),
        "01632 960120",
        services=("Libraries", "Leisure"),
    ),
    DemoCustomer(
        "Natalie",
        "Greenhalgh",
        date(1990, 8, 14),
        ("65 St Catherines", LINCOLN, "LN5 8LY"),
        "07700 900121",
        "nat.greenhalgh@example.com",
        aliases=("Natalie Booth",),
        services=("Council tax", "Parking"),
    ),
    DemoCustomer(
        "Callum",
        "McAllister",
        date(1999, 10, 4),
        ("Flat 8, 4 Tritton Road", LINCOLN, "LN6 7QY"),
        "07700 900122",
        handles=(("TikTok", "callum_mca"),),
        services=("Benefits",),
    ),
    DemoCustomer(
        "Dorothy",
        "Quibell",
        date(1938, 5, 29),
        ("1 Bailgate", LINCOLN, "LN1 3AP"),
        "01632 960123",
        services=("Council tax",),
        extra={"adjustment": ("large-print", "")},
    ),
    DemoCustomer(
        "Kieran",
        "Blanchard",
        date(1982, 4, 16),
        ("52 Boultham Park Road", LINCOLN, "LN6 7SS"),
        "07700 900124",
        "kblanchard@example.org",
        services=("Environmental health", "Waste and recycling"),
    ),
    DemoCustomer(
        "Zofia",
        "Kaminska-Reid",
        date(1975, 9, 1),
        ("19 Vernon Street", LINCOLN, "LN5 7QB"),
        "07700 900125",
        "zofia.kr@example.com",
        services=("Housing options and homelessness", "Council tax"),
    ),
]


def load_services() -> list[CouncilService]:
    """The catalogue entries not there yet, each with a demo mailbox its restrictions go to."""
    added = []
    for name, mandatory in SERVICES:
        if not CouncilService.objects.filter(name=name).exists():
            service = services.add_council_service(name=name, is_mandatory=mandatory, by=None)
            mailbox = f"{service.slug[:40]}@council.example"
            services.set_service_contacts(service, contacts=[], mailbox=mailbox, by=None)
            added.append(service)
    return added


@writes
def load() -> list[Customer]:
    """Add the demo catalogue and customers that are missing; running twice adds nothing."""
    load_services()
    added = []
    for demo in CUSTOMERS:
        exists = Customer.objects.filter(
            given_names=demo.given_names, family_name=demo.family_name, date_of_birth=demo.born
        ).exists()
        if not exists:
            added.append(add_demo_customer(demo))
    if added:
        link_households()
    return added


def add_demo_customer(demo: DemoCustomer) -> Customer:
    line_1, town, postcode = demo.address or ("", "", "")
    no_fixed_abode = demo.extra.get("no_fixed_abode", False)
    customer = services.create_customer(
        by=None,
        given_names=demo.given_names,
        family_name=demo.family_name,
        date_of_birth=demo.born,
        address_line_1=line_1,
        town=town,
        postcode=postcode,
        phone=demo.phone,
        email=demo.email,
        no_fixed_abode=no_fixed_abode,
        collection_point="Customer services reception, Guildhall" if no_fixed_abode else "",
    )
    add_linked_items(customer, demo)
    return customer


def add_linked_items(customer: Customer, demo: DemoCustomer) -> None:
    today = timezone.localdate()
    for alias in demo.aliases:
        services.add_alias(customer, name=alias, by=None)
    for platform, handle in demo.handles:
        services.add_social_media_handle(customer, platform=platform, handle=handle, by=None)
    for name in demo.services:
        service = CouncilService.objects.get(name=name)
        services.record_service_received(customer, service=service, by=None)
    if adjustment := demo.extra.get("adjustment"):
        kind, detail = adjustment
        services.add_adjustment(
            customer,
            kind=kind,
            detail=detail,
            agreed_on=today - timedelta(days=90),
            review_on=today + timedelta(days=275),
            by=None,
        )
    if representative := demo.extra.get("representative"):
        name, kind, basis = representative
        services.add_representative(
            customer,
            name=name,
            kind=kind,
            lawful_basis=basis,
            given_on=today - timedelta(days=60),
            review_on=today + timedelta(days=305),
            by=None,
        )
    if note := demo.extra.get("safeguarding"):
        services.add_safeguarding_note(customer, note=note, by=None)
    if answers := demo.extra.get("equality"):
        services.record_equality_monitoring(
            customer, given_on=today - timedelta(days=30), by=None, **answers
        )


def link_households() -> None:
    """Kelly and Lee Marsden share 9 Hermit Street."""
    kelly = Customer.objects.filter(given_names="Kelly", family_name="Marsden").first()
    lee = Customer.objects.filter(given_names="Lee", family_name="Marsden").first()
    if kelly and lee and not kelly.household_links.filter(member=lee).exists():
        services.link_household_member(kelly, lee, relationship="Partner", by=None)
