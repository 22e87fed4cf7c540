"""The facts a data protection impact assessment and a privacy notice need (J6), from what
Conduct holds today: each category of personal data with how many records hold it, who
receives it, the retention rules that exist, and the processors the settings name.

The categories are the privacy notice's (`council.privacy.HELD`), so the notice and the DPIA
never disagree about what is held. Retention is honest about today: only warning markers and
a few generated copies have rules; everything else is kept until the retention schedule
(issue 21, item 3) gives it one, and says so.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Max

from conduct.accounts.roles import Role
from conduct.council.identity import current
from conduct.council.privacy import HELD


@dataclass(frozen=True)
class Fact:
    """One row of the facts: what, a few words about it, and its figure where it has one."""

    name: str
    detail: str
    figure: str = ""


@dataclass(frozen=True)
class Facts:
    categories: list[Fact]
    recipients: list[Fact]
    retention: list[Fact]
    processors: list[Fact]

    def parts(self) -> list[tuple[str, list[Fact]]]:
        return [
            ("Personal data held", self.categories),
            ("Who receives it", self.recipients),
            ("How long it is kept", self.retention),
            ("Processors", self.processors),
        ]


def model(label: str) -> Any:
    return apps.get_model(label)


def plural(label: str) -> str:
    return str(model(label)._meta.verbose_name_plural)


def categories() -> list[Fact]:
    """Each category the privacy notice names, with the rows of each record holding it."""
    found = []
    for held in HELD:
        counts = [(plural(label), model(label).objects.count()) for label in held.records]
        detail = "; ".join(f"{name}: {count:,}" for name, count in counts)
        whose = "Customers" if held.whose == "customers" else "Staff"
        found.append(
            Fact(
                f"{whose}: {held.name}",
                f"Why: {held.why}. Records: {detail}",
                f"{sum(c for _, c in counts):,}",
            )
        )
    return found


def recipients() -> list[Fact]:
    """Staff by role, partners markers were shared with, and systems that receive webhooks."""
    staff = model("accounts.User").objects.filter(is_active=True)
    found = [
        Fact(
            f"Council staff: {role.label}",
            "Sees what the role’s permissions allow",
            f"{staff.filter(groups__name=role.group_name).count():,}",
        )
        for role in Role
    ]
    shared = (
        model("alerts.Disclosure")
        .objects.values("organisation", "organisation_kind")
        .annotate(times=Count("pk"), latest=Max("created_at"))
        .order_by("organisation")
    )
    kinds = dict(model("alerts.Disclosure")._meta.get_field("organisation_kind").choices or [])
    found += [
        Fact(
            f"Partner: {row['organisation']}",
            f"{kinds.get(row['organisation_kind'], row['organisation_kind'])}; warning markers shared, "
            f"the latest on {row['latest']:%-d %B %Y}",
            f"{row['times']:,}",
        )
        for row in shared
    ]
    for subscription in (
        model("webhooks.Subscription").objects.filter(is_active=True).order_by("name")
    ):
        events = len(subscription.event_types)
        names = "with names" if subscription.include_names else "without names"
        found.append(
            Fact(
                f"System: {subscription.name}",
                f"Receives {events} kinds of event at {urlsplit(subscription.url).hostname}, {names}",
            )
        )
    return found


def hours(setting: str) -> str:
    return f"{int(getattr(settings, setting).total_seconds() // 3600)} hours"


def retention() -> list[Fact]:
    """The rules Conduct enforces today, then every other category: no rule yet."""
    pack = model("policy.PolicyPack").objects.filter(is_active=True).first()
    found = []
    if pack is not None:
        found += [
            Fact(
                f"Warning markers: {category.name}",
                f"Ended and their restricted detail removed by the nightly expire-markers job "
                f"({pack.file.pack.title})",
                f"{category.retention_years} years",
            )
            for category in pack.file.markers.categories
        ]
    found += [
        Fact(
            "Decision pack PDFs made on request",
            "Removed with their files by an hourly job",
            hours("DECISION_PACK_PDF_KEEP"),
        ),
        Fact(
            "Committee report PDFs made on request",
            "Removed by an hourly job",
            hours("COMMITTEE_REPORT_PDF_KEEP"),
        ),
        Fact(
            "Register files uploaded and not confirmed",
            "Removed by an hourly job",
            hours("UNCONFIRMED_IMPORT_MAX_AGE"),
        ),
    ]
    marked = {"alerts.Marker"}
    found += [
        Fact(
            held.name,
            "No retention rule yet: kept until the retention schedule sets one",
            "None set",
        )
        for held in HELD
        if not set(held.records) <= marked
    ]
    return found


def processors() -> list[Fact]:
    """Who processes the data for the council, as far as Conduct's settings say."""
    found = [
        Fact(
            "Email delivery",
            f"Emails to staff and customers go through the mail server {settings.EMAIL_HOST}",
        )
    ]
    if getattr(settings, "OIDC_ISSUER", ""):
        found.append(
            Fact(
                "Single sign-on", f"Staff sign in through {urlsplit(settings.OIDC_ISSUER).hostname}"
            )
        )
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    host = settings.DATABASES["default"].get("HOST") or "this server"
    found.append(Fact("Database", f"Records are stored in {engine} on {host}"))
    council = current()
    if council.dpo_email:
        found.append(Fact("Data protection officer", f"Contact {council.dpo_email}"))
    found.append(
        Fact(
            "Hosting and support",
            "Conduct does not know the council’s hosting and support contracts: add them to the DPIA",
        )
    )
    return found


def facts() -> Facts:
    return Facts(categories(), recipients(), retention(), processors())


def cell(text: str) -> str:
    # Spreadsheet programs run cells that start with these as formulas (names are typed).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_text(found: Facts) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Part", "Name", "Detail", "Figure"])
    for part, rows in found.parts():
        for fact in rows:
            writer.writerow([part, cell(fact.name), cell(fact.detail), cell(fact.figure)])
    return buffer.getvalue()
