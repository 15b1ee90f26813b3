"""R&D form events on the state-change block (issue #13): the same rows, the block's column
names, and the date of each event (the day it was recorded, in the bureau's time zone)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import TruncDate


def dates(apps, schema_editor):
    """One UPDATE (not one per row: a province has hundreds of thousands of events); TruncDate
    takes the date in the current time zone, as the events were dated by the bureau."""
    SurveyEvent = apps.get_model("rdstats", "SurveyEvent")
    SurveyEvent.objects.update(occurred_on=TruncDate("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("rdstats", "0002_surveycampaign_rd_campaign_year_range"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="surveyevent", old_name="status", new_name="state"),
        migrations.RenameField(model_name="surveyevent", old_name="actor", new_name="created_by"),
        migrations.RenameField(model_name="surveyevent", old_name="at", new_name="created_at"),
        migrations.RenameField(model_name="surveyevent", old_name="comment", new_name="note"),
        migrations.AlterModelOptions(
            name="surveyevent",
            options={
                "ordering": ["form", "created_at", "pk"],
                "verbose_name": "填报记录",
                "verbose_name_plural": "填报记录",
            },
        ),
        migrations.AddField(
            model_name="surveyevent",
            name="occurred_on",
            field=models.DateField(null=True, verbose_name="日期"),
        ),
        migrations.RunPython(dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="surveyevent",
            name="occurred_on",
            field=models.DateField(verbose_name="日期"),
        ),
        migrations.AlterField(
            model_name="surveyevent",
            name="state",
            field=models.CharField(max_length=30, verbose_name="状态"),
        ),
        migrations.AlterField(
            model_name="surveyevent",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="surveyevent",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="记录时间"),
        ),
        migrations.AlterField(
            model_name="surveyevent",
            name="note",
            field=models.TextField(blank=True, verbose_name="意见/说明"),
        ),
    ]
