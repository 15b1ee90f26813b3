"""Enterprise service's part of the work report (plans §三(一)(二)) and the dashboard's need
loop panel (registered in core.reporting)."""

from __future__ import annotations

from typing import Any

from kechuang.core.reporting import (
    PLAN,
    Card,
    Panel,
    Section,
    count,
    joined,
    register_card,
    register_panel,
    register_section,
)


def service_plan(c: Any) -> str:
    """§三(一) 靠上服务，加强指导: regular visits, one enterprise one plan, the needs still
    open — each number a registered figure."""
    visited = c.fig("support.visited")
    planned = c.fig("support.planned")
    received = c.fig("support.needs_received")
    if not (visited.value or planned.value or received.value):
        return ""
    text = "靠上服务，加强指导。坚持常态化、系统化的走访调研和摸底调查制度"
    if visited.value:
        text += (
            f"（{c.period.label}走访企业{c.use('support.visited', count(visited.value))}家、"
            f"{visited.facts['visits']}家次）"
        )
    text += "，按照一企一策、分类指导的原则"
    if planned.value:
        text += (
            f"，对{joined(planned.examples())}等"
            f"{c.use('support.planned', count(planned.value))}家企业的培育方案按期复核、逐项落实"
        )
    text += "，采取个性化的分类指导"
    if received.value:
        closed = c.fig("support.needs_closed")
        text += (
            f"；{c.period.label}受理企业技术难题和需求"
            f"{c.use('support.needs_received', count(received.value))}项，"
            f"办结{c.use('support.needs_closed', count(closed.value or 0))}项"
        )
        rate = closed.facts.get("rate")
        if rate is not None:
            text += f"，企业满意率{c.use('support.needs_closed', f'{rate:g}', value=rate)}%"
        text += "，对未办结的需求跟踪督办，及时帮助企业解决技术难题和需求"
    return text + "。积极对接国家、省市科技政策、资金和项目，及时捕捉信息，深入研究政策。"


def liaison_plan(c: Any) -> str:
    """§三(二)'s leadership liaison (joined to the HTE target's paragraph)."""
    liaised = c.fig("support.liaised")
    if not liaised.value:
        return ""
    return (
        "继续实施班子成员联系服务企业技术创新制度，"
        f"{liaised.facts['leaders']}名班子成员联系服务"
        f"{c.use('support.liaised', count(liaised.value))}家企业，"
        "开展转作风提效能强服务促创新活动，通过联系走访服务，及时帮助企业解决技术难题和需求，"
        "促进创新发展。"
    )


register_section(Section("support.plan", PLAN, 5, service_plan))
register_section(Section("support.liaison", PLAN, 11, liaison_plan, paragraph="cultivate"))
register_card(Card("support.needs_closed", 41))


def loop_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    """The need loop's funnel with overdue and satisfaction, and visits per leader."""
    from django.urls import reverse

    from kechuang.core import figures

    from .selectors import funnel, visits_per_leader

    loop = funnel(user=user, region=region, period=period)
    # late and rated: the figures' own definitions, as the cards and the report say them
    closed = figures.compute("support.needs_closed", user=user, region=region, period=period)
    late = figures.compute("support.needs_overdue", user=user, region=region, period=period)
    loop.update(overdue=late.value, rate=closed.facts["rate"], rated=closed.facts["rated"])
    needs = reverse("talent:need_list")
    leaders = visits_per_leader(user=user, region=region, start=period.start, end=period.end)
    return {
        "loop": loop,
        "chart": {
            "labels": [s["label"] for s in loop["stages"]],
            "values": [s["count"] for s in loop["stages"]],
            "links": [f"{needs}?status={s['key']}" for s in loop["stages"]],
        },
        "leaders": {
            "labels": [r["name"] for r in leaders],
            "values": [r["visits"] for r in leaders],
            "links": [reverse("support:leader", args=[r["leader_id"]]) for r in leaders],
        },
        "overdue_url": f"{needs}?overdue=1",
        "period": period.label,
    }


register_panel(Panel("support.loop", 41, "support/_dashboard_loop.html", loop_panel))
