"""The data protection officer's role (issue 21): subject access requests and the DPIA facts."""

from django.db import migrations


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Data protection officer")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_staff_posts")]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
