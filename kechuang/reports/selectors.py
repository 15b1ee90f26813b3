"""The leader dashboard: the period's key figures, targets, funnel, areas, gaps and findings."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from kechuang.accounts.choices import CODE_LENGTH, RegionLevel
from kechuang.accounts.models import Region
from kechuang.core import figures, reporting
from kechuang.core.periods import Period


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
    if result.areas is not None:  # stored with the figure
        counts = result.areas
    elif result.records is None:
        return []
    else:
        counts = area_counts(result.records, region)
    names = dict(Region.objects.filter(code__in=list(counts)).values_list("code", "name"))
    return [
        {"code": code, "name": names.get(code, code), "n": n}
        for code, n in sorted(counts.items(), key=lambda item: -item[1])
    ]


def area_counts(records: Any, region: Region) -> dict[str, int]:
    """The records counted per child area of ``region`` (per town below a county)."""
    level = min(int(region.level) + 1, int(RegionLevel.TOWN))
    length = CODE_LENGTH[RegionLevel(level)]
    counts: dict[str, int] = {}
    path = f"{figures.listing_of(records.model).region}__code"  # a record's town
    grouped = records.order_by().values(path).annotate(n=Count("pk"))
    for code, n in grouped.values_list(path, "n"):
        counts[code[:length]] = counts.get(code[:length], 0) + n
    return counts


def dashboard(*, user: Any, region: Region, period: Period) -> dict[str, Any]:
    """Cards, area comparison, charts and panels, all from what the apps registered."""
    from .compose import Composer
    from .services import setting_for

    setting = setting_for(region)
    composer = Composer(user=user, region=region, period=period, talent_min=setting.talent_min)
    registered = reporting.cards()
    cards = [card(user, c.figure, region, period, composer.fig(c.figure)) for c in registered]
    side_by_side = [c.figure for c in registered if c.side_by_side]
    charted = [c for c in registered if c.chart]
    areas = children(region)
    wanted = {c.figure for c in charted} | (set(side_by_side) if areas else set())
    area_rows = {key: by_area(user, key, region, period, composer.fig(key)) for key in wanted}
    rows = []
    if areas:
        per_figure = {key: {a["code"]: a["n"] for a in area_rows[key]} for key in side_by_side}
        for child in areas:
            rows.append(
                {
                    "region": child,
                    "cells": [
                        {
                            "value": per_figure[key].get(child.code, 0),
                            "url": figure_url(key, child, period),
                        }
                        for key in side_by_side
                    ],
                }
            )
    panels = [
        {
            "key": panel.key.replace(".", "-"),
            "template": panel.template,
            "data": composer.panel(panel),
        }
        for panel in reporting.panels()
    ]
    return {
        "cards": cards,
        "panels": panels,
        "charts": [
            {
                "key": c.figure.replace(".", "-"),
                "title": str(c.chart),
                "chart": area_chart(area_rows[c.figure], c.figure, period),
            }
            for c in charted
        ],
        "children": rows,
        "side_by_side": [str(figures.get(k).label) for k in side_by_side],
        "as_of": composer.as_of,  # stored numbers: when the worker computed them
    }


def area_chart(rows: list[dict[str, Any]], key: str, period: Period) -> dict[str, Any]:
    """Bars per area; a click opens the figure's records for that area."""
    url = reverse("reports:figure_detail", args=[key])
    return {
        "labels": [row["name"] for row in rows],
        "values": [row["n"] for row in rows],
        "links": [
            f"{url}?{urlencode({'region': row['code'], 'period': period.key})}" for row in rows
        ],
    }
