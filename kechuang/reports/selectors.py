"""The leader dashboard: the period's key figures, targets, funnel, areas, gaps and findings."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from kechuang.accounts.choices import CODE_LENGTH, RegionLevel
from kechuang.accounts.models import Region
from kechuang.core import figures
from kechuang.core.periods import Period

CARDS = [
    "enterprises.above_scale",
    "enterprises.hte_valid",
    "cultivation.hte_recognised",
    "cultivation.tech_sme_registered",
    "cultivation.hte_trained",
    "rdstats.survey_submitted",
    "rdstats.rd_total",
    "rdstats.below_threshold",
    "cultivation.certificates_expiring",
    "enterprises.above_scale_without_bachelor",
]
SIDE_BY_SIDE = [
    "enterprises.above_scale",
    "enterprises.hte_valid",
    "cultivation.hte_recognised",
    "cultivation.tech_sme_registered",
    "rdstats.rd_total",
]


def figure_url(key: str, region: Region, period: Period) -> str:
    query = urlencode({"region": region.code, "period": period.key})
    return reverse("reports:figure_detail", args=[key]) + "?" + query


def card(user: Any, key: str, region: Region, period: Period) -> dict[str, Any]:
    figure = figures.get(key)
    result = figures.compute(key, user=user, region=region, period=period)
    return {
        "key": key,
        "label": figure.label,
        "unit": figure.unit,
        "value": result.value,
        "facts": result.facts,
        "url": figure_url(key, region, period),
    }


def children(region: Region) -> list[Region]:
    if region.level >= RegionLevel.COUNTY:
        return []
    return list(Region.objects.filter(parent=region).order_by("code"))


def by_area(user: Any, key: str, region: Region, period: Period) -> list[dict[str, Any]]:
    """A figure's records counted per town (or per child area above a county)."""
    result = figures.compute(key, user=user, region=region, period=period)
    if result.records is None:
        return []
    level = min(int(region.level) + 1, int(RegionLevel.TOWN))
    length = CODE_LENGTH[RegionLevel(level)]
    counts: dict[str, int] = defaultdict(int)
    for code, n in (
        result.records.values("region__code")
        .annotate(n=Count("pk"))
        .values_list("region__code", "n")
    ):
        counts[code[:length]] += n
    names = dict(Region.objects.filter(code__in=list(counts)).values_list("code", "name"))
    return [
        {"code": code, "name": names.get(code, code), "n": n}
        for code, n in sorted(counts.items(), key=lambda item: -item[1])
    ]


def top_gaps(user: Any, region: Region, period: Period) -> list[dict[str, Any]]:
    """The commonest single criteria missed in the HTE pool (latest assessments of the year)."""
    from kechuang.core.scoping import region_q
    from kechuang.cultivation.models import Assessment
    from kechuang.cultivation.selectors import GAP_LABELS

    pool = Assessment.objects.visible_to(user).filter(
        region_q("enterprise__region", region.code),
        rule="hte",
        year=period.year,
        is_latest=True,
        gap_count__gt=0,
    )
    counts = pool.aggregate(
        **{code: Count("pk", filter=Q(gap_codes__contains=f"|{code}|")) for code in GAP_LABELS}
    )
    rows = [
        {
            "code": code,
            "label": GAP_LABELS[code],
            "n": n,
            "url": reverse("cultivation:pool")
            + "?"
            + urlencode({"gap": code, "year": str(period.year)}),
        }
        for code, n in counts.items()
        if n
    ]
    return sorted(rows, key=lambda r: -r["n"])[:5]


def dashboard(*, user: Any, region: Region, period: Period) -> dict[str, Any]:
    from kechuang.cultivation.pipeline import Stage
    from kechuang.cultivation.pipeline_services import stage_counts
    from kechuang.targets.selectors import targets_for

    from .compose import Composer
    from .services import setting_for

    cards = [card(user, key, region, period) for key in CARDS]
    stages = stage_counts(user=user, year=period.year)
    funnel = [
        {"label": str(stage.label), "n": stages.get(stage.value, 0)}
        for stage in Stage
        if stage != Stage.NOT_RECOGNISED
    ]
    setting = setting_for(region)
    composer = Composer(user=user, region=region, period=period, talent_min=setting.talent_min)
    rows = []
    for child in children(region):
        rows.append(
            {
                "region": child,
                "cells": [
                    {
                        "value": figures.compute(key, user=user, region=child, period=period).value,
                        "url": figure_url(key, child, period),
                    }
                    for key in SIDE_BY_SIDE
                ],
            }
        )
    return {
        "cards": cards,
        "targets": [
            t for t in targets_for(user=user, year=period.year) if t.target.region_id == region.pk
        ],
        "funnel": funnel,
        "hte_by_area": by_area(user, "enterprises.hte_valid", region, period),
        "sme_by_area": by_area(user, "cultivation.tech_sme_registered", region, period),
        "gaps": top_gaps(user, region, period),
        "findings": composer.problems(),
        "children": rows,
        "side_by_side": [figures.get(k).label for k in SIDE_BY_SIDE],
    }
