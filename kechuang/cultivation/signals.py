"""Re-assess an enterprise after its figures or IP change (after the transaction commits)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from kechuang.dataio.signals import rows_committed
from kechuang.enterprises.models import AnnualFigures, Enterprise, IntellectualProperty


def _reassess(enterprise_id: int) -> None:
    from kechuang.cultivation.tasks import reassess_enterprise

    transaction.on_commit(lambda: reassess_enterprise.enqueue(enterprise_id))


@receiver(post_save, sender=AnnualFigures)
@receiver(post_save, sender=IntellectualProperty)
def figures_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _reassess(instance.enterprise_id)


@receiver(rows_committed)
def rows_imported(sender: Any, instances: list[Any], **kwargs: Any) -> None:
    """An Excel import of figures, IP or enterprises: re-assess those enterprises in one task."""
    from kechuang.cultivation.tasks import reassess_many

    if sender is Enterprise:
        ids = sorted({i.pk for i in instances})
    elif sender in (AnnualFigures, IntellectualProperty):
        ids = sorted({i.enterprise_id for i in instances})
    else:
        return
    if ids:
        reassess_many.enqueue(ids)


@receiver(post_save, sender=Enterprise)
def enterprise_changed(sender: Any, instance: Enterprise, created: bool, **kwargs: Any) -> None:
    if not created:
        _reassess(instance.pk)
