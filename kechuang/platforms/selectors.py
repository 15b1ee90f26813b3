from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Platform


def platforms(*, user: Any) -> QuerySet[Platform]:
    """The platforms ``user`` may see, with what the list shows."""
    found: QuerySet[Platform] = Platform.objects.visible_to(user).select_related(
        "kind", "region", "host_enterprise"
    )
    return found


def kind_level_table(platforms: QuerySet[Platform]) -> dict[str, Any]:
    """The platforms counted by type × current level (and not yet approved), one query: the
    rows are the types present, the columns the levels high to low, each with its total."""
    from django.db.models import Count

    from .choices import PlatformLevel

    counts: dict[tuple[int, str], int] = {}
    names: dict[int, tuple[int, str]] = {}
    for kind_id, order, name, level, n in (
        platforms.order_by()
        .values("kind_id", "kind__order", "kind__name", "level")
        .annotate(n=Count("pk"))
        .values_list("kind_id", "kind__order", "kind__name", "level", "n")
    ):
        counts[(kind_id, level)] = n
        names[kind_id] = (order, name)
    levels = [*(value for value, _label in PlatformLevel.choices), ""]
    rows: list[dict[str, Any]] = [
        {
            "kind": kind_id,
            "name": name,
            "cells": [counts.get((kind_id, level), 0) for level in levels],
            "total": sum(counts.get((kind_id, level), 0) for level in levels),
        }
        for kind_id, (_order, name) in sorted(names.items(), key=lambda item: item[1])
    ]
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(levels))]
    return {"levels": levels, "rows": rows, "totals": totals, "total": sum(totals)}
