"""The policy page's content, as parameters for GOV.UK components.

Built here rather than in the template so the template stays a few lines and
every piece of pack text passes through Django's escaping before it is marked safe.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime

from conduct.accounts.roles import Role
from conduct.policy import schema
from conduct.policy.models import PolicyPack
from conduct.policy.schema import Item, PolicyPackFile

Cell = dict[str, Any]
OPENING_DOUBLE = re.compile(r'(^|[\s(\[])"')
OPENING_SINGLE = re.compile(r"(^|[\s(\[])'")


@dataclass(frozen=True)
class PageSection:
    """A heading and the table under it."""

    id: str
    heading: str
    table: dict[str, Any]
    note: str = ""


def identity_rows(pack: PolicyPack) -> list[dict[str, Any]]:
    """Which pack this is and where it came from, for a summary list."""
    info = pack.file.pack
    loaded = format_date(localtime(pack.loaded_at), "j F Y")
    if pack.loaded_by:
        loaded += f" by {pack.loaded_by.get_full_name()}"
    rows: list[tuple[str, str]] = [
        ("Policy", info.title),
        ("Council", info.council),
        ("Pack and version", f"{pack.pack_id}, version {pack.version}"),
        ("Loaded", loaded),
    ]
    if info.adopted_on:
        rows.append(("Adopted", format_date(info.adopted_on, "j F Y")))
    return [{"key": {"text": key}, "value": {"text": curly_quotes(value)}} for key, value in rows]


def sections(pack: PolicyPackFile) -> list[PageSection]:
    return [
        settings_section(pack),
        decision_bodies_section(pack),
        ladder_section(pack),
        outcomes_section(pack),
        behaviour_section(pack),
        staff_actions_section(pack),
        restrictions_section(pack),
        grounds_section(pack),
        letters_section(pack),
        notifications_section(pack),
        markers_section(pack),
    ]


def settings_section(pack: PolicyPackFile) -> PageSection:
    review, appeal, ladder = pack.review, pack.appeal, pack.ladder
    immediate = pack.immediate_restriction
    rows: list[tuple[str, str, Item]] = [
        ("Review", review_text(review), review),
        ("Appeal", appeal_text(pack), appeal),
        ("Warning before restriction", warning_text(ladder.warning_before_restriction), ladder),
        ("Restriction without a warning", immediate_text(pack), immediate),
        (
            "Ombudsman",
            " and ".join(schema.OMBUDSMAN_NAMES[o] for o in pack.ombudsman.signpost),
            pack.ombudsman,
        ),
        (
            "Working days",
            f"Bank holidays in {schema.CALENDAR_NAMES[pack.calendar.working_days]}",
            pack.calendar,
        ),
    ]
    if pack.coverage is not None:
        rows.append(("Who the policy covers", coverage_text(pack.coverage), pack.coverage))
    always = [rule for rule in pack.markers.rules if rule.mandatory]
    if always:
        first = always[0]
        source = first if first.clause or first.model_default else pack.markers
        rows.append(("Markers always noted", and_list(r.name for r in always), source))
    table_rows = [
        [{"text": name}, {"text": text}, source_cell(pack, item)] for name, text, item in rows
    ]
    return PageSection(
        "settings",
        "Main settings",
        table("Main settings", ["Setting", "What the policy says", "Source"], table_rows),
    )


def coverage_text(coverage: schema.Coverage) -> str:
    """Whom the policy protects, whom it leaves out, and where an incident outside it goes."""
    names = schema.PROTECTED_NAMES
    text = sentence_case(and_list(names[p] for p in coverage.protects))
    if coverage.excludes_behaviour_towards:
        excluded = and_list(names[p] for p in coverage.excludes_behaviour_towards)
        text += f". Not behaviour towards {excluded}"
    route = coverage.outside_coverage_route
    return f"{text}. {route}" if route else text


def review_text(review: schema.Review) -> str:
    return (
        f"Every restriction is reviewed after {months(review.interval_months)}. Each extension "
        f"adds up to {months(review.extension_months)}. Never more than "
        f"{months(review.longest_interval_months)} without a fresh decision, and "
        f"{months(review.maximum_duration_months)} at most in all."
    )


def appeal_text(pack: PolicyPackFile) -> str:
    appeal = pack.appeal
    return (
        f"Within {appeal.window_working_days} working days of the decision, to the "
        f"{body_name(pack, appeal.decided_by)}. Decided within "
        f"{appeal.decision_working_days} working days."
    )


def warning_text(warning_first: bool) -> str:
    if warning_first:
        return "Yes: a written warning comes first, except on the grounds below"
    return "No: a restriction may be imposed without a warning first"


def immediate_text(pack: PolicyPackFile) -> str:
    immediate = pack.immediate_restriction
    return (
        f"Imposed by someone with the role {or_list(role_noun(r) for r in immediate.imposed_by)}."
        f" Confirmed by the {body_name(pack, immediate.ratified_by)} within "
        f"{immediate.ratify_within_working_days} working days."
    )


def decision_bodies_section(pack: PolicyPackFile) -> PageSection:
    rows: list[list[Cell]] = [
        [
            {"text": body.name},
            {"html": bullets(f"{m.title} ({role_label(m.role)})" for m in body.members)},
            {"text": str(body.minimum_members), "format": "numeric"},
            source_cell(pack, body, pack.decision_making),
        ]
        for body in pack.decision_making.bodies
    ]
    head = ["Decision body", "Members", "Members needed to decide", "Source"]
    return PageSection("decision-bodies", "Who decides", table("Who decides", head, rows))


def ladder_section(pack: PolicyPackFile) -> PageSection:
    rows: list[list[Cell]] = [
        [
            {"text": f"{number}. {step.name}"},
            {"text": step_taken_by(pack, step)},
            {"html": bullets(outcome_name(pack, o) for o in step.outcomes)},
            source_cell(pack, step, pack.ladder),
        ]
        for number, step in enumerate(pack.ladder.steps, start=1)
    ]
    head = ["Step", "Who takes it", "What they can decide", "Source"]
    return PageSection(
        "ladder", "How a concern escalates", table("How a concern escalates", head, rows)
    )


def step_taken_by(pack: PolicyPackFile, step: schema.LadderStep) -> str:
    takers = [sentence_case(or_list(role_noun(role) for role in step.roles))]
    if step.decision_body:
        takers.append(f"The {body_name(pack, step.decision_body)}")
    return " or ".join(taker for taker in takers if taker)


def outcomes_section(pack: PolicyPackFile) -> PageSection:
    rows: list[list[Cell]] = [
        [{"text": o.name}, {"text": o.description or ""}, source_cell(pack, o, pack.outcomes)]
        for o in pack.outcomes.available
    ]
    return PageSection(
        "outcomes", "Outcomes", table("Outcomes", ["Outcome", "What it means", "Source"], rows)
    )


def behaviour_section(pack: PolicyPackFile) -> PageSection:
    rows: list[list[Cell]] = [
        [{"text": c.name}, {"html": bullets(c.examples)}, source_cell(pack, c, pack.behaviour)]
        for c in pack.behaviour.categories
    ]
    return PageSection(
        "behaviour",
        "Behaviour categories",
        table("Behaviour categories", ["Category", "Examples", "Source"], rows),
    )


def staff_actions_section(pack: PolicyPackFile) -> PageSection:
    actions = pack.staff_actions
    rows: list[list[Cell]] = [
        [{"text": a.name}, source_cell(pack, a, actions)] for a in actions.actions
    ]
    heading = "What any member of staff may do straight away"
    note = f"Afterwards: {curly_quotes(actions.afterwards)}" if actions.afterwards else ""
    return PageSection("staff-actions", heading, table(heading, ["Action", "Source"], rows), note)


def restrictions_section(pack: PolicyPackFile) -> PageSection:
    rows: list[list[Cell]] = [
        [
            name_with_description(kind.name, kind.description),
            {"html": bullets(parameter_text(p) for p in kind.parameters) or "None"},
            {"text": safeguards_text(pack, kind)},
            source_cell(pack, kind, pack.restrictions),
        ]
        for kind in pack.restrictions.types
    ]
    head = ["Restriction", "Details recorded", "Needs first", "Source"]
    return PageSection("restrictions", "Restrictions", table("Restrictions", head, rows))


def parameter_text(parameter: schema.Parameter) -> str:
    kind = schema.PARAMETER_TYPE_NAMES[parameter.type]
    if parameter.choices:
        kind += f" ({', '.join(parameter.choices)})"
    optional = "" if parameter.required else ", optional"
    return f"{parameter.label}: {kind}{optional}"


def safeguards_text(pack: PolicyPackFile, kind: schema.RestrictionType) -> str:
    needs = []
    if kind.needs_higher_authority and pack.restrictions.higher_authority:
        needs.append(f"a decision by the {body_name(pack, pack.restrictions.higher_authority)}")
    if kind.needs_legal_advice:
        needs.append("legal advice")
    if kind.needs_equality_assessment:
        needs.append("an equality and human-rights assessment")
    return sentence_case(and_list(needs)) if needs else "Nothing extra"


def grounds_section(pack: PolicyPackFile) -> PageSection:
    immediate = pack.immediate_restriction
    rows: list[list[Cell]] = [
        [{"text": g.name}, source_cell(pack, g, immediate)] for g in immediate.grounds
    ]
    heading = "Grounds for a restriction without a warning"
    return PageSection("grounds", heading, table(heading, ["Ground", "Source"], rows))


def letters_section(pack: PolicyPackFile) -> PageSection:
    rows: list[list[Cell]] = [
        [
            {"text": letter.name},
            {"html": bullets(element_text(pack, e) for e in letter.elements)},
            source_cell(pack, letter, pack.letters),
        ]
        for letter in pack.letters.types
    ]
    return PageSection(
        "letters",
        "What letters must say",
        table("What letters must say", ["Letter", "It must say", "Source"], rows),
    )


def notifications_section(pack: PolicyPackFile) -> PageSection:
    notifications = pack.notifications
    rows: list[list[Cell]] = [
        [
            {"text": team.name},
            {"html": bullets(outcome_name(pack, o) for o in team.on_outcomes)},
            source_cell(pack, team, notifications),
        ]
        for team in notifications.teams
    ]
    heading = "Teams told about decisions"
    return PageSection(
        "notifications", heading, table(heading, ["Team", "Told about", "Source"], rows)
    )


def markers_section(pack: PolicyPackFile) -> PageSection:
    rows: list[list[Cell]] = [
        [
            {"text": m.name},
            {"text": m.code},
            {"text": m.applies_to.capitalize()},
            {"text": m.default_severity.capitalize()},
            {"text": f"Every {months(m.review_months)}"},
            {"text": f"{m.retention_years} years" if m.retention_years > 1 else "1 year"},
            source_cell(pack, m, pack.markers),
        ]
        for m in pack.markers.categories
    ]
    head = ["Marker", "Code", "On a", "Usual severity", "Reviewed", "Kept for", "Source"]
    return PageSection("markers", "Warning markers", table("Warning markers", head, rows))


def table(caption: str, head: list[str], rows: list[list[Cell]]) -> dict[str, Any]:
    return {
        "caption": caption,
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [{"text": text} for text in head],
        "rows": [[curly_cell(cell) for cell in row] for row in rows],
    }


def curly_cell(cell: Cell) -> Cell:
    return {**cell, "text": curly_quotes(cell["text"])} if "text" in cell else cell


def curly_quotes(text: str) -> str:
    """Pack files are typed with straight quotes; GOV.UK style prints curly ones."""
    text = OPENING_DOUBLE.sub(r"\1“", text).replace('"', "”")
    return OPENING_SINGLE.sub(r"\1‘", text).replace("'", "’")


def source_cell(pack: PolicyPackFile, item: Item, section: Item | None = None) -> Cell:
    """Where a setting comes from: its own clause, else its section's."""
    if not (item.clause or item.model_default) and section is not None:
        item = section
    if item.model_default:
        return {"text": "Model default"}
    documents = {d.id: d.title for d in pack.documents}
    document = documents.get(item.document or "", "")
    if not document and pack.documents:
        document = pack.documents[0].title
    text = f"Clause {item.clause}"
    if not document:
        return {"text": text}
    html = format_html(
        '{}<span class="govuk-body-s govuk-!-display-block">{}</span>', text, curly_quotes(document)
    )
    return {"html": html}


def name_with_description(name: str, description: str | None) -> Cell:
    if not description:
        return {"text": name}
    return {
        "html": format_html(
            '{}<span class="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">{}</span>',
            curly_quotes(name),
            curly_quotes(description),
        )
    }


def bullets(lines: Iterable[str]) -> SafeString:
    items = format_html_join("", "<li>{}</li>", ((curly_quotes(line),) for line in lines))
    if not items:
        return SafeString("")
    return format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items)


def element_text(pack: PolicyPackFile, element_id: str) -> str:
    element = pack.letter_element(element_id)
    return element.text if element else element_id


def outcome_name(pack: PolicyPackFile, outcome_id: str) -> str:
    outcome = pack.outcome(outcome_id)
    return outcome.name if outcome else outcome_id


def body_name(pack: PolicyPackFile, body_id: str) -> str:
    body = pack.decision_body(body_id)
    return body.name if body else body_id


def role_label(role: Role) -> str:
    return str(Role(role).label)


def role_noun(role: Role) -> str:
    """A role's name inside a sentence: "line manager"."""
    return role_label(role).lower()


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def and_list(items: Iterable[str]) -> str:
    return joined(list(items), "and")


def or_list(items: Iterable[str]) -> str:
    return joined(list(items), "or")


def joined(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def versions_table(packs: Iterable[PolicyPack]) -> dict[str, Any]:
    """Every loaded version, for the administrators' page: what it is, and what can be done."""
    rows: list[list[Cell]] = [
        [
            name_with_description(pack.title, pack.pack_id),
            {"text": pack.version, "format": "numeric"},
            {"text": loaded_text(pack)},
            {"html": status_tag(pack)},
            {"html": version_actions(pack)},
        ]
        for pack in packs
    ]
    head = ["Policy pack", "Version", "Loaded", "Status", "Actions"]
    return table("Policy pack versions", head, rows)


def loaded_text(pack: PolicyPack) -> str:
    loaded = format_date(localtime(pack.loaded_at), "j F Y, g:i a")
    return f"{loaded} by {pack.loaded_by.get_full_name()}" if pack.loaded_by else loaded


def status_tag(pack: PolicyPack) -> SafeString:
    colour, text = ("green", "In force") if pack.is_active else ("grey", "Not in force")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def version_actions(pack: PolicyPack) -> SafeString:
    """Links whose hidden words name the version, so each reads clearly out of context."""
    hidden = f"{pack.pack_id} version {pack.version}"
    links = [("Edit", reverse("policy:edit_pack", args=[pack.pk]))]
    if not pack.is_active:
        links.append(("Put in force", reverse("policy:put_in_force", args=[pack.pk])))
    items = format_html_join(
        "",
        '<li><a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span>'
        "</a></li>",
        ((href, text, hidden) for text, href in links),
    )
    return format_html('<ul class="govuk-list">{}</ul>', items)
