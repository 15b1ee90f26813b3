"""Re-assess the host enterprise when what the eligibility engine reads of its platforms
changes (an approval or revocation, a new host, an import), after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from kechuang.dataio.signals import rows_committed
from kechuang.enterprises.models import Enterprise

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


def _refresh_search_text(enterprise_ids: list[int]) -> None:
    """Hosts' new names are searchable on their platforms (a derived column, not audited)."""
    for start in range(0, len(enterprise_ids), 900):
        chunk = enterprise_ids[start : start + 900]
        for platform in Platform.objects.filter(host_enterprise_id__in=chunk).select_related(
            "host_enterprise"
        ):
            before = platform.search_text
            platform.set_search_text()
            if platform.search_text != before:
                Platform.objects.filter(pk=platform.pk).update(search_text=platform.search_text)


@receiver(post_save, sender=Enterprise)
def host_renamed(sender: Any, instance: Enterprise, created: bool, **kwargs: Any) -> None:
    if not created:
        _refresh_search_text([instance.pk])


@receiver(rows_committed)
def rows_imported(sender: Any, instances: list[Any], **kwargs: Any) -> None:
    if sender is Platform:
        _reassess({i.host_enterprise_id or 0 for i in instances})
    elif sender is Enterprise:  # an import that renames hosts: their platforms' search text
        _refresh_search_text(sorted({i.pk for i in instances if i.pk}))
