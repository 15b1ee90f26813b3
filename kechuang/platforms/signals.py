"""Re-assess the host enterprise when what the eligibility engine reads of its platforms
changes (an approval or revocation, a new host, an import), after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from kechuang.dataio.signals import rows_committed

from .models import Platform, PlatformEvent


def _reassess(enterprise_ids: set[int]) -> None:
    from kechuang.cultivation.tasks import reassess_many

    ids = sorted(i for i in enterprise_ids if i)
    if ids:
        transaction.on_commit(lambda: reassess_many.enqueue(ids))


@receiver(post_save, sender=PlatformEvent)
def event_saved(sender: Any, instance: PlatformEvent, **kwargs: Any) -> None:
    _reassess({instance.platform.host_enterprise_id or 0})


@receiver(post_save, sender=Platform)
def platform_saved(sender: Any, instance: Platform, **kwargs: Any) -> None:
    _reassess({instance.host_enterprise_id or 0})


@receiver(rows_committed)
def rows_imported(sender: Any, instances: list[Any], **kwargs: Any) -> None:
    if sender is Platform:
        _reassess({i.host_enterprise_id or 0 for i in instances})
