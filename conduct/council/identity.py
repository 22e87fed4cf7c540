"""The council's details as letters and pages read them: one typed value, never the model.

`current()` reads the saved row; a deployment that has not saved the page yet may give the
same facts in settings.COUNCIL (a dict with the model's field names). Letters run in a
sandbox and see only this value.
"""

import base64
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.conf import settings

from conduct.council.models import CouncilDetails


def lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class Council:
    """Who the council is and how a customer reaches it."""

    name: str = ""
    address: str = ""
    logo: bytes = b""
    logo_type: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    appeals_address: str = ""
    appeals_email: str = ""
    dpo_email: str = ""
    dpo_phone: str = ""
    ico_registration: str = ""
    service_desk_email: str = ""
    service_desk_phone: str = ""
    accessibility_prepared_on: date | None = None
    accessibility_reviewed_on: date | None = None
    accessibility_problems: str = ""
    accessibility_manual_checks: str = ""

    @property
    def address_lines(self) -> tuple[str, ...]:
        return lines(self.address)

    @property
    def appeals_address_lines(self) -> tuple[str, ...]:
        """Where to write to appeal: its own address where the council gives one."""
        return lines(self.appeals_address) or self.address_lines

    @property
    def appeals_to(self) -> str:
        """The email address for appeals: its own where the council gives one."""
        return self.appeals_email or self.email

    @property
    def logo_url(self) -> str:
        """The logo as a data URL, which both the browser's policy and the PDF maker allow."""
        if not self.logo:
            return ""
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode()}"

    @property
    def contact_routes(self) -> tuple[str, ...]:
        """How to reach the council, in words: phone, email, website."""
        found = []
        if self.phone:
            found.append(f"phone {self.phone}")
        if self.email:
            found.append(f"email {self.email}")
        if self.website:
            found.append(f"website {self.website}")
        return tuple(found)


NAMES = tuple(f.name for f in fields(Council))


def of(row: CouncilDetails) -> Council:
    values: dict[str, Any] = {name: getattr(row, name) for name in NAMES}
    values["logo"] = bytes(row.logo or b"")
    return Council(**values)


def current() -> Council:
    """The saved details, else settings.COUNCIL, else nothing set (every field blank)."""
    row = CouncilDetails.objects.filter(pk=1).first()
    if row is not None:
        return of(row)
    given = getattr(settings, "COUNCIL", None) or {}
    return Council(**{k: v for k, v in given.items() if k in NAMES})


# What a letter needs -----------------------------------------------------------------------------

ROUTE_NAMES = {
    "name": "the council’s name",
    "address": "the council’s postal address",
    "phone": "the council’s phone number",
    "email": "the council’s email address",
    "appeals_address": "the postal address for appeals",
    "appeals_email": "the email address for appeals",
}


def missing(council: Council, needed: set[str]) -> list[str]:
    """The contact routes needed that the council has not given, in words, in a fixed order."""
    have = {
        "name": bool(council.name),
        "address": bool(council.address_lines),
        "phone": bool(council.phone),
        "email": bool(council.email),
        "appeals_address": bool(council.appeals_address_lines),
        "appeals_email": bool(council.appeals_to),
    }
    return [ROUTE_NAMES[k] for k in ROUTE_NAMES if k in needed and not have[k]]
