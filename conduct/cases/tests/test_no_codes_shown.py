"""Staff read the packs' own names, never their ids: the main pages, for the demo data, as each
role sees them, show no restriction type, decision body, post, outcome, behaviour category,
ground or pack id in their visible text (links, values and names may carry them)."""

import html
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from conduct.accounts import demo as accounts_demo
from conduct.accounts.models import User
from conduct.alerts import demo as alerts_demo
from conduct.cases import demo as cases_demo
from conduct.cases.decisions import IMMEDIATE_BODY
from conduct.cases.models import Case, Restriction
from conduct.contacts import demo as contacts_demo
from conduct.customers import demo as customers_demo
from conduct.incidents import demo as incidents_demo
from conduct.letters import demo as letters_demo
from conduct.policy import demo as policy_demo
from conduct.policy.models import PolicyPack
from conduct.policy.schema import PolicyPackFile

pytestmark = pytest.mark.django_db

ROLES = (
    "decision-maker",
    "case-officer",
    "line-manager",
    "auditor",
    "appeals-officer",
    "complaints-and-customer-services",
)


def pack_ids(pack: PolicyPackFile) -> Iterator[str]:
    yield pack.pack.id
    yield from (t.id for t in pack.restrictions.types)
    yield from (b.id for b in pack.decision_making.bodies)
    yield from (p.id for p in pack.posts)
    yield from (o.id for o in pack.outcomes.available)
    yield from (c.id for c in pack.behaviour.categories)
    yield from (g.id for g in pack.immediate_restriction.grounds)


def codes() -> re.Pattern[str]:
    """Every id the loaded packs use that reads as a code (has a hyphen): "named-officer"."""
    found = {IMMEDIATE_BODY}
    for pack in PolicyPack.objects.all():
        found |= {code for code in pack_ids(pack.file) if "-" in code}
    words = "|".join(sorted(map(re.escape, found), key=len, reverse=True))
    # "read-and-file item" is the plain-English name of an email kept under that restriction.
    return re.compile(rf"(?<![\w-])({words})(?![\w-]| item)")


def visible(page: str) -> str:
    """The words a person reads: no tags, attributes, scripts or email addresses."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", page))
    return re.sub(r"\S+@\S+", " ", text)


def pages() -> list[str]:
    """The pages staff read most, for every demo case and restriction."""
    cases = list(Case.objects.all())
    found = ["/", reverse("cases:list"), reverse("cases:register"), reverse("cases:notifications")]
    found += [reverse("cases:register") + "?format=csv", reverse("alerts:register")]
    found += [reverse("letters:list"), reverse("core:audit_trail")]
    found += [reverse("cases:detail", args=[c.reference]) for c in cases]
    found += [reverse("cases:decision_pack", args=[c.reference]) for c in cases]
    found += [reverse("customers:detail", args=[c.customer.reference]) for c in cases]
    for status, move in (
        (Case.Status.READY_FOR_DECISION, "record_decision"),
        (Case.Status.OPEN, "impose_immediate_restriction"),
        (Case.Status.DECIDED, "ratify_immediate_restriction"),
    ):
        found += [reverse(f"cases:{move}", args=[c.reference]) for c in cases if c.status == status]
    restrictions = Restriction.objects.filter(status=Restriction.Status.ACTIVE)
    found += [reverse("cases:complete_review", args=[r.pk]) for r in restrictions]
    return found


@pytest.fixture
def demo(settings):
    accounts_demo.load()
    policy_demo.load()
    customers_demo.load()
    incidents_demo.load()
    cases_demo.load()
    alerts_demo.load()
    contacts_demo.load()
    letters_demo.load()


def test_no_page_shows_a_pack_id(client: Client, sign_in, demo):
    """Every role, every main page: the packs' names, never their ids."""
    pattern, shown = codes(), []
    for role in ROLES:
        sign_in(User.objects.get(email=f"{role}@conduct.example"))
        for path in pages():
            response = client.get(path)
            if response.status_code != 200:
                continue
            text = response.content.decode()
            text = text if path.endswith("format=csv") else visible(text)
            for match in pattern.finditer(text):
                around = " ".join(text[match.start() - 60 : match.end() + 40].split())
                shown.append(f"{role} {path}: {match.group()} in “{around}”")
    assert shown == [], "\n".join(sorted(set(shown)))
