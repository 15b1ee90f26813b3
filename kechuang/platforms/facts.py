"""What the platforms tell the eligibility engine (registered with enterprises.facts):

- the tech-SME direct route "R&D institution at provincial/ministerial level or above"
  (115号 Art. 8(3)) holds when the enterprise hosts a platform of an R&D-institution type that
  held a provincial or national level on the application date;
- the HTE R&D-management score names the R&D institutions and open innovation platforms the
  enterprise hosts (any level) as the experts' evidence for items (2) and (3).

Levels are read from the dated history, as the figures do, so an assessment of an earlier
year sees the platforms of that year.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from .choices import PlatformLevel, PlatformStatus
from .models import Platform, PlatformEvent

HIGH = frozenset({PlatformLevel.PROVINCIAL.value, PlatformLevel.NATIONAL.value})


def held_on(platform_ids: list[int], on: date) -> dict[int, str]:
    """The level each platform held on ``on`` ("" none), from its approvals and revocations."""
    held: dict[int, str] = {}
    for platform_id, state, level in (
        PlatformEvent.objects.filter(
            platform_id__in=platform_ids,
            occurred_on__lte=on,
            state__in=(PlatformStatus.APPROVED, PlatformStatus.REVOKED),
        )
        .order_by("platform_id", "occurred_on", "pk")
        .values_list("platform_id", "state", "level")
    ):
        held[platform_id] = level if state == PlatformStatus.APPROVED else ""
    return held


def platform_facts(ids: list[int], on: date) -> dict[int, dict[str, dict[str, Any]]]:
    if not ids:
        return {}
    hosted = list(
        Platform.objects.filter(host_enterprise_id__in=ids)
        .filter(Q(kind__is_rd_institution=True) | Q(kind__is_open_platform=True))
        .values_list("pk", "host_enterprise_id", "name", "kind__name", "kind__is_rd_institution")
    )
    held = held_on([row[0] for row in hosted], on)
    labels = dict(PlatformLevel.choices)
    names: dict[int, list[str]] = {pk: [] for pk in ids}
    direct: set[int] = set()
    for pk, enterprise_id, name, kind, is_rd in hosted:
        level = held.get(pk, "")
        if not level:
            continue
        names[enterprise_id].append(f"{name}（{labels[level]}{kind}）")
        if is_rd and level in HIGH:
            direct.add(enterprise_id)
    return {
        pk: {
            "hte": {"rd_platforms": tuple(sorted(names[pk]))},
            "techsme": {"provincial_rd_institution": pk in direct},
        }
        for pk in ids
    }
