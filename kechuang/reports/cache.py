"""The dashboard's cache: per user, region and period, invalidated by any recorded change.

Every business write leaves an audit row (style.md rule 3) and every assessment is a new row, so
the pair (newest audit row id, newest assessment id) — two index look-ups — changes whenever any
figure could. It is read from the database on each request, so the cache stays correct across
processes even with a per-process cache backend.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.models import LogEntry
from django.core.cache import cache
from django.db.models import Max

TIMEOUT = 3600


def fingerprint() -> str:
    from kechuang.cultivation.models import Assessment

    audit = LogEntry.objects.aggregate(m=Max("pk"))["m"] or 0
    assessed = Assessment.objects.aggregate(m=Max("pk"))["m"] or 0
    return f"{audit}.{assessed}"


def cached(
    user: Any, region: Any, period: Any, compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    key = f"kechuang:dashboard:{user.pk}:{region.code}:{period.key}:{fingerprint()}"
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, TIMEOUT)
    return data
