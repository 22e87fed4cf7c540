"""Turning a letter's context and template into HTML, PDF (WeasyPrint), DOCX (docxtpl) and text.

Templates are written by administrators in the browser, so they run in Jinja's
SandboxedEnvironment with autoescaping on, and see only the typed context. The
page around them (the window-envelope address block, the format's type sizes)
is ours and not editable. The DOCX template is built at runtime with
python-docx, once per format and process, and filled by docxtpl: nothing
binary is committed, and the Word copy follows the same paragraphs as the PDF.
"""

import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2 import DictLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import html as lxml_html

from conduct.core.pdf import render_pdf
from conduct.letters.context import LetterContext

SOURCES = Path(__file__).parent / "sources"
OPENINGS = {
    "informal-warning": "We are writing to confirm the informal warning one of our staff gave you.",
    "formal-warning": "We are writing to give you a formal warning about your behaviour towards "
    "council staff.",
    "restriction": "We are writing to tell you about a decision to restrict how you can contact "
    "the council.",
    "immediate-restriction": "We are writing to tell you that we have had to restrict how you "
    "can contact the council straight away, without a warning first.",
    "review-outcome": "We are writing to tell you the outcome of our review of the restriction "
    "on how you contact the council.",
    "appeal-acknowledgement": "Thank you for your appeal. We are writing to confirm we have "
    "received it.",
    "appeal-outcome": "We are writing to tell you the decision on your appeal.",
    "marker-notice": "We are writing to tell you that we have placed a warning marker on our "
    "records.",
}


@dataclass(frozen=True)
class Sizes:
    """Type sizes in points for one format (large print is at least 16pt everywhere)."""

    body: float
    heading: float
    title: float
    small: float
    address: float
    leading: float


SIZES = {
    "standard": Sizes(11, 13, 16, 9, 11, 1.35),
    "large-print": Sizes(16, 18, 22, 16, 16, 1.3),
    "easy-read": Sizes(16, 18, 22, 16, 16, 1.3),
}


def day(value: date | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def default_source(letter_type: str) -> str:
    """The letter template a pack's type starts with, before an administrator edits it."""
    text = (SOURCES / "letter.html").read_text()
    opening = OPENINGS.get(letter_type, "We are writing to you about your contact with us.")
    return text.replace("{{ opening }}", opening)


def sandbox(source: str) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        loader=DictLoader(
            {"elements.html": (SOURCES / "elements.html").read_text(), "letter.html": source}
        ),
    )
    env.filters["day"] = day
    return env


@cache
def page_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        loader=DictLoader({"page.html": (SOURCES / "page.html").read_text()}),
    )
    env.filters["day"] = day
    return env


class TemplateProblemError(ValueError):
    """A template that cannot be used, with the reason in words for the error summary."""


def render_body(source: str, context: LetterContext) -> str:
    """The letter's own words: the (possibly edited) template with the context."""
    try:
        return sandbox(source).get_template("letter.html").render(c=context)
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f" on line {line}" if line else ""
        message = curly(str(error.message or error))
        raise TemplateProblemError(f"The template has an error{where}: {message}") from error


def curly(text: str) -> str:
    """Jinja's message with GOV.UK's curly quotes."""
    text = re.sub(r"'([^']*)'", "“\\1”", text)
    return re.sub(r'"([^"]*)"', "“\\1”", text).replace("'", "’")


def render_page(context: LetterContext, body: str) -> str:
    """The whole printable page: council, address block in the window, reference, the body."""
    sizes = SIZES.get(context.format, SIZES["standard"])
    from markupsafe import Markup

    template = page_environment().get_template("page.html")
    return template.render(c=context, body=Markup(body), size=sizes)  # noqa: S704 sandboxed output


def pdf_bytes(page: str) -> bytes:
    return render_pdf(page)


# Plain text and DOCX both read the body's blocks ------------------------------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # heading, bullet or paragraph
    text: str


BLOCK_TAGS = {"h1": "heading", "h2": "heading", "h3": "heading", "p": "paragraph", "li": "bullet"}


def blocks(body: str) -> list[Block]:
    """The body's headings, paragraphs and list items in order, with their text."""
    tree = lxml_html.fragment_fromstring(body, create_parent="div")
    found = []
    for node in tree.iter(*BLOCK_TAGS):
        text = re.sub(r"\s+", " ", node.text_content()).strip()
        if text:
            found.append(Block(BLOCK_TAGS[str(node.tag)], text))
    return found


def heading_lines(context: LetterContext) -> list[str]:
    lines = [context.policy.council, "", context.recipient.name, *context.recipient.address_lines]
    lines += ["", f"Our reference: {context.reference}", f"Date: {day(context.dated)}", ""]
    return lines


def plain_text(context: LetterContext, body: str) -> str:
    """The plain-text alternative: the same words, for screen readers and email bodies."""
    lines = [*heading_lines(context), context.type_name.upper(), ""]
    for block in blocks(body):
        if block.kind == "heading":
            lines += ["", block.text, "-" * len(block.text)]
        elif block.kind == "bullet":
            lines.append(f"  - {block.text}")
        else:
            lines += [block.text, ""]
    return "\n".join(lines).strip() + "\n"


DOCX_BODY = (
    "{%p for b in blocks %}",
    "{%p if b.kind == 'heading' %}",
    ("{{ b.text }}", "Heading 2"),
    "{%p elif b.kind == 'bullet' %}",
    ("{{ b.text }}", "List Bullet"),
    "{%p else %}",
    ("{{ b.text }}", "Normal"),
    "{%p endif %}",
    "{%p endfor %}",
)


@cache
def docx_template(format: str) -> bytes:
    """A small Word template for the format, built once: header lines, then the body blocks."""
    sizes = SIZES.get(format, SIZES["standard"])
    document = Document()
    for name, size in (("Normal", sizes.body), ("Heading 2", sizes.heading)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
    document.styles["List Bullet"].font.size = Pt(sizes.body)
    document.add_paragraph("{%p for line in header %}")
    document.add_paragraph("{{ line }}")
    document.add_paragraph("{%p endfor %}")
    document.add_heading("{{ title }}", level=1).runs[0].font.size = Pt(sizes.title)
    for item in DOCX_BODY:
        text, style = item if isinstance(item, tuple) else (item, "Normal")
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bytes(context: LetterContext, body: str) -> bytes:
    template = DocxTemplate(io.BytesIO(docx_template(context.format)))
    values: dict[str, Any] = {
        "header": heading_lines(context),
        "title": context.type_name,
        "blocks": [{"kind": b.kind, "text": b.text} for b in blocks(body)],
    }
    template.render(values, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
