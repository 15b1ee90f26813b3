"""One batch calendar (issue #13): copy the HTE and tech-SME batches into core.Batch and point
each registration at its copy. The old tables go in the next migration."""

import django.db.models.deletion
from django.db import migrations, models


def copy(apps, schema_editor):
    Batch = apps.get_model("core", "Batch")
    HteBatch = apps.get_model("cultivation", "HteBatch")
    SmeBatch = apps.get_model("cultivation", "SmeBatch")
    SmeRegistration = apps.get_model("cultivation", "SmeRegistration")
    for old in HteBatch.objects.all():
        Batch.objects.create(
            kind="hte",
            year=old.year,
            number=old.number,
            closes_on=old.applies_by,
            publicise_by=old.publicise_by,
            note=old.note,
        )
    for old in SmeBatch.objects.all():
        new = Batch.objects.create(
            kind="techsme",
            year=old.year,
            number=old.number,
            opens_on=old.opens_on,
            closes_on=old.closes_on,
            publicise_by=old.publicise_by,
            note=old.note,
        )
        SmeRegistration.objects.filter(batch_id=old.pk).update(calendar_batch=new)


def back(apps, schema_editor):
    Batch = apps.get_model("core", "Batch")
    HteBatch = apps.get_model("cultivation", "HteBatch")
    SmeBatch = apps.get_model("cultivation", "SmeBatch")
    SmeRegistration = apps.get_model("cultivation", "SmeRegistration")
    for new in Batch.objects.filter(kind="hte"):
        HteBatch.objects.create(
            year=new.year,
            number=new.number,
            applies_by=new.closes_on,
            publicise_by=new.publicise_by,
            note=new.note,
        )
    for new in Batch.objects.filter(kind="techsme"):
        old = SmeBatch.objects.create(
            year=new.year,
            number=new.number,
            opens_on=new.opens_on or new.closes_on,
            closes_on=new.closes_on,
            publicise_by=new.publicise_by,
            note=new.note,
        )
        SmeRegistration.objects.filter(calendar_batch_id=new.pk).update(batch=old)
    SmeRegistration.objects.update(calendar_batch=None)
    Batch.objects.filter(kind__in=["hte", "techsme"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_batch_calendar"),
        ("cultivation", "0009_expert_grades"),
    ]

    operations = [
        migrations.AddField(
            model_name="smeregistration",
            name="calendar_batch",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.batch",
            ),
        ),
        migrations.RunPython(copy, back),
    ]
