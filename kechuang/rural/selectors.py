"""Coverage: every key village with the commissioners assigned to it in a year, or 未覆盖."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .models import Assignment, KeyVillage


@dataclass
class Covered:
    village: Any
    town: str
    kind: str
    commissioners: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.commissioners)


def coverage(*, user: Any, region: Any, year: int) -> list[Covered]:
    """The key villages in ``region`` (those ``user`` sees; ``None``: the system), each with
    the commissioners assigned to that village for ``year``: two queries."""
    from kechuang.core.scoping import region_q

    villages = KeyVillage.objects.filter(region_q("village", region.code)).select_related(
        "village__parent"
    )
    if user is not None:
        villages = villages & KeyVillage.objects.visible_to(user)
    rows = list(villages.order_by("village__code"))
    assigned: dict[int, list[str]] = defaultdict(list)
    for area_id, name in (
        Assignment.objects.filter(year=year, area_id__in=[r.village_id for r in rows])
        .order_by("commissioner__name")
        .values_list("area_id", "commissioner__name")
    ):
        assigned[area_id].append(name)
    return [
        Covered(
            village=r.village,
            town=r.village.parent.name if r.village.parent_id else "",
            kind=r.kind,
            commissioners=assigned.get(r.village_id, []),
        )
        for r in rows
    ]
