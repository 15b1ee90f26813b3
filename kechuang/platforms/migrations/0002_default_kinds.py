"""The platform-type dictionary's first entries (issue #16); staff add more."""

from django.db import migrations

from kechuang.platforms.choices import DEFAULT_KINDS


def add_kinds(apps, schema_editor):
    kind = apps.get_model("platforms", "PlatformKind")
    for order, name in enumerate(DEFAULT_KINDS, start=1):
        kind.objects.get_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("platforms", "0001_platforms")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
