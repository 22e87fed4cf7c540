"""Screening by reference, and keys that survive two slips at once.

Each profile gains the customer's references; the index gains their `rf:` keys, a
`gm:` key (first name with day and month of birth and the surname's initial: a
mistyped year and surname together) for each first name and an `st:` key (house number and street: a
mistyped postcode and name together) for each street. They are made as keys.py
makes them for every later change, so a customer indexed before this migration is
found the same way as one indexed after it.
"""

import re

from django.db import migrations, models

BATCH = 2000


def reference(value: str) -> str:
    # Frozen copies of keys.reference and the gm: key: a migration must not change with the code.
    return re.sub(r"[^A-Z0-9]", "", value.upper())


def new_keys(references, given, surnames, born, streets):
    found = [f"rf:{item}" for item in references]
    if born is not None:
        initials = dict.fromkeys(name[0] for name in surnames.split())
        found += [f"gm:{name}|{born:%m%d}|{i}" for name in given.split() for i in initials]
    found += [f"st:{item}" for item in streets.split("|") if item[:1].isdigit()]
    return list(dict.fromkeys(found))


def add_keys(apps, schema_editor):
    ScreeningKey = apps.get_model("screening", "ScreeningKey")
    ScreeningProfile = apps.get_model("screening", "ScreeningProfile")
    profiles = ScreeningProfile.objects.order_by("pk").values_list(
        "pk",
        "customer__reference",
        "customer__external_reference",
        "given",
        "surnames",
        "date_of_birth",
        "streets",
    )
    for start in range(0, ScreeningProfile.objects.count(), BATCH):
        rows, changed = [], []
        for pk, own, external, given, surnames, born, streets in profiles[start : start + BATCH]:
            references = list(dict.fromkeys(v for v in (reference(own), reference(external)) if v))
            made = new_keys(references, given, surnames, born, streets)
            rows += [ScreeningKey(key=key, customer_id=pk) for key in made]
            changed.append(ScreeningProfile(customer_id=pk, references=" ".join(references)))
        ScreeningKey.objects.bulk_create(rows)
        ScreeningProfile.objects.bulk_update(changed, ["references"])


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0001_initial"),
        ("customers", "0003_customer_external_reference"),
    ]

    operations = [
        migrations.AddField(
            model_name="screeningprofile",
            name="references",
            field=models.CharField(
                blank=True,
                help_text="Conduct's reference and the council's own, if any",
                max_length=200,
            ),
        ),
        migrations.RunPython(add_keys, migrations.RunPython.noop),
    ]
