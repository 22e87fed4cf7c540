"""The pages the council publishes (issue 21, item 5): its policy in force and the easy-read
version, the accessibility statement and the privacy notice, for anyone, signed in or not.

Every seed pack must publish a correct policy: each test reads what it expects from the pack
file itself, so a pack's own words and periods are shown to come from the pack."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import resolve, reverse

from conduct.accounts.roles import Role
from conduct.core.links import may_open
from conduct.council import published_policy
from conduct.council.fictional import FICTIONAL_COUNCIL
from conduct.council.identity import Council
from conduct.policy.presenters import curly_quotes
from conduct.policy.schema import OMBUDSMAN_NAMES, PolicyPackFile
from conduct.policy.services import load_policy_pack

pytestmark = pytest.mark.django_db
PACKS = sorted(p.stem for p in settings.POLICY_DIR.glob("*.toml"))
PUBLISHED = ["/our-policy/", "/our-policy/easy-read/", "/accessibility/", "/privacy/"]
TEMPLATES = Path(published_policy.__file__).parent / "templates" / "council"
# Words only one seed pack says, which no template may hold: they reach the page from the pack.
DISTINCTIVE = {
    "west-lindsey-2024": [
        "Its members are: Health and Safety Officer, Customer Experience Manager, "
        "Customer Strategy and Services Lead.",
        "Read correspondence placed on file without acknowledgement or reply",
        "Councillors’ guide to handling harassment, abuse and intimidation",
        "If there have been no further incidents, we lift it.",
    ],
    "north-northamptonshire-2024": [
        "Service lead and Assistant Director",
        "The customer refuses to accept decisions after due process has been followed",
    ],
    "unreasonable-behaviour-2017": [
        "Managing Unreasonable Customer Behaviour Policy",
        "Behaviour and access contract",
        "Challenging officers’ capability",
    ],
    "ucb-2024-2028": [
        "Executive Officer, Customer Services & Organisational Development makes formal",
        "No further replies on concluded matters",
        "We do not tolerate abuse of our staff.",
        "We review every restriction within 6 months",
    ],
    "model": [
        "Model policy on unacceptable customer actions",
        "behaviour towards staff, contractors and the council’s representatives",
    ],
}


def text(page: bytes) -> str:
    found = BeautifulSoup(page, "html.parser").select_one("main")
    assert found is not None
    return re.sub(r"\s+", " ", found.get_text(" ")).strip()


def in_force(pack_id: str) -> PolicyPackFile:
    path = settings.POLICY_DIR / f"{pack_id}.toml"
    return load_policy_pack(path, by=None, activate=True).file


def months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


class TestWhoMayRead:
    def test_the_rule_admits_everyone_signed_in_or_not(self, make_staff) -> None:
        """Publishing is a decision in rules.py: the rule admits people not signed in and
        every role, and each published page asks it of people not signed in too."""
        assert AnonymousUser().has_perm("council.read_published_pages")
        for role in Role:
            assert make_staff(role).has_perm("council.read_published_pages")
        for url in PUBLISHED:
            view = resolve(url).func
            assert view.required_permission == "council.read_published_pages"  # type: ignore[attr-defined]
            assert view.asks_signed_out  # type: ignore[attr-defined]

    def test_links_to_them_are_offered_to_people_not_signed_in(self, rf) -> None:
        """The link helper asks the same rule, so a page may link them for anyone."""
        request = rf.get("/")
        request.user = AnonymousUser()
        assert all(may_open(request, url) for url in PUBLISHED)
        assert not may_open(request, "/help/")

    @pytest.mark.parametrize("url", PUBLISHED)
    def test_anyone_reads_each_page_without_signing_in(self, client: Client, url: str) -> None:
        in_force("model")
        assert client.get(url).status_code == 200

    def test_staff_signed_in_read_them_too(self, client: Client, make_staff, sign_in) -> None:
        in_force("model")
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        assert all(client.get(url).status_code == 200 for url in PUBLISHED)

    @pytest.mark.parametrize(
        ("old", "new"),
        [("/accessibility-statement/", "/accessibility/"), ("/privacy-notice/", "/privacy/")],
    )
    def test_the_old_addresses_move_permanently(self, client: Client, old: str, new: str) -> None:
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new

    def test_the_footer_links_the_published_pages_for_people_signed_out(
        self, client: Client
    ) -> None:
        soup = BeautifulSoup(client.get("/sign-in/").content, "html.parser")
        links = {
            a.get_text(strip=True): a["href"] for a in soup.select("footer a.govuk-footer__link")
        }
        assert links["Accessibility statement"] == "/accessibility/"
        assert links["Privacy notice"] == "/privacy/"
        assert links["Our policy on unacceptable actions"] == "/our-policy/"


class TestThePolicy:
    @pytest.mark.parametrize("pack_id", PACKS)
    def test_every_seed_pack_publishes_its_own_policy(self, client: Client, pack_id: str) -> None:
        """What is unacceptable, what the council may do, reviews, appeals and the Ombudsman,
        each read from the pack in force."""
        pack = in_force(pack_id)
        said = text(client.get("/our-policy/").content)
        assert curly_quotes(pack.pack.title) in said and f"Version {pack.pack.version}" in said
        for category in pack.behaviour.categories:
            assert curly_quotes(category.name) in said
            assert all(curly_quotes(example) in said for example in category.examples)
        for kind in pack.restrictions.types:
            assert curly_quotes(kind.name) in said
        assert all(curly_quotes(g.name) in said for g in pack.immediate_restriction.grounds)
        assert all(curly_quotes(a.name) in said for a in pack.staff_actions.actions)
        review, appeal = pack.review, pack.appeal
        assert f"within {months(review.interval_months)} of putting it in place" in said
        assert f"extend it by up to {months(review.extension_months)}" in said
        assert f"never more than {months(review.longest_interval_months)} between" in said
        assert f"more than {months(review.maximum_duration_months)} in all" in said
        assert f"appeal within {appeal.window_working_days} working days" in said
        assert f"within {appeal.decision_working_days} working days and writes" in said
        assert all(OMBUDSMAN_NAMES[o] in said for o in pack.ombudsman.signpost)
        assert "0300 061 0614" in said
        assert str(FICTIONAL_COUNCIL["name"]) in said
        assert f"phone: {FICTIONAL_COUNCIL['phone']}" in said

    @pytest.mark.parametrize("pack_id", PACKS)
    def test_each_packs_own_words_come_from_the_pack(self, client: Client, pack_id: str) -> None:
        """A pack's distinctive words are on its page, on no other pack's, and in no template."""
        in_force(pack_id)
        said = text(client.get("/our-policy/").content)
        templates = " ".join(p.read_text() for p in TEMPLATES.glob("our_policy*.html"))
        for words in DISTINCTIVE[pack_id]:
            assert words in said, words
        others = [w for other, ws in DISTINCTIVE.items() if other != pack_id for w in ws]
        assert [w for w in others if w in said and not w.startswith("We ")] == []
        pack_words = [w for w in DISTINCTIVE[pack_id] if not w.startswith(("We ", "If ", "Its "))]
        assert [w for w in pack_words if w in templates] == []

    def test_the_formal_warnings_monitoring_period_and_warning_first(self, client: Client) -> None:
        pack = in_force("west-lindsey-2024")
        said = text(client.get("/our-policy/").content)
        assert "We watch how you contact us for 3 months after it." in said
        assert "We give you a warning before we restrict how you contact us." in said
        assert "the Determination Team must confirm it within 5 working days" in said
        assert "we will contact you about it only through the Ombudsman" in said
        assert pack.ombudsman.after == "complaints-and-appeal"
        assert "When our complaints and appeal process is finished" in said

    def test_where_to_appeal_is_the_councils_own(self, client: Client, settings) -> None:
        settings.COUNCIL = {**FICTIONAL_COUNCIL, "appeals_email": "appeals@council.example"}
        in_force("model")
        said = text(client.get("/our-policy/").content)
        assert "by email at appeals@council.example" in said

    def test_it_links_the_easy_read_version_and_prints_cleanly(self, client: Client) -> None:
        in_force("model")
        soup = BeautifulSoup(client.get("/our-policy/").content, "html.parser")
        easy_read = soup.find("a", string="Read this policy in easy read")
        assert easy_read is not None and easy_read["href"] == "/our-policy/easy-read/"
        sheet = soup.find("link", href=re.compile(r"published.*\.css"))
        assert sheet is not None
        sheets = settings.BASE_DIR / "conduct" / "static" / "conduct"
        assert "@media print" in (sheets / "published.css").read_text()
        every_page = (sheets / "conduct.css").read_text()
        assert every_page.index("@media print") < every_page.rindex(".govuk-template__header")

    def test_without_a_pack_in_force_it_says_so(self, client: Client) -> None:
        response = client.get("/our-policy/")
        assert response.status_code == 200
        assert "has not yet published its policy here" in text(response.content)


class TestTheEasyRead:
    @pytest.mark.parametrize("pack_id", PACKS)
    def test_the_same_facts_in_short_sentences(self, client: Client, pack_id: str) -> None:
        pack = in_force(pack_id)
        page = client.get("/our-policy/easy-read/").content
        said = text(page)
        assert all(curly_quotes(c.name) in said for c in pack.behaviour.categories)
        assert all(curly_quotes(k.name) in said for k in pack.restrictions.types)
        assert f"within {months(pack.review.interval_months)}." in said
        assert f"up to {months(pack.review.extension_months)} more." in said
        assert f"within {pack.appeal.window_working_days} working days" in said
        assert all(OMBUDSMAN_NAMES[o] in said for o in pack.ombudsman.signpost)
        paragraphs = BeautifulSoup(page, "html.parser").select("main .conduct-easy-read p")
        # One idea a line: the page's own sentences are short.
        own = [p.get_text(" ", strip=True) for p in paragraphs if "@" not in p.get_text()]
        assert own and max(len(line.split()) for line in own) <= 15


class TestFacts:
    def test_one_source_of_facts_for_both_renderings(self) -> None:
        """The facts are a value built from the pack and the council, and nothing else."""
        pack = in_force("ucb-2024-2028")
        facts = published_policy.facts(pack, Council(name="Fenwick Borough Council"))
        assert facts.council_name == "Fenwick Borough Council"
        assert facts.review_months == 6 and facts.lift_rule == "behaviour-since-imposed"
        assert facts.zero_tolerance and facts.deciders[0].name.startswith("Executive Officer")
        unnamed = published_policy.facts(pack, Council())
        assert unnamed.council_name == pack.pack.council


class TestTheAccessibilityStatement:
    def test_it_says_how_it_was_tested_by_machine_and_by_hand(
        self, client: Client, settings
    ) -> None:
        said = text(client.get("/accessibility/").content)
        assert "every page the council publishes for anyone" in said
        assert "has not yet recorded any checks made by hand" in said
        settings.COUNCIL = {
            **FICTIONAL_COUNCIL,
            "accessibility_manual_checks": "Keyboard only, November 2026\nNVDA, November 2026",
        }
        said = text(client.get(reverse("council:accessibility")).content)
        assert "also checked the service by hand: Keyboard only, November 2026" in said
        assert "NVDA, November 2026" in said
