"""Every pack's every letter type renders to a PDF holding every element the pack requires."""

import io
import re
from datetime import date

import pdfplumber
import pytest

from conduct.core.refusals import Refusal
from conduct.letters import checks, rendering, services
from conduct.letters.context import MarkerItem, Source, build_context, day
from conduct.letters.models import LetterTemplate
from conduct.letters.tests import factories

pytestmark = pytest.mark.django_db
MATRIX = [
    (pack_id, letter_type.id)
    for pack_id in factories.PACKS
    for letter_type in factories.pack_file(pack_id).letters.types
]
DRAFTABLE = [(p, t) for p, t in MATRIX if t != "marker-notice"]
MARKER = MarkerItem(
    "Verbal abuse", "You swore at staff on the phone.", date(2026, 1, 5), date(2027, 1, 5)
)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pdf.pages))


def rendered(pack_id: str, letter_type: str) -> services.Rendered:
    """The letter of the type, drafted through the service (a marker notice from its context)."""
    outcomes = factories.decided(pack_id)
    if letter_type != "marker-notice":
        return services.render(factories.letter(outcomes, letter_type))
    source = Source(
        letter_type, outcomes.case.customer, outcomes.case.policy_pack.file, marker=MARKER
    )
    context = build_context(source)
    template = services.current_template(pack_id, letter_type)
    body = rendering.render_body(template.source, context)
    return services.Rendered(context, body, rendering.render_page(context, body))


@pytest.mark.parametrize(("pack_id", "letter_type"), MATRIX)
def test_the_pdf_says_every_required_element(pack_id: str, letter_type: str) -> None:
    """The check passes and the PDF text holds each element's key content, headings and dates."""
    letter = rendered(pack_id, letter_type)
    pack = factories.pack(pack_id).file
    assert checks.check(pack, letter.context, letter.body) == []
    text = pdf_text(rendering.pdf_bytes(letter.page))
    for element_id in letter.context.elements:
        for needle, what in checks.EXPECTED.get(element_id, lambda c: [])(letter.context):
            assert checks.flat(needle) in text.lower(), f"{element_id}: {what} not in the PDF"
    if "policy-version" in letter.context.elements:
        assert f"version {pack.pack.version}" in text


def without(source: str, element_id: str) -> str:
    return source.replace(
        "{% for id in c.elements %}", f"{{% for id in c.elements if id != '{element_id}' %}}"
    )


@pytest.mark.parametrize(("pack_id", "letter_type"), DRAFTABLE)
def test_a_template_missing_an_element_is_refused_at_approval(
    pack_id: str, letter_type: str
) -> None:
    """Take the last required element out of the template: approval names it and refuses."""
    outcomes = factories.decided(pack_id)
    letter = factories.letter(outcomes, letter_type)
    pack = factories.pack(pack_id).file
    missing = next(t for t in pack.letters.types if t.id == letter_type).elements[-1]
    source = without(letter.template.source, missing)
    template = LetterTemplate.objects.create(
        pack_id=pack_id, letter_type=letter_type, version=letter.template.version + 1, source=source
    )
    type(letter).objects.filter(pk=letter.pk).update(template=template)
    letter.refresh_from_db()
    with pytest.raises(Refusal) as refusal:
        services.approve_letter(letter, by=factories.decision_maker())
    element = pack.letter_element(missing)
    assert element is not None
    assert element.text[:1].lower() + element.text[1:] in refusal.value.message


def test_dates_are_written_out_in_full() -> None:
    """Dates read as people write them, such as 5 January 2026."""
    assert day(date(2026, 1, 5)) == "5 January 2026"


@pytest.mark.parametrize("pack_id", factories.PACKS)
def test_a_marker_notice_without_the_marker_is_named(pack_id: str) -> None:
    """A marker notice whose template leaves out the marker fails the check, naming it."""
    letter = rendered(pack_id, "marker-notice")
    body = rendering.render_body(
        without(services.current_template(pack_id, "marker-notice").source, "marker-notice"),
        letter.context,
    )
    missing = checks.check(factories.pack(pack_id).file, letter.context, body)
    assert [m.element for m in missing] == ["marker-notice"]
    assert "warning marker" in missing[0].sentence


MENTIONING_THE_POLICY = [
    (pack_id, letter_type.id)
    for pack_id in factories.PACKS
    for letter_type in factories.pack_file(pack_id).letters.types
    if {"policy-version", "policy-applied"} & set(letter_type.elements)
]


@pytest.mark.parametrize(("pack_id", "letter_type"), MENTIONING_THE_POLICY)
def test_a_letter_naming_the_policy_says_where_to_read_it(
    pack_id: str, letter_type: str, settings
) -> None:
    """Wherever a letter names the policy, it gives the full address of the published policy."""
    settings.SITE_URL = "https://conduct.council.example"
    letter = rendered(pack_id, letter_type)
    address = "https://conduct.council.example/our-policy/"
    assert letter.context.policy.url == address
    assert f"You can read the policy at {address}." in letter.body
    assert address in rendering.plain_text(letter.context, letter.body)
