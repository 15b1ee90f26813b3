"""One batch calendar (issue #13): registrations use core.Batch; the two batch tables go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cultivation", "0010_batch_calendar_copy"),
    ]

    operations = [
        migrations.RemoveField(model_name="smeregistration", name="batch"),
        migrations.RenameField(
            model_name="smeregistration", old_name="calendar_batch", new_name="batch"
        ),
        migrations.AlterField(
            model_name="smeregistration",
            name="batch",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "techsme"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="registrations",
                to="core.batch",
                verbose_name="批次",
            ),
        ),
        migrations.DeleteModel(name="HteBatch"),
        migrations.DeleteModel(name="SmeBatch"),
    ]
