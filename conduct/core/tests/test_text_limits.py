"""Every text column people write has a maximum length in the database too (issue 16, item 6)."""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction

from conduct.accounts.roles import Role
from conduct.cases.tests.factories import incident
from conduct.core.text import LONG_TEXT_LIMIT
from conduct.incidents.models import Incident

# Columns Conduct writes itself, or keeps exactly as received, and so never bounds.
WRITTEN_BY_CONDUCT = {
    "cases.FrozenDecisionPack.html",
    "cases.FrozenDecisionPack.withheld_html",
    "contacts.Message.body",
    "contacts.Message.route_reason",
    "letters.LetterTemplate.source",
    "letters.IssuedLetter.address_block",
    "policy.PolicyPack.source_text",
    "screening.ScreeningProfile.emails",
}


def unbounded_text_columns() -> list[str]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("conduct."):
            continue
        names = {c.name for c in model._meta.constraints}
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            bounded = f"{model._meta.app_label}_{model._meta.model_name}_{field.name}_length"
            if (
                isinstance(field, models.TextField)
                and label not in WRITTEN_BY_CONDUCT
                and bounded not in names
            ):
                found.append(label)
    return sorted(found)


def test_every_text_column_people_write_has_a_length_constraint():
    """A TextField has no maximum of its own: each has a check constraint, or is listed here."""
    assert unbounded_text_columns() == []


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["what_happened", "words_used", "witnesses"])
def test_the_database_refuses_text_over_the_limit(make_staff, field):
    """Even written past the forms and the API, a narrative longer than the limit is refused."""
    logged = incident(make_staff(Role.FRONTLINE_OFFICER))
    Incident.objects.filter(pk=logged.pk).update(**{field: "x" * LONG_TEXT_LIMIT})
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=logged.pk).update(**{field: "x" * (LONG_TEXT_LIMIT + 1)})
