"""Reads of the policy library."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import Policy


def ancestors(region: Any) -> list[int]:
    """The ids of the regions above ``region`` (its city, its province)."""
    found = []
    node = getattr(region, "parent", None)
    while node is not None:
        found.append(node.pk)
        node = node.parent
    return found


def library(user: Any, region: Any = None) -> QuerySet[Policy]:
    """The policies that apply where the user works: those registered in their region or
    below (theirs to edit), and those of the regions above it — a province's or a city's
    policy is read, matched and pushed by every county under it, and edited only by its own
    bureau (the services check). ``region``: the region looked at (a dashboard's), else the
    user's own."""
    where = region if region is not None else getattr(user, "region", None)
    own = (
        Policy.objects.visible_in(user, where)
        if region is not None
        else (Policy.objects.visible_to(user))
    )
    if where is None:
        return own
    return Policy.objects.filter(Q(pk__in=own.values("pk")) | Q(region_id__in=ancestors(where)))
