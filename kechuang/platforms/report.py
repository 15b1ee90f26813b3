"""Platforms' part of the work report and the dashboard (registered in core.reporting):
§一(三) in the seed's wording, problem 三 (diagnostic 3), plan §三(三), a card and the type ×
level panel."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from kechuang.accounts.choices import RegionLevel
from kechuang.core.reporting import (
    PLAN,
    PROBLEM,
    WORK,
    Card,
    Panel,
    Section,
    count,
    joined,
    pct,
    register_card,
    register_panel,
    register_section,
)
from kechuang.platforms.choices import RURAL_KINDS


def _with_kind(host: str, kind: str) -> str:
    """'华兴生物科技' + '科技企业孵化器' → '华兴生物科技企业孵化器' (no doubled word)."""
    for n in range(min(len(host), len(kind)), 1, -1):
        if host.endswith(kind[:n]):
            return host + kind[n:]
    return host + kind


def _approvals(c: Any, items: list[dict[str, Any]]) -> list[str]:
    """One sentence per list published (month, issuer, level, type); an institution-led
    platform and the county's first of its type at a level get their own words."""
    sentences = []

    def key(item: dict[str, Any]) -> tuple[Any, ...]:
        return (item["month"], item["issuer"], item["year"], item["level_label"], item["kind"])

    for (month, issuer, year, level, kind), group in groupby(sorted(items, key=key), key=key):
        led = list(group)
        own = [i for i in led if i["institution"]]
        listed = [i for i in led if not i["institution"]]
        if listed:
            names = joined([c.mention("platforms.approved", i["name"]) for i in listed])
            if issuer:
                text = (
                    f"{month}月份，{issuer}下发了{year}年度{level}{kind}名单，"
                    f"{names}成功创建{level}{kind}"
                )
            else:
                text = f"{month}月份，{names}成功获批{level}{kind}"
            if len(listed) == 1 and listed[0]["first"] and c.region.level == RegionLevel.COUNTY:
                text += f"，这也是全县首家{level}{kind}"
            sentences.append(text + "。")
        for item in own:
            name = c.mention("platforms.approved", item["name"])
            sentences.append(
                f"{month}月份，{item['institution']}牵头建立的{name}入选{level}{kind}。"
            )
    return sentences


def platforms_work(c: Any) -> str:
    approved = c.fig("platforms.approved").facts.get("items", [])
    parts = _approvals(c, approved)
    # each platform where it got furthest in the period: an approval says it all, a
    # recommendation says more than an application
    done = {item["id"] for item in approved}
    recommended = [
        item
        for item in c.fig("platforms.recommended_province").facts.get("items", [])
        if item["id"] not in done
    ]
    for month, items in groupby(recommended, key=lambda item: item["month"]):
        names = joined([c.mention("platforms.recommended_province", i["name"]) for i in items])
        parts.append(f"{month}月份，经积极推荐和争取，{names}通过市科技局公示推荐至省科技厅。")
    done |= {item["id"] for item in recommended}
    applying = [
        item
        for item in c.fig("platforms.applying").facts.get("items", [])
        if item["id"] not in done and item["kind"] not in RURAL_KINDS  # told in §一(六)
    ]
    for (level, kind), items in groupby(
        sorted(applying, key=lambda i: (i["level_label"], i["kind"], i["name"])),
        key=lambda i: (i["level_label"], i["kind"]),
    ):
        names = joined(sorted({c.mention("platforms.applying", i["name"]) for i in items}))
        parts.append(f"组织{names}申报{level}{kind}。")
    talks = []
    for item in c.fig("platforms.negotiating").facts.get("items", []):
        host = c.mention("platforms.negotiating", item["host"])
        if item["state"] == "intention":
            talks.append(f"积极推进指导{host}共建{item['kind']}，目前已达成初步合作意向")
        else:
            talks.append(f"积极推进{_with_kind(host, item['kind'])}对接洽谈")
    if talks:
        parts.append("；".join(talks) + "。")
    return "".join(parts)


def platforms_problem(c: Any) -> str:
    """Diagnostic 3: few platforms against the above-scale enterprises and their industries,
    and mostly municipal or below."""
    total = c.fig("platforms.total")
    above = c.fig("enterprises.above_scale")
    low = c.fig("platforms.municipal_or_below")
    share = low.facts.get("share")
    few = bool(above.value) and (total.value or 0) < above.value
    mostly_low = share is not None and share > 50  # "以…为主": a majority
    if not total.facts.get("recorded") or not (few or mostly_low):
        return ""  # no platform kept in the system is no finding
    if total.value:
        n = c.use("platforms.total", count(total.value))
        text = f"创新平台数量少、层次低。从数量来看，{c.region.name}各类科技创新平台约为{n}家"
    else:
        text = f"创新平台数量少、层次低。从数量来看，{c.region.name}尚无经认定的科技创新平台"
    if few:
        hosting = c.fig("platforms.above_scale_hosting")
        a = c.use("enterprises.above_scale", count(above.value))
        h = c.use("platforms.above_scale_hosting", count(hosting.value))
        text += (
            f"，与重点产业、规上企业数量相比，还存在较大差距：规模以上企业{a}家，"
            f"依托创新平台的仅{h}家"
        )
        missing = c.fig("platforms.industries_without")
        if missing.value:
            m = c.use("platforms.industries_without", count(missing.value))
            text += f"，规上企业所在的行业大类中有{m}个尚无创新平台"
    text += "。"
    if mostly_low:
        x = c.use("platforms.municipal_or_below", count(low.value))
        y = c.use("platforms.municipal_or_below", pct(share), value=share)
        text += (
            f"从平台层次来看，以市级及以下平台为主（{x}家，占{y}%），对企业创新的支撑作用还不明显。"
        )
    return text


def platforms_plan(c: Any) -> str:
    parts = []
    building = c.fig("platforms.building").facts.get("items", [])
    if building:
        names = joined([c.mention("platforms.building", i["name"]) for i in building[:3]])
        parts.append(f"全力做好{names}建设")
    talks = c.fig("platforms.negotiating").facts.get("items", [])
    if talks:
        names = joined(
            [
                _with_kind(c.mention("platforms.negotiating", i["host"]), i["kind"])
                for i in talks[:3]
            ]
        )
        parts.append(f"加快推进{names}对接共建")
    institutions = c.fig("platforms.total").facts.get("institutions", [])
    if institutions:
        parts.append(f"积极发挥{joined(institutions[:2])}平台作用，招引高科技项目和高层次人才")
    if not parts:
        return ""
    return "积极推进创新平台建设。" + "；".join(parts) + "。"


def kinds_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    """Platforms holding a level on the count day, by type × level, with the list's links."""
    from django.urls import reverse

    from .choices import PlatformLevel
    from .figures import standing
    from .models import Platform

    held = {pk: lv for pk, (_s, lv) in standing(user, region, period.as_of).items() if lv}
    counts: dict[tuple[int, str], int] = {}
    kinds: dict[int, tuple[int, str]] = {}
    for pk, kind_id, order, name in Platform.objects.filter(pk__in=list(held)).values_list(
        "pk", "kind_id", "kind__order", "kind__name"
    ):
        counts[(kind_id, held[pk])] = counts.get((kind_id, held[pk]), 0) + 1
        kinds[kind_id] = (order, name)
    levels = [level.value for level in PlatformLevel]
    url = reverse("platforms:platform_list")
    rows: list[dict[str, Any]] = [
        {
            "name": name,
            "cells": [
                {
                    "n": counts.get((kind_id, level), 0),
                    "url": f"{url}?kind={kind_id}&level={level}&region={region.code}",
                }
                for level in levels
            ],
            "total": sum(counts.get((kind_id, level), 0) for level in levels),
            "url": f"{url}?kind={kind_id}&region={region.code}",
        }
        for kind_id, (_order, name) in sorted(kinds.items(), key=lambda item: item[1])
    ]
    return {
        "headers": [str(level.label) for level in PlatformLevel],
        "rows": rows,
        "totals": [sum(r["cells"][i]["n"] for r in rows) for i in range(len(levels))],
        "total": len(held),
        "as_of": period.as_of.isoformat(),
    }


register_section(
    Section("platforms.work", WORK, 30, platforms_work, heading="积极搭建科技平台载体建设。")
)
register_section(Section("platforms.few_and_low", PROBLEM, 15, platforms_problem))
register_section(Section("platforms.plan", PLAN, 30, platforms_plan))
register_card(Card("platforms.total", 35, side_by_side=True))
register_card(Card("platforms.approved", 36))
register_panel(Panel("platforms.kinds", 35, "platforms/_dashboard_kinds.html", kinds_panel, True))
