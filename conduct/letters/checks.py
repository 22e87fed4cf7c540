"""The required-element check run before approval (F1, F2, West Lindsey 11.4).

The pack names the elements each letter type must contain. The template marks
each with `data-element="<id>"`; the check parses the rendered letter, finds
each element, and also looks for the content that matters inside it: the
reasons, the dates, the right Ombudsman (or two), the policy and its version.
Anything missing is named in the pack's own words.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import html as lxml_html

from conduct.council.identity import missing as missing_routes
from conduct.letters.context import LetterContext, day
from conduct.policy.schema import PolicyPackFile


@dataclass(frozen=True)
class Missing:
    element: str
    sentence: str


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def sections(body: str) -> dict[str, str]:
    """Each marked element's text, by its id."""
    tree = lxml_html.fragment_fromstring(body, create_parent="div")
    found: dict[str, str] = {}
    for node in tree.xpath("//*[@data-element]"):
        element = str(node.get("data-element"))
        found[element] = found.get(element, "") + " " + flat(node.text_content())
    return found


Expect = Callable[[LetterContext], list[tuple[str, str]]]


def reasons(c: LetterContext) -> list[tuple[str, str]]:
    return [(c.reasons, "the reasons given for the decision")] if c.reasons.strip() else []


def example_dates(c: LetterContext) -> list[tuple[str, str]]:
    return [(day(e.on), f"the example from {day(e.on)}") for e in c.examples]


def behaviour(c: LetterContext) -> list[tuple[str, str]]:
    return reasons(c) + example_dates(c)


def decision_date(c: LetterContext) -> list[tuple[str, str]]:
    when = day(c.decided_on or c.dated)
    return [(when, f"the date {when}")]


def review_dates(c: LetterContext) -> list[tuple[str, str]]:
    dates = [r.review_on for r in c.restrictions if r.review_on]
    if c.review is not None:
        dates = [c.review.next_review_on] if c.review.next_review_on else []
    return [(day(d), f"the review date {day(d)}") for d in dates]


def monitoring(c: LetterContext) -> list[tuple[str, str]]:
    if c.warning is not None:
        until = day(c.warning.monitoring_until)
        return [(until, f"the end of the monitoring period, {until}")]
    return review_dates(c)


def ombudsmen(c: LetterContext) -> list[tuple[str, str]]:
    return [(o.name, f"the {o.name}") for o in c.ombudsmen]


def policy(c: LetterContext) -> list[tuple[str, str]]:
    return [
        (c.policy.title, f"the policy’s name, {c.policy.title}"),
        (f"version {c.policy.version}", f"the policy version, {c.policy.version}"),
    ]


def challenge(c: LetterContext) -> list[tuple[str, str]]:
    when = day(c.challenge_by)
    return (
        [(when, f"the last day to challenge it, {when}")] if c.challenge_by and not c.marker else []
    )


def actions(c: LetterContext) -> list[tuple[str, str]]:
    return [(r.name, f"the restriction “{r.name}”") for r in c.restrictions]


def scopes(c: LetterContext) -> list[tuple[str, str]]:
    return [(r.scope, f"the scope of “{r.name}”") for r in c.restrictions]


def review_outcome(c: LetterContext) -> list[tuple[str, str]]:
    if c.review is None:
        return [("\0", "the review’s outcome")]
    return [(c.review.reasons, "the review’s reasons")] if c.review.reasons else []


def appeal_outcome(c: LetterContext) -> list[tuple[str, str]]:
    if c.appeal is None or not c.appeal.outcome:
        return [("\0", "the appeal’s outcome")]
    return [(c.appeal.reasons, "the appeal’s reasons")]


def appeal_received(c: LetterContext) -> list[tuple[str, str]]:
    if c.appeal is None:
        return [("\0", "the appeal")]
    return [(day(c.appeal.received_on), "the day the appeal was received")]


def marker(c: LetterContext) -> list[tuple[str, str]]:
    if c.marker is None:
        return [("\0", "the warning marker")]
    return [(c.marker.category, f"the marker’s category, {c.marker.category}")]


EXPECTED: dict[str, Expect] = {
    "behaviour": behaviour,
    "unreasonable-actions": reasons,
    "why": reasons,
    "examples": example_dates,
    "date": decision_date,
    "duration-and-review": review_dates,
    "duration": review_dates,
    "review-timing": review_dates,
    "monitoring-period": monitoring,
    "ombudsman": ombudsmen,
    "complaints-and-ombudsman": ombudsmen,
    "policy-version": policy,
    "policy-applied": lambda c: policy(c)[:1],
    "challenge": challenge,
    "action": actions,
    "scope": scopes,
    "review-outcome": review_outcome,
    "appeal-outcome": appeal_outcome,
    "appeal-received": appeal_received,
    "marker-notice": marker,
}


def check(pack: PolicyPackFile, context: LetterContext, body: str) -> list[Missing]:
    """Every required element the letter lacks, or whose key content is not in it."""
    found = sections(body)
    missing = []
    for element_id in context.elements:
        element = pack.letter_element(element_id)
        name = element.text if element else element_id
        text = found.get(element_id)
        if text is None:
            missing.append(Missing(element_id, f"The letter does not say: {lower(name)}"))
            continue
        for needle, what in EXPECTED.get(element_id, lambda c: [])(context):
            if flat(needle) not in text:
                missing.append(Missing(element_id, f"“{name}” does not give {what}"))
    return missing


def lower(text: str) -> str:
    return text[:1].lower() + text[1:]


# Before approval, besides the elements ------------------------------------------------------

# Where an element tells the customer to write, phone, email or appeal, the routes it prints.
ROUTES_NEEDED = {
    "challenge": {"appeals_address", "appeals_email"},
    "complaints-and-ombudsman": {"phone", "email"},
    "adjustments-check": {"phone", "email"},
}
# Missing.element for what stops approval other than an element the pack requires.
NOT_READY = {"council-details", "signature", "deadline"}


def ready(c: LetterContext) -> list[Missing]:
    """What stops approval other than the pack's elements: a contact route the letter needs
    that the council has not given, a signing post nobody holds, a date already past."""
    return council_routes(c) + signatory(c) + deadlines(c)


def council_routes(c: LetterContext) -> list[Missing]:
    needed = {"name", "address"}.union(*(ROUTES_NEEDED.get(e, set()) for e in c.elements))
    gaps = missing_routes(c.council, needed)
    if not gaps:
        return []
    listed = gaps[0] if len(gaps) == 1 else ", ".join(gaps[:-1]) + " and " + gaps[-1]
    return [
        Missing(
            "council-details",
            f"The letter needs {listed}: an administrator can add "
            f"{'it' if len(gaps) == 1 else 'them'} on the council details page.",
        )
    ]


def signatory(c: LetterContext) -> list[Missing]:
    post = c.signature.unheld_post
    if not post:
        return []
    return [
        Missing(
            "signature",
            f"Nobody holds the post {post}, which signs {c.type_name.lower()} letters: give "
            "the post to a member of staff, or choose another post to sign them.",
        )
    ]


def deadlines(c: LetterContext) -> list[Missing]:
    """Dates the letter gives the customer that are already past on the letter's date."""
    dated = day(c.dated)
    found = []
    if c.challenge_by and c.challenge_by < c.dated and not c.marker:
        found.append(
            Missing(
                "deadline",
                f"The last day to appeal, {day(c.challenge_by)}, is before the letter’s date, "
                f"{dated}.",
            )
        )
    reviews = [(r.name, r.review_on) for r in c.restrictions if r.in_force and r.review_on]
    if c.review is not None and c.review.next_review_on:
        named = c.restrictions[0].name if c.restrictions else "the restriction"
        reviews = [(named, c.review.next_review_on)]
    found += [
        Missing(
            "deadline",
            f"The review of “{name}” was due on {day(when)}, before the letter’s date, {dated}: "
            "complete the review, or set a new review date, first.",
        )
        for name, when in reviews
        if when < c.dated
    ]
    return found
