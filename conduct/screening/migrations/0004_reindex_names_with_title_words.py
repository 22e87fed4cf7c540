"""Reindex the customers whose names hold a word that is also a title (William Lord, Ann
Sir, Lady Grey as an alias): the index used to drop such words wherever they stood, so these
people could not be found by that name. Titles are now dropped only before a name."""

import re

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

TITLE_WORD = re.compile(r"\b(mr|mrs|ms|miss|mx|dr|prof|sir|rev|lady|lord)\b", re.IGNORECASE)


def reindex_names_with_title_words(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Customer = apps.get_model("customers", "Customer")  # noqa: N806  a historical model
    Alias = apps.get_model("customers", "Alias")  # noqa: N806
    names = Customer.objects.values_list("pk", "given_names", "family_name", "preferred_name")
    ids = {pk for pk, *parts in names.iterator() if TITLE_WORD.search(" ".join(parts))}
    ids |= {
        pk
        for pk, name in Alias.objects.values_list("customer_id", "name")
        if TITLE_WORD.search(name)
    }
    if ids:
        from conduct.screening.indexing import reindex_customer  # today's index, as it is kept

        reindex_customer(*sorted(ids))


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0003_incident_lookup_purpose"),
        ("customers", "0007_name_search_index"),
    ]

    operations = [
        migrations.RunPython(reindex_names_with_title_words, migrations.RunPython.noop),
    ]
