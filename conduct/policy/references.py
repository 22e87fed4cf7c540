"""Checks across sections of a pack that its schema alone cannot make.

A ladder step naming a decision body that does not exist would only surface
when a case reached that step; these checks find it when the pack is loaded.
Each problem names the key holding the bad reference, using entries' ids.

A check that needs another app's vocabulary (the kinds of reasonable adjustment customers'
records use) lives in that app, which adds it with `add_check` in its AppConfig.ready:
policy imports no app above it.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from conduct.policy.errors import Problem
from conduct.policy.schema import Item, PolicyPackFile


def cross_reference_problems(pack: PolicyPackFile) -> list[Problem]:
    """Every broken reference and inconsistency in a pack that passed the schema."""
    return [
        *duplicate_ids(pack),
        *unknown_documents(pack),
        *unknown_decision_bodies(pack),
        *unknown_outcomes(pack),
        *unknown_letter_elements(pack),
        *higher_authority_problems(pack),
        *quorum_problems(pack),
        *review_problems(pack),
        *unknown_marker_categories(pack),
        *(problem for check in ADDED for problem in check(pack)),
        *unknown_posts(pack),
    ]


Check = Callable[[PolicyPackFile], Iterable[Problem]]
ADDED: list[Check] = []  # checks other apps add, in AppConfig.ready


def add_check(check: Check) -> None:
    """Run this check on every pack loaded, after the checks policy makes itself."""
    if check not in ADDED:
        ADDED.append(check)


def entries(model: BaseModel, path: str = "") -> Iterator[tuple[str, BaseModel]]:
    """Every model in the pack with its key path; list entries are named by their id."""
    yield path, model
    for name in type(model).model_fields:
        value = getattr(model, name)
        key = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel):
            yield from entries(value, key)
        elif isinstance(value, list):
            for position, child in enumerate(value, start=1):
                if isinstance(child, BaseModel):
                    label = getattr(child, "id", None) or getattr(child, "name", None)
                    yield from entries(child, f"{key}[{label or f'item {position}'}]")


def unknown(key: str, value: str, what: str, known: Iterable[str]) -> Problem:
    choices = ", ".join(f'"{k}"' for k in known) or "none"
    return Problem(
        key, f'names "{value}", but there is no {what} with that id (the ones there are: {choices})'
    )


def duplicate_ids(pack: PolicyPackFile) -> Iterator[Problem]:
    lists: dict[str, Sequence[Any]] = {
        "documents": pack.documents,
        "posts": pack.posts,
        "decision_making.bodies": pack.decision_making.bodies,
        "outcomes.available": pack.outcomes.available,
        "ladder.steps": pack.ladder.steps,
        "behaviour.categories": pack.behaviour.categories,
        "staff_actions.actions": pack.staff_actions.actions,
        "restrictions.types": pack.restrictions.types,
        "immediate_restriction.grounds": pack.immediate_restriction.grounds,
        "letters.elements": pack.letters.elements,
        "letters.types": pack.letters.types,
        "notifications.teams": pack.notifications.teams,
        "markers.categories": pack.markers.categories,
        "markers.rules": pack.markers.rules,
        "principles.sanction_only_when": pack.principles.sanction_only_when
        if pack.principles
        else [],
        "representatives.alternatives": pack.representatives.alternatives
        if pack.representatives
        else [],
    }
    for outcome in pack.outcomes.available:
        lists[f"outcomes.available[{outcome.id}].options"] = outcome.options
    for key, items in lists.items():
        yield from repeated(key, "id", [item.id for item in items])
    for kind in pack.restrictions.types:
        key = f"restrictions.types[{kind.id}].parameters"
        yield from repeated(key, "name", [parameter.name for parameter in kind.parameters])
    yield from repeated(
        "markers.categories", "code", [category.code for category in pack.markers.categories]
    )


def repeated(key: str, field: str, values: list[str]) -> Iterator[Problem]:
    for value, count in Counter(values).items():
        if count > 1:
            message = f'has {count} entries with {field} "{value}": each must be different'
            yield Problem(key, message)


def unknown_documents(pack: PolicyPackFile) -> Iterator[Problem]:
    known = [document.id for document in pack.documents]
    for path, model in entries(pack):
        if isinstance(model, Item) and model.document and model.document not in known:
            yield unknown(f"{path}.document", model.document, "entry in [[documents]]", known)


def unknown_decision_bodies(pack: PolicyPackFile) -> Iterator[Problem]:
    known = [body.id for body in pack.decision_making.bodies]
    references: list[tuple[str, str | None]] = [
        *(
            (f"ladder.steps[{step.id}].decision_body", step.decision_body)
            for step in pack.ladder.steps
        ),
        ("immediate_restriction.ratified_by", pack.immediate_restriction.ratified_by),
        ("appeal.decided_by", pack.appeal.decided_by),
        ("restrictions.higher_authority", pack.restrictions.higher_authority),
    ]
    for key, value in references:
        if value and value not in known:
            yield unknown(key, value, "decision body", known)


def unknown_outcomes(pack: PolicyPackFile) -> Iterator[Problem]:
    known = [outcome.id for outcome in pack.outcomes.available]
    for step in pack.ladder.steps:
        for value in step.outcomes:
            if value not in known:
                yield unknown(f"ladder.steps[{step.id}].outcomes", value, "outcome", known)
    for team in pack.notifications.teams:
        for value in team.on_outcomes:
            if value not in known:
                key = f"notifications.teams[{team.id}].on_outcomes"
                yield unknown(key, value, "outcome", known)


def unknown_letter_elements(pack: PolicyPackFile) -> Iterator[Problem]:
    known = [element.id for element in pack.letters.elements]
    for letter in pack.letters.types:
        for value in letter.elements:
            if value not in known:
                key = f"letters.types[{letter.id}].elements"
                yield unknown(key, value, "letter element", known)


def higher_authority_problems(pack: PolicyPackFile) -> Iterator[Problem]:
    needing = [kind.id for kind in pack.restrictions.types if kind.needs_higher_authority]
    if needing and not pack.restrictions.higher_authority:
        names = ", ".join(f'"{kind}"' for kind in needing)
        yield Problem(
            "restrictions.higher_authority",
            f"is missing: restriction types {names} need higher authority, "
            "so name the decision body that gives it",
        )


def quorum_problems(pack: PolicyPackFile) -> Iterator[Problem]:
    for body in pack.decision_making.bodies:
        if body.minimum_members > len(body.members):
            yield Problem(
                f"decision_making.bodies[{body.id}].minimum_members",
                f"is {body.minimum_members}, but the body has only {len(body.members)} members",
            )


def review_problems(pack: PolicyPackFile) -> Iterator[Problem]:
    review = pack.review
    longest, maximum = review.longest_interval_months, review.maximum_duration_months
    limits = [
        ("interval_months", review.interval_months, "longest_interval_months", longest),
        ("extension_months", review.extension_months, "longest_interval_months", longest),
        ("longest_interval_months", longest, "maximum_duration_months", maximum),
    ]
    for key, value, limit_key, limit in limits:
        if value > limit:
            yield Problem(f"review.{key}", f"is {value}, more than review.{limit_key} ({limit})")


def unknown_marker_categories(pack: PolicyPackFile) -> Iterator[Problem]:
    known = [category.id for category in pack.markers.categories]
    for rule in pack.markers.rules:
        if rule.marker not in known:
            key = f"markers.rules[{rule.id}].marker"
            yield unknown(key, rule.marker, "marker category", known)


def unknown_posts(pack: PolicyPackFile) -> Iterator[Problem]:
    """Members and ladder steps name posts the pack defines, or no one could ever hold them."""
    known = [post.id for post in pack.posts]
    for body in pack.decision_making.bodies:
        for position, member in enumerate(body.members, start=1):
            if member.post and member.post not in known:
                key = f"decision_making.bodies[{body.id}].members[item {position}].post"
                yield unknown(key, member.post, "entry in [[posts]]", known)
    for step in pack.ladder.steps:
        for value in step.posts:
            if value not in known:
                yield unknown(f"ladder.steps[{step.id}].posts", value, "entry in [[posts]]", known)
