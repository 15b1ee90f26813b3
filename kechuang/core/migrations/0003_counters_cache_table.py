"""The table of the "counters" cache (rate limits), created with the schema so that no deployment
step can forget it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", "kechuang_counters", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS kechuang_counters")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_notifications")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
