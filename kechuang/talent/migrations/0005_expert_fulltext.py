# The experts' words under each database's full-text index (decision 68): FTS5 on SQLite,
# GIN over to_tsvector('simple', tokens) on PostgreSQL.

from django.db import migrations

from kechuang.core.fulltext import WordIndex


class Migration(migrations.Migration):

    dependencies = [
        ("talent", "0004_plans"),
    ]

    operations = [
        WordIndex("talent_expert", "tokens").operation(),
    ]
