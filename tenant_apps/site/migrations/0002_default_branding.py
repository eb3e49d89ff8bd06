"""Every schema starts with a draft and a published branding (the theme's own look).

Run in the template schema, so a new organisation, copied from it, already has both.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create_default_branding(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Branding = apps.get_model("plein_site", "Branding")
    for state in ("draft", "published"):
        Branding.objects.get_or_create(state=state)


def remove_default_branding(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("plein_site", "Branding").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plein_site", "0001_branding")]

    operations = [migrations.RunPython(create_default_branding, remove_default_branding)]
