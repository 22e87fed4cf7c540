"""The privacy notice, composed of sections, each built from what the system knows.

Every section is a function of the council's details returning a `Section`; `notice` runs
them in order. Issue 21 adds retention for every record and the DPIA's facts: add a builder
to SECTIONS (or extend `keeping`), and a category to HELD for any new kind of record. Each
category names the records it covers (app_label.Model) so a test fails if one disappears.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

from conduct.council.identity import Council


@dataclass(frozen=True)
class Section:
    """One heading of the notice: paragraphs, then a list, then paragraphs after it."""

    id: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Held:
    """A kind of information Conduct holds, whose it is, why, and the records that hold it."""

    name: str
    whose: str  # "customers" or "staff"
    why: str
    records: tuple[str, ...]


HELD = (
    Held(
        "Names, dates of birth, other names used, addresses, phone numbers, email addresses "
        "and social media accounts",
        "customers",
        "to know who a report is about and to write to them",
        (
            "customers.Customer",
            "customers.Alias",
            "customers.Address",
            "customers.PhoneNumber",
            "customers.EmailAddress",
            "customers.SocialMediaHandle",
        ),
    ),
    Held(
        "The services people receive, their household and anyone who acts for them",
        "customers",
        "to know which services a restriction covers and who to write to",
        ("customers.ServiceReceived", "customers.HouseholdLink", "customers.Representative"),
    ),
    Held(
        "Reasonable adjustments and any link between behaviour and a disability",
        "customers",
        "to meet the Equality Act 2010 duty to make reasonable adjustments",
        ("customers.Adjustment", "cases.Decision"),
    ),
    Held(
        "Reports of incidents: what happened, the words used, injuries, evidence and what "
        "staff did straight away",
        "customers",
        "to keep staff safe and to decide whether to act",
        ("incidents.Incident", "incidents.Evidence", "incidents.IncidentAction"),
    ),
    Held(
        "Warnings, cases, decisions, restrictions, reviews and appeals",
        "customers",
        "to apply the council’s policy fairly and to review every restriction",
        (
            "incidents.InformalWarning",
            "cases.Case",
            "cases.Decision",
            "cases.FormalWarning",
            "cases.Restriction",
            "cases.Review",
            "cases.Appeal",
        ),
    ),
    Held(
        "Warning markers, and who they were shared with",
        "customers",
        "to warn staff of a risk before they meet someone",
        ("alerts.Marker", "alerts.Disclosure"),
    ),
    Held(
        "Calls, emails and visits, and letters sent",
        "customers",
        "to see whether a restriction is kept to and to show what the customer was told",
        ("contacts.Contact", "contacts.Message", "letters.Letter", "letters.IssuedLetter"),
    ),
    Held(
        "Safeguarding notes and referrals (special category data)",
        "customers",
        "to protect children and adults at risk",
        ("customers.SafeguardingNote", "incidents.SafeguardingReferral"),
    ),
    Held(
        "Equality monitoring answers, given only if a person chooses to (special category data)",
        "customers",
        "to check the policy is not applied unfairly to any group",
        ("customers.EqualityMonitoring",),
    ),
    Held(
        "Names, work email addresses, job titles, roles and posts",
        "staff",
        "to let staff sign in and to know who may take each decision",
        ("accounts.User", "accounts.StaffPost"),
    ),
    Held(
        "Sign-in records and every action taken in Conduct",
        "staff",
        "to keep the service secure and to show who did what (the audit trail)",
        ("accounts.TwoFactorEnrolment", "core.AuditEvent"),
    ),
    Held(
        "Incidents staff report, injuries to staff and home visit check-ins",
        "staff",
        "to meet the council’s health and safety duties to its staff",
        ("incidents.Incident", "visits.Visit", "visits.CheckIn"),
    ),
)


def controller(council: Council) -> Section:
    name = council.name or "The council"
    paragraphs = [
        f"{name} is the data controller for the personal information held in Conduct, the "
        "service its staff use to record incidents and manage unacceptable actions by customers."
    ]
    if council.address_lines:
        paragraphs.append(f"Write to {name} at {', '.join(council.address_lines)}.")
    if council.ico_registration:
        paragraphs.append(
            f"{name} is registered with the Information Commissioner’s Office (ICO): "
            f"registration number {council.ico_registration}."
        )
    dpo = [f"email {council.dpo_email}"] if council.dpo_email else []
    dpo += [f"phone {council.dpo_phone}"] if council.dpo_phone else []
    if dpo:
        paragraphs.append(f"Contact the data protection officer: {' or '.join(dpo)}.")
    return Section("controller", "Who is responsible for your information", tuple(paragraphs))


def whose(council: Council) -> Section:
    return Section(
        "whose",
        "Whose information this notice covers",
        (
            "This notice is for the customers the council records in Conduct, the people who "
            "act for them, and the council staff who use it.",
        ),
    )


def what_we_hold(council: Council) -> Section:
    items = [f"{h.name} ({h.whose}): {h.why}" for h in HELD]
    return Section(
        "held",
        "What information we hold and why",
        ("Conduct holds:",),
        tuple(items),
        ("We only record what staff need to do their work safely and fairly.",),
    )


def lawful_basis(council: Council) -> Section:
    return Section(
        "lawful-basis",
        "Our lawful basis",
        ("We use personal information under the UK General Data Protection Regulation:",),
        (
            "public task (Article 6(1)(e)): managing unacceptable actions is part of the "
            "council’s public functions",
            "legal obligation (Article 6(1)(c)): the council’s duties under the Health and "
            "Safety at Work etc. Act 1974 and the Management of Health and Safety at Work "
            "Regulations 1999 to protect its staff",
            "for special category data (Article 9(2)(g)), substantial public interest under "
            "the Data Protection Act 2018, Schedule 1, Part 2: equality of opportunity or "
            "treatment (paragraph 8) for equality monitoring, and safeguarding of children "
            "and individuals at risk (paragraph 18) for safeguarding notes and referrals",
            "where an incident may be a crime, preventing or detecting unlawful acts "
            "(Schedule 1, paragraph 10)",
        ),
    )


def sharing(council: Council) -> Section:
    services = apps.get_model("customers", "CouncilService")
    teams = list(services.objects.filter(is_active=True).values_list("name", flat=True))
    items = []
    if teams:
        items.append(f"council teams that need to know, such as {', '.join(teams[:8])}")
    else:
        items.append("council teams that need to know")
    partners = apps.get_model("alerts", "Disclosure")
    kinds = sorted(set(partners.objects.values_list("organisation_kind", flat=True)))
    labels = dict(partners._meta.get_field("organisation_kind").choices or [])
    if kinds:
        named = ", ".join(str(labels.get(k, k)).lower() for k in kinds)
        items.append(
            f"partners a warning marker has been shared with ({named}), each time "
            "recorded with the reason and the lawful basis"
        )
    else:
        items.append(
            "partners such as the police, only where a warning marker must be "
            "shared to keep people safe, each time recorded with the reason"
        )
    subscriptions = apps.get_model("webhooks", "Subscription")
    systems = list(subscriptions.objects.filter(is_active=True).values_list("name", flat=True))
    if systems:
        items.append(f"the council’s own systems that receive updates: {', '.join(systems)}")
    items.append("the Ombudsman, if you ask them to look at a decision")
    return Section(
        "sharing",
        "Who we share it with",
        ("We share information only where we need to:",),
        tuple(items),
        ("We do not sell personal information or use it for marketing.",),
    )


def keeping(council: Council) -> Section:
    pack = apps.get_model("policy", "PolicyPack").objects.filter(is_active=True).first()
    if pack is None:
        return Section(
            "keeping",
            "How long we keep it",
            ("The council’s policy on how long records are kept applies.",),
        )
    file = pack.file
    items = [
        f"a restriction is reviewed every {file.review.interval_months} months and cannot last "
        f"longer than {file.review.maximum_duration_months} months without a fresh decision"
    ]
    items += [
        f"a warning marker for “{c.name.lower()}” is reviewed every {c.review_months} months "
        f"and kept for {c.retention_years} years"
        for c in file.markers.categories
    ]
    return Section(
        "keeping",
        "How long we keep it",
        (f"Under the council’s {file.pack.title}:",),
        tuple(items),
    )


def rights(council: Council) -> Section:
    contact = council.dpo_email or council.email
    ask = f" Contact {contact} to use them." if contact else ""
    return Section(
        "rights",
        "Your rights",
        ("You have the right to:",),
        (
            "ask for a copy of the information we hold about you",
            "ask us to correct information that is wrong",
            "ask us to delete information or to stop using it, where the law allows",
            "object to how we use your information",
        ),
        (f"A restriction never stops you asking for your information.{ask}",),
    )


def complaints(council: Council) -> Section:
    return Section(
        "complaints",
        "How to complain",
        (
            "If you are unhappy with how we have used your information, tell the data "
            "protection officer first.",
            "You can also complain to the Information Commissioner’s Office (ICO): "
            "www.ico.org.uk/make-a-complaint, phone 0303 123 1113, or write to Information "
            "Commissioner’s Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF.",
        ),
    )


SECTIONS: tuple[Callable[[Council], Section], ...] = (
    controller,
    whose,
    what_we_hold,
    lawful_basis,
    sharing,
    keeping,
    rights,
    complaints,
)


def notice(council: Council) -> list[Section]:
    """The whole notice, section by section."""
    return [build(council) for build in SECTIONS]
