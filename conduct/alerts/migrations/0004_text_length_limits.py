"""Text columns bounded in the database (conduct.core.text.at_most).

SQLite adds a check constraint by rebuilding the table, which drops the table's triggers
refusing changes; they are made again after, and before the constraints are removed.
"""

import importlib

import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

REFUSING = importlib.import_module("conduct.alerts.migrations.0003_disclosures_refuse_changes")
TRIGGERS = ("alerts_disclosure_no_update",)


def triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL adds a constraint in place, keeping the triggers
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in [REFUSING.SQLITE]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0003_disclosures_refuse_changes"),
        ("customers", "0004_text_length_limits"),
        ("incidents", "0002_safeguarding_referral"),
        ("policy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, triggers_again),
        migrations.AddConstraint(
            model_name="detailread",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("detail"), 20000
                ),
                name="alerts_detailread_detail_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="disclosure",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("necessity"), 20000
                ),
                name="alerts_disclosure_necessity_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="disclosure",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("detail_justification"), 20000
                ),
                name="alerts_disclosure_detail_justification_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="marker",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("identified_risk"), 20000
                ),
                name="alerts_marker_identified_risk_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="marker",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("handling"), 20000
                ),
                name="alerts_marker_handling_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="marker",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("restricted_detail"), 20000
                ),
                name="alerts_marker_restricted_detail_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="marker",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("not_told_reason"), 20000
                ),
                name="alerts_marker_not_told_reason_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="marker",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("end_reason"), 20000
                ),
                name="alerts_marker_end_reason_length",
            ),
        ),
        migrations.RunPython(triggers_again, migrations.RunPython.noop),
    ]
