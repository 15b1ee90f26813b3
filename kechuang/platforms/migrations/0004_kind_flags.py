"""The first entries' flags: which types are R&D institutions (tech-SME direct route) and
which open innovation platforms (HTE R&D management)."""

from django.db import migrations

from kechuang.platforms.choices import kind_flags


def set_flags(apps, schema_editor):
    kind = apps.get_model("platforms", "PlatformKind")
    for row in kind.objects.all():
        for name, value in kind_flags(row.name).items():
            setattr(row, name, value)
        row.save(update_fields=["is_rd_institution", "is_open_platform"])


class Migration(migrations.Migration):
    dependencies = [("platforms", "0003_readiness")]

    operations = [migrations.RunPython(set_flags, migrations.RunPython.noop)]
