from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Target


@transaction.atomic
def target_set(*, actor: Any, year: int, metric: str, value: int, note: str = "") -> Target:
    """Set (or change) the year's target for the actor's region."""
    target = Target.objects.filter(year=year, metric=metric, region=actor.region).first()
    if target is None:
        target = Target(year=year, metric=metric, region=actor.region, created_by=actor)
    target.value, target.note = value, note
    target.full_clean()
    target.save()
    return target
