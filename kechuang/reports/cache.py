"""The dashboard's cache: per user, region and period, invalidated by any recorded change.

Every business write leaves an audit row (style.md rule 3), and derived rows written in bulk
without one (assessments) are registered by their app in ``core.reporting.FRESHNESS``; the
newest id of each (one index look-up apiece) changes whenever any figure could. It is read
from the database on each request, so the cache stays correct across processes even with a
per-process cache backend.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.models import LogEntry
from django.core.cache import cache
from django.db.models import Max

TIMEOUT = 3600


def fingerprint() -> str:
    """The newest audit row, and the newest row of each derived model an app registered
    (rows written without an audit row, such as assessments)."""
    from django.apps import apps

    from kechuang.core.reporting import FRESHNESS

    parts = [LogEntry.objects.aggregate(m=Max("pk"))["m"] or 0]
    for label in sorted(FRESHNESS):
        model = apps.get_model(label)
        parts.append(model._default_manager.aggregate(m=Max("pk"))["m"] or 0)
    return ".".join(str(p) for p in parts)


def cached(
    user: Any, region: Any, period: Any, compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    key = f"kechuang:dashboard:{user.pk}:{region.code}:{period.key}:{fingerprint()}"
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, TIMEOUT)
    return data
