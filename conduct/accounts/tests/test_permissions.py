"""Staff's permissions are their roles' rules, answered without a query a question."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from conduct.accounts.models import permission_backends
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member

pytestmark = pytest.mark.django_db


def test_a_role_s_rule_answers_without_reading_the_database():
    officer = staff_member(Role.CASE_OFFICER)
    assert officer.has_perm("letters.view_letters")  # reads the roles once
    with CaptureQueriesContext(connection) as queries:
        assert officer.has_perm("letters.view_letters")
        assert not officer.has_perm("accounts.issue_two_factor_enrolment")
    assert len(queries) == 0


def test_django_s_permission_tables_grant_nothing():
    """Nothing in Conduct grants a permission through Django's tables (there is no admin
    site); one put there by hand grants nothing either: the roles decide."""
    officer = staff_member(Role.FRONTLINE_OFFICER)
    officer.user_permissions.add(Permission.objects.get(codename="view_user"))
    assert not officer.has_perm("accounts.view_user")
    assert not officer.has_perm("letters.view_letters")


def test_an_active_superuser_may_do_anything_and_an_inactive_one_nothing():
    chief = staff_member(Role.ADMINISTRATOR)
    chief.is_superuser = True
    assert chief.has_perm("letters.view_letters")
    chief.is_active = False
    assert not chief.has_perm("letters.view_letters")


def test_the_backends_asked_follow_the_settings():
    with override_settings(AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"]):
        assert permission_backends() == ()
    assert [type(b).__name__ for b in permission_backends()] == ["ObjectPermissionBackend"]
