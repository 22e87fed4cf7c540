"""Text columns bounded in the database (conduct.core.text.at_most).

SQLite adds a check constraint by rebuilding the table, which drops the table's triggers
refusing changes; they are made again after, and before the constraints are removed.
"""

import importlib

import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

REFUSING = importlib.import_module("conduct.letters.migrations.0002_issued_letters_refuse_changes")
TRIGGERS = ("letters_letter_no_update",)


def triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL adds a constraint in place, keeping the triggers
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in [s for s in REFUSING.sqlite() if " ON letters_letter " in s]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_text_length_limits"),
        ("customers", "0004_text_length_limits"),
        ("incidents", "0003_text_length_limits"),
        ("letters", "0002_issued_letters_refuse_changes"),
        ("policy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, triggers_again),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("held_reason"), 20000
                ),
                name="letters_letter_held_reason_length",
            ),
        ),
        migrations.RunPython(triggers_again, migrations.RunPython.noop),
    ]
