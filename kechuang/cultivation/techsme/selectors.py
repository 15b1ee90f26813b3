"""Read-only questions of tech-SME registration: annual updates due, missed batches, counts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from kechuang.cultivation.techsme.models import UPDATE_DUE, SmeRegistration, SmeStatus


def updates_due_q(today: date) -> models.Q:
    """Registered last year and the annual update not recorded yet (pending or overdue)."""
    return models.Q(year=today.year - 1, status=SmeStatus.REGISTERED, updated_on__isnull=True)


def behind_batch_q(today: date) -> models.Q:
    """Still mobilised after their batch closed: the self-evaluation was missed."""
    return models.Q(status=SmeStatus.MOBILISED, batch__closes_on__lt=today)


def updates_due(*, user: Any, today: date) -> models.QuerySet[SmeRegistration]:
    return (
        SmeRegistration.objects.visible_to(user)
        .filter(updates_due_q(today))
        .select_related("enterprise")
    )


def updates_overdue(*, user: Any, today: date) -> models.QuerySet[SmeRegistration]:
    """Not updated, and the end-of-March deadline has passed."""
    qs = updates_due(user=user, today=today)
    return qs if today > date(today.year, *UPDATE_DUE) else qs.none()


def updates_pending(*, user: Any, today: date) -> models.QuerySet[SmeRegistration]:
    """Not updated, deadline still ahead (the reminder window)."""
    qs = updates_due(user=user, today=today)
    return qs.none() if today > date(today.year, *UPDATE_DUE) else qs


def behind_batch(*, user: Any, today: date) -> models.QuerySet[SmeRegistration]:
    return (
        SmeRegistration.objects.visible_to(user)
        .filter(behind_batch_q(today))
        .select_related("enterprise", "batch")
    )


def status_counts(*, user: Any, year: int) -> dict[str, int]:
    rows = (
        SmeRegistration.objects.visible_to(user)
        .filter(year=year)
        .values("status")
        .annotate(n=models.Count("pk"))
    )
    counts = {s.value: 0 for s in SmeStatus}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts
