"""The leader dashboard: the period's key figures, targets, funnel, areas, gaps and findings."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count
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
SIDE_BY_SIDE = [  # count figures: one grouped query each, whatever the number of areas
    "enterprises.above_scale",
    "enterprises.hte_valid",
    "cultivation.hte_recognised",
    "cultivation.tech_sme_registered",
    "rdstats.survey_submitted",
]


def region_of(user: Any, code: str | None) -> Region:
    """The asked region (default: the user's own), 404 unless the user may see it."""
    from django.http import Http404

    code = code or getattr(user.region, "code", "")
    region: Region | None = Region.objects.visible_to(user).filter(code=code).first()
    if region is None:
        raise Http404
    return region


def period_of(text: str | None) -> Period:
    """The asked period (default: this year); PeriodError says what is wrong."""
    from django.utils import timezone

    return Period.parse(text or str(timezone.localdate().year))


def figure_url(key: str, region: Region, period: Period) -> str:
    query = urlencode({"region": region.code, "period": period.key})
    return reverse("reports:figure_detail", args=[key]) + "?" + query


def card(user: Any, key: str, region: Region, period: Period, result: Any = None) -> dict[str, Any]:
    figure = figures.get(key)
    if result is None:
        result = figures.compute(key, user=user, region=region, period=period)
    return {
        "key": key,
        "label": str(figure.label),
        "unit": str(figure.unit),
        "value": result.value,
        "facts": result.facts,
        "url": figure_url(key, region, period),
    }


def children(region: Region) -> list[Region]:
    if region.level >= RegionLevel.COUNTY:
        return []
    return list(Region.objects.filter(parent=region).order_by("code"))


def by_area(
    user: Any, key: str, region: Region, period: Period, result: Any = None
) -> list[dict[str, Any]]:
    """A figure's records counted per town (or per child area above a county)."""
    if result is None:
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
    from django.db.models import Max
    from django.utils import timezone

    from kechuang.cultivation.models import Assessment
    from kechuang.cultivation.selectors import GAP_LABELS, settled_holders

    latest = Assessment.objects.filter(rule="hte", is_latest=True)
    # the latest year assessed up to the one after the period (the pool its data feed)
    year = latest.filter(year__lte=period.year + 1).aggregate(y=Max("year"))["y"]
    pool = latest.filter(
        year=year,
        gap_count__gt=0,
        enterprise__in=figures.enterprises_in(user, region).values("pk"),
    ).exclude(enterprise__in=settled_holders(timezone.localdate()))
    counts: dict[str, int] = defaultdict(int)
    for codes in pool.values_list("gap_codes", flat=True).iterator(chunk_size=5000):
        for code in codes.strip("|").split("|"):
            if code in GAP_LABELS:
                counts[code] += 1
    rows: list[dict[str, Any]] = [
        {
            "code": code,
            "label": str(GAP_LABELS[code]),
            "n": n,
            "url": reverse("cultivation:pool") + "?" + urlencode({"gap": code, "year": str(year)}),
        }
        for code, n in counts.items()
        if n
    ]
    return sorted(rows, key=lambda r: -r["n"])[:5]


def current_stage_counts(user: Any, region: Region, year: int) -> dict[str, int]:
    """Enterprises at each recognition stage now, in the region: each enterprise's furthest
    stage of the year (not superseded), computed in the database."""
    from django.db.models import Case, IntegerField, Max, Value, When

    from kechuang.cultivation.pipeline import ORDER, PipelineEvent, Stage

    order = Case(
        *[When(stage=stage.value, then=Value(i)) for i, stage in enumerate(ORDER)],
        When(stage=Stage.NOT_RECOGNISED, then=Value(len(ORDER))),
        output_field=IntegerField(),
    )
    furthest = (
        PipelineEvent.objects.filter(
            enterprise__in=figures.enterprises_in(user, region).values("pk"),
            year=year,
            superseded_by__isnull=True,
        )
        .values("enterprise_id")
        .annotate(top=Max(order))
        .values_list("top", flat=True)
    )
    stages = [*ORDER, Stage.NOT_RECOGNISED]
    counts: dict[str, int] = defaultdict(int)
    for top in furthest:
        counts[stages[top].value] += 1
    return counts


def dashboard(*, user: Any, region: Region, period: Period) -> dict[str, Any]:
    from kechuang.cultivation.pipeline import Stage
    from kechuang.targets.selectors import targets_for

    from .compose import Composer
    from .services import setting_for

    setting = setting_for(region)
    composer = Composer(user=user, region=region, period=period, talent_min=setting.talent_min)
    cards = [card(user, key, region, period, composer.fig(key)) for key in CARDS]
    stages = current_stage_counts(user, region, period.year)
    funnel = [
        {"label": str(stage.label), "n": stages.get(stage.value, 0)}
        for stage in Stage
        if stage != Stage.NOT_RECOGNISED
    ]
    areas = children(region)
    charted = {"enterprises.hte_valid", "cultivation.tech_sme_registered"}
    area_rows = {
        key: by_area(user, key, region, period, composer.fig(key))
        for key in (charted | set(SIDE_BY_SIDE) if areas else charted)
    }
    rows = []
    if areas:
        per_figure = {key: {a["code"]: a["n"] for a in area_rows[key]} for key in SIDE_BY_SIDE}
        for child in areas:
            rows.append(
                {
                    "region": child,
                    "cells": [
                        {
                            "value": per_figure[key].get(child.code, 0),
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
        "hte_by_area": area_rows["enterprises.hte_valid"],
        "sme_by_area": area_rows["cultivation.tech_sme_registered"],
        "gaps": top_gaps(user, region, period),
        "findings": composer.problems(),
        "children": rows,
        "side_by_side": [str(figures.get(k).label) for k in SIDE_BY_SIDE],
    }
