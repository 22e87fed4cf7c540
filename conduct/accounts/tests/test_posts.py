"""Posts the policy packs name, held by staff (issue 17.1): given by the command, the staff pages
and the service; found, with them, through the staff directory of the API (issue 17.9)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from conduct.accounts import services
from conduct.accounts.models import StaffPost, User
from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.customers.models import CouncilService

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing():
    return CouncilService.objects.create(name="Housing", slug="housing", is_mandatory=True)


class TestGivingPosts:
    def test_the_command_gives_posts_for_the_council_and_for_a_service(self, housing):
        """--post ID gives the post council-wide; --post ID:SERVICE for that service; audited."""
        out = StringIO()
        call_command(
            "create_staff_member",
            "--email",
            "eo@council.example",
            "--name",
            "Eve Owusu",
            "--role",
            "decision-maker",
            "--post",
            "executive-officer-customer-services",
            "--post",
            "service-lead:housing",
            "--no-password",
            stdout=out,
        )
        eve = User.objects.get(email="eo@council.example")
        held = {(p.post_id, p.service_id) for p in eve.posts.all()}
        assert held == {("executive-officer-customer-services", None), ("service-lead", housing.pk)}
        assert "Post: Service lead, Housing" in out.getvalue()
        assert AuditEvent.objects.filter(verb="accounts.post_assigned").count() == 2

    def test_the_command_refuses_a_post_no_pack_names(self):
        """A mistyped post is refused with the posts there are, and no one is added."""
        with pytest.raises(CommandError, match='No policy pack names the post "boss"'):
            call_command(
                "create_staff_member",
                "--email",
                "x@council.example",
                "--name",
                "X",
                "--role",
                "decision-maker",
                "--post",
                "boss",
                "--no-password",
                stdout=StringIO(),
            )
        assert not User.objects.filter(email="x@council.example").exists()

    def test_a_post_is_held_once(self, make_staff):
        """Giving the same post twice is refused; an ended post may be given again."""
        member = make_staff(Role.DECISION_MAKER, posts=("service-lead",))
        with pytest.raises(Refusal, match="already holds the post"):
            services.assign_post(member, "service-lead", by=None)
        services.end_post(member.posts.get(), by=None)
        services.assign_post(member, "service-lead", by=None)
        assert StaffPost.objects.filter(staff_member=member).count() == 2

    def test_an_administrator_gives_and_ends_a_post_on_the_staff_pages(
        self, client, make_staff, sign_in, housing
    ):
        """The staff page lists posts and links to change them; the post page gives and ends."""
        sign_in(make_staff(Role.ADMINISTRATOR))
        lead = make_staff(Role.DECISION_MAKER)
        page = reverse("accounts:assign_post", args=[lead.pk])
        assert page in client.get(reverse("accounts:staff")).content.decode()
        form = client.get(page).content.decode()
        assert "Customer Experience Manager" in form
        answer = client.post(page, {"post": "service-lead", "service": str(housing.pk)})
        assert answer.status_code == 302
        assert "Service lead, Housing" in client.get(reverse("accounts:staff")).content.decode()
        post = lead.posts.get()
        client.post(reverse("accounts:end_post", args=[lead.pk, post.pk]))
        post.refresh_from_db()
        assert post.ended_at is not None

    def test_an_auditor_cannot_give_posts(self, client, make_staff, sign_in):
        sign_in(make_staff(Role.AUDITOR))
        lead = make_staff(Role.DECISION_MAKER)
        page = reverse("accounts:assign_post", args=[lead.pk])
        assert client.post(page, {"post": "service-lead"}).status_code == 403
        assert not lead.posts.exists()


class TestStaffDirectory:
    def get(self, client, user, query="", scopes=("staff:read",)):
        _, secret = issue_token(user, *scopes)
        return client.get(f"/api/v1/staff{query}", **bearer(secret))

    def test_it_answers_who_may_be_named_with_their_posts(self, client, make_staff, housing):
        """Names, emails, job titles, roles and posts; nothing about passwords or codes."""
        officer = make_staff(Role.CASE_OFFICER)
        lead = make_staff(Role.DECISION_MAKER)
        services.assign_post(lead, "service-lead", service=housing, by=None)
        answer = self.get(client, officer)
        assert answer.status_code == 200
        found = {item["email"]: item for item in answer.json()["items"]}
        assert found[lead.email] == {
            "id": lead.pk,
            "full_name": lead.full_name,
            "email": lead.email,
            "job_title": "",
            "roles": ["decision-maker"],
            "posts": [{"id": "service-lead", "name": "Service lead", "service": "housing"}],
        }
        assert "password" not in answer.content.decode()

    def test_it_filters_by_name_role_post_and_service(self, client, make_staff, housing):
        officer = make_staff(Role.CASE_OFFICER)
        lead = make_staff(Role.DECISION_MAKER)
        services.assign_post(lead, "service-lead", service=housing, by=None)
        make_staff(Role.DECISION_MAKER)

        def emails(query):
            return [item["email"] for item in self.get(client, officer, query).json()["items"]]

        assert emails("?post=service-lead") == [lead.email]
        assert emails("?service=housing") == [lead.email]
        assert emails(f"?q={lead.full_name}") == [lead.email]
        assert emails("?role=case-officer") == [officer.email]

    def test_it_needs_the_scope_and_the_permission(self, client, make_staff):
        """A token without staff:read, or acting for a frontline officer, is refused."""
        officer = make_staff(Role.CASE_OFFICER)
        assert self.get(client, officer, scopes=("cases:read",)).status_code == 403
        assert self.get(client, make_staff(Role.FRONTLINE_OFFICER)).status_code == 403


def test_the_demo_staff_hold_every_post_the_packs_name_for_their_roles():
    """Whichever pack is in force, a demo member of staff with the role holds each post."""
    from pathlib import Path

    from django.conf import settings

    from conduct.accounts import demo
    from conduct.policy.loader import read_pack

    demo.load()
    for path in Path(settings.POLICY_DIR).glob("*.toml"):
        pack = read_pack(path)
        seats = {(str(m.role), m.post) for b in pack.decision_making.bodies for m in b.members}
        seats |= {("line-manager", p) for step in pack.ladder.steps for p in step.posts[:1]}
        for role, post in seats:
            if post:
                holder = User.objects.get(email=demo.demo_email(Role(role)))
                assert holder.posts.filter(post_id=post).exists(), (path.stem, post)


class TestGivingPostsThroughTheApi:
    def post(self, client, user, path, body=None, scopes=("staff:write",)):
        _, secret = issue_token(user, *scopes)
        return client.post(
            f"/api/v1/staff/{path}",
            json.dumps(body or {}),
            content_type="application/json",
            **bearer(secret),
        )

    def test_an_administrator_gives_and_ends_a_post(self, client, make_staff, housing):
        """201 with the holding; ending it answers the same holding, and it no longer counts."""
        admin = make_staff(Role.ADMINISTRATOR)
        lead = make_staff(Role.DECISION_MAKER)
        given = self.post(
            client, admin, f"{lead.pk}/posts", {"post": "service-lead", "service": "housing"}
        )
        assert given.status_code == 201, given.json()
        held = given.json()
        assert held["id"] == "service-lead" and held["service"] == "housing"
        ended = self.post(client, admin, f"{lead.pk}/posts/{held['held_id']}/end")
        assert ended.status_code == 200
        assert lead.posts.get().ended_at is not None

    def test_an_unknown_post_is_a_422_problem(self, client, make_staff):
        admin = make_staff(Role.ADMINISTRATOR)
        lead = make_staff(Role.DECISION_MAKER)
        answer = self.post(client, admin, f"{lead.pk}/posts", {"post": "boss"})
        assert answer.status_code == 422
        assert 'No policy pack names the post "boss"' in answer.json()["detail"]

    def test_a_case_officer_cannot_give_posts(self, client, make_staff):
        officer = make_staff(Role.CASE_OFFICER)
        lead = make_staff(Role.DECISION_MAKER)
        answer = self.post(client, officer, f"{lead.pk}/posts", {"post": "service-lead"})
        assert answer.status_code == 403
        assert not lead.posts.exists()
