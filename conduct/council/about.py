"""What the accessibility statement and the help page say, from what the system knows.

The accessibility statement follows the GOV.UK model statement's headings. What only the
council can say (when it prepared and reviewed the statement, problems it knows of, how to
reach it) comes from the council's details.
"""

import json
from datetime import date
from typing import Any

from django.conf import settings

from conduct.accounts.roles import Role
from conduct.core.start_page import headings_for
from conduct.council.identity import Council
from conduct.council.identity import lines as split_lines
from conduct.policy.models import PolicyPack

WCAG = "Web Content Accessibility Guidelines version 2.2 AA standard"
REGULATIONS = (
    "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018"
)


def axe_version() -> str:
    """The axe-core version the browser tests run, as package.json pins it."""
    try:
        found = json.loads((settings.BASE_DIR / "package.json").read_text())
    except (OSError, ValueError):
        return ""
    return str(found.get("devDependencies", {}).get("axe-core", ""))


def day(value: date | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def accessibility(council: Council) -> dict[str, Any]:
    """The statement's facts for the page."""
    problems = split_lines(council.accessibility_problems)
    return {
        "council": council,
        "council_name": council.name or "The council",
        "problems": problems,
        "manual_checks": split_lines(council.accessibility_manual_checks),
        "compliance": "partially" if problems else "fully",
        "wcag": WCAG,
        "regulations": REGULATIONS,
        "roles": len(Role),
        "axe_version": axe_version(),
        "prepared_on": day(council.accessibility_prepared_on),
        "reviewed_on": day(council.accessibility_reviewed_on),
    }


def start_pages() -> list[dict[str, Any]]:
    """Each role, and what its start page shows."""
    return [{"role": role.label, "sections": headings_for(role)} for role in Role]


def documents() -> list[dict[str, str]]:
    """The documents the policy in force rests on: its title and where to find it."""
    pack = PolicyPack.objects.filter(is_active=True).first()
    if pack is None:
        return []
    return [{"title": d.title, "reference": d.reference or ""} for d in pack.file.documents]


def help_for(council: Council) -> dict[str, Any]:
    return {"council": council, "start_pages": start_pages(), "documents": documents()}
