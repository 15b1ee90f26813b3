"""Talent's part of the work report and the dashboard (registered in core.reporting)."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from kechuang.accounts.choices import RegionLevel
from kechuang.core.reporting import (
    PLAN,
    PROBLEM,
    WORK,
    Card,
    Panel,
    Section,
    count,
    pct,
    register_card,
    register_panel,
    register_section,
)


def cooperation_depth(c: Any) -> str:
    """Problem 一, diagnostic 1: most cooperations never got past a framework agreement."""
    shallow = c.fig("talent.shallow")
    share = shallow.facts.get("share")
    if share is None or share <= 50:  # "主要还是停留在…": a majority
        return ""
    total = c.fig("talent.cooperations")
    n = c.use("talent.cooperations", count(total.value))
    x = c.use("talent.shallow", count(shallow.value))
    y = c.use("talent.shallow", pct(share), value=share)
    return (
        "企业的自主创新意识不强。企业产学研合作协同创新力度和深度不够，"
        "与高校、科研院所的合作主要还是停留在框架协议、低层次项目上："
        f"{c.region.name}登记的{n}项产学研合作中，{x}项（占{y}%）最高只达到框架协议及以下阶段，"
        "针对企业生产过程中遇到的技术难题，缺少与高校院所的精准合作。"
    )


register_section(Section("talent.depth", PROBLEM, 5, cooperation_depth))
register_card(Card("talent.shallow", 37))


def _day(on: Any) -> str:
    return f"{on.month}月{on.day}日"


def _span(start: Any, end: Any) -> str:
    """3月5日 / 3月5至7日 / 3月30日至4月2日 (the seed's dates of a trip)."""
    if start == end:
        return _day(start)
    if start.month == end.month:
        return f"{start.month}月{start.day}至{end.day}日"
    return f"{_day(start)}至{_day(end)}"


def _project(topic: str) -> str:
    """ "碳纤维构件成型" → "碳纤维构件成型项目"; a topic that says 项目 already keeps it."""
    return topic if topic.endswith("项目") else f"{topic}项目"


def _experts(item: dict[str, Any]) -> str:
    return "、".join(f"{name}{title}" for name, title in item["experts"])


def _visit(c: Any, item: dict[str, Any], *, dated: bool) -> str:
    ent = c.mention("talent.visits", item["enterprise"]) if item["enterprise"] else ""
    place = item["institution"] or item["counterpart"]
    topic = c.mention("talent.visits", item["topic"])
    who = _experts(item)
    when = f"{_day(item['on'])}" if dated else ""
    if ent and place and item["outcome"]:
        return f"{when}组织{ent}赴{place}对接{who}合作{topic}项目，已达成{item['outcome']}"
    if ent and place:
        return f"{when}帮助{ent}对接{place}{who}，对接{topic}"
    return f"{when}赴{place}{'与' + who if who else ''}对接{topic}"


def talent_work(c: Any) -> str:
    """§一(四) in the seed's words: each trip's visits with dates, enterprises, institutions,
    experts, projects and the rung reached."""
    from itertools import groupby

    items = c.fig("talent.visits").facts.get("items", [])
    bureau = "县科技局" if c.region.level == RegionLevel.COUNTY else f"{c.region.name}科技局"
    parts = []
    for _trip, group in groupby(items, key=lambda item: item["trip"]):
        visits = list(group)
        first = visits[0]
        if len(visits) == 1 or first["start"] == first["end"]:
            parts += [_visit(c, v, dated=True) for v in visits]
            continue
        legs = []
        for v in visits:
            c.mention("talent.visits", v["topic"])
            project = _project(v["topic"])
            if v["enterprise"] and (v["institution"] or v["counterpart"]):
                # an enterprise taken to a counterpart: who went where, to whom
                c.mention("talent.visits", v["enterprise"])
                target = v["institution"] or v["counterpart"]
                leg = f"组织{v['enterprise']}赴{target}对接{_experts(v)}{project}"
                if v["outcome"]:
                    leg += f"，已达成{v['outcome']}"
                legs.append(leg)
                continue
            place = v["enterprise"] or v["institution"] or v["counterpart"]
            who = _experts(v) or (v["counterpart"] if v["enterprise"] or v["institution"] else "")
            legs.append(f"赴{place}{'与' + who if who else ''}对接{project}")
        parts.append(f"{_span(first['start'], first['end'])}，{bureau}分别" + "，".join(legs))
    return "；".join(parts) + "。" if parts else ""


register_section(Section("talent.work", WORK, 40, talent_work, heading="着力突破招才引智工作。"))


def ladder_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    """The ladder on the count day (from the history) and the cooperations that have not
    moved for 180 days by then, with links to the list and the ladder page."""
    from datetime import timedelta

    from django.urls import reverse

    from .choices import RUNGS, CooperationStatus
    from .figures import ladder
    from .models import CooperationEvent

    on = period.as_of
    standing = ladder(user, region, on)
    counts = {s.value: 0 for s in (*RUNGS, CooperationStatus.DROPPED)}
    for state, _top in standing.values():
        counts[state] = counts.get(state, 0) + 1
    moving = {s.value for s in RUNGS[:-2]}
    last = dict(
        CooperationEvent.objects.filter(cooperation_id__in=list(standing), occurred_on__lte=on)
        .order_by()
        .values("cooperation_id")
        .annotate(at=Max("occurred_on"))
        .values_list("cooperation_id", "at")
    )
    cutoff = on - timedelta(days=180)
    stalled = sum(
        1
        for pk, (state, _t) in standing.items()
        if state in moving and last.get(pk) and last[pk] <= cutoff
    )
    url = reverse("talent:cooperation_list")
    shown = [*RUNGS, CooperationStatus.DROPPED]
    return {
        "as_of": on.isoformat(),
        "stalled": stalled,
        "ladder_url": reverse("talent:ladder"),
        "chart": {
            "labels": [str(s.label) for s in shown],
            "values": [counts.get(s.value, 0) for s in shown],
            "links": [f"{url}?status={s.value}" for s in shown],
        },
    }


register_panel(Panel("talent.ladder", 37, "talent/_dashboard_ladder.html", ladder_panel, True))


def plans(c: Any) -> str:
    """Plan §三(五)'s named cooperations: the next year's planned ones, by enterprise and
    institution ("帮助X等与中国农业大学、X农业大学…等高校院所做好技术和项目对接合作")."""
    from kechuang.core.figures import short_name

    from .models import CooperationPlan

    rows = list(
        CooperationPlan.objects.visible_in(c.user, c.region)
        .filter(year=c.period.end.year + 1)
        .select_related("enterprise", "institution")
        .order_by("pk")
    )
    if not rows:
        return ""
    firms = list(dict.fromkeys(short_name(p.enterprise.name) for p in rows))
    places = list(dict.fromkeys(p.institution.name for p in rows))
    many = "等" if len(firms) > 1 else ""
    return (
        f"深化产学研合作。帮助{'、'.join(firms[:3])}{many}与{'、'.join(places[:3])}等高校院所"
        "做好技术和项目对接合作，加快科技成果转化和技术转移。"
    )


register_section(Section("talent.plans", PLAN, 40, plans))
