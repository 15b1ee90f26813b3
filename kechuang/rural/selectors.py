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


def summary(rows: list[Covered]) -> tuple[int, float | None]:
    """Covered key villages and their share (%, one decimal) of all: the one definition the
    coverage page, the figures and the target read."""
    covered = sum(1 for r in rows if r.covered)
    return covered, (round(covered * 100 / len(rows), 1) if rows else None)


def by_town(rows: list[Covered]) -> list[dict[str, Any]]:
    """Coverage per town: key villages, covered, uncovered (the map-free table)."""
    towns: dict[str, dict[str, Any]] = {}
    for row in rows:
        town = towns.setdefault(row.town, {"town": row.town, "total": 0, "covered": 0})
        town["total"] += 1
        town["covered"] += 1 if row.covered else 0
    for town in towns.values():
        town["uncovered"] = town["total"] - town["covered"]
    return sorted(towns.values(), key=lambda t: (-t["uncovered"], t["town"]))


def rural_platforms(user: Any, region: Any) -> list[dict[str, Any]]:
    """The region's agricultural science stations and S&T parks (platforms registry), each with
    its level now, the level sought and its events (applications, approvals) in date order."""
    from kechuang.platforms.choices import RURAL_KINDS
    from kechuang.platforms.models import Platform, PlatformEvent

    found = list(
        Platform.objects.visible_in(user, region)
        .filter(kind__name__in=RURAL_KINDS)
        .select_related("kind", "region")
        .order_by("kind__name", "name")
    )
    from kechuang.platforms.choices import PlatformLevel, PlatformStatus

    states, levels = dict(PlatformStatus.choices), dict(PlatformLevel.choices)
    events: dict[int, list[Any]] = defaultdict(list)
    for event in PlatformEvent.objects.filter(platform__in=[p.pk for p in found]).order_by(
        "occurred_on", "pk"
    ):
        events[event.platform_id].append(
            {
                "on": event.occurred_on,
                "state": states.get(event.state, event.state),
                "level": levels.get(event.level, "") if event.level else "",
            }
        )
    return [{"platform": p, "events": events.get(p.pk, [])} for p in found]


def coverage_progress(target: Any) -> Any:
    """The target "重点村科技特派员全覆盖": key villages covered in its year and region."""
    from kechuang.targets.selectors import Progress

    covered, _share = summary(coverage(user=None, region=target.region, year=target.year))
    return Progress(target, covered, covered, "服务对接记录")
