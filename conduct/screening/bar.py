"""The restrictions' part of the identity bar (conduct/customers/identity.py), added in
ScreeningConfig.ready: each live restriction by name, or the way to make contact where it
limits the channels, and its terms."""

from django.http import HttpRequest
from markupsafe import Markup

from conduct.customers.identity import BarPart, Params
from conduct.customers.models import Customer
from conduct.screening.services import RestrictionNotice, live_restrictions

LINE = Markup('<span class="govuk-!-display-block govuk-!-margin-top-2">{}</span>')


def read(request: HttpRequest, customer: Customer) -> list[RestrictionNotice]:
    return live_restrictions([customer.pk]).get(customer.pk, [])


def restriction_line(notice: RestrictionNotice) -> Markup:
    covers = ", ".join(notice.services)
    terms = "; ".join(notice.terms)
    text = f"Restriction: {notice.type} ({covers})" + (f": {terms}" if terms else "")
    return LINE.format(text)


def restriction_badge(notice: RestrictionNotice) -> Params:
    """The restriction by name, or, where it limits the channels, the way to make contact."""
    if notice.contact_by:
        return {"text": f"Contact by {notice.contact_by} only", "classes": "moj-badge--black"}
    return {"text": f"Restriction: {notice.type}", "classes": "moj-badge--black"}


def badges(restrictions: list[RestrictionNotice]) -> list[Params]:
    return [restriction_badge(notice) for notice in restrictions]


def handling(restrictions: list[RestrictionNotice]) -> Markup:
    return Markup("").join(restriction_line(notice) for notice in restrictions)


RESTRICTIONS = BarPart("restrictions", read, badges, handling)
