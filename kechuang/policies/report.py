"""The policy line's part of the work report (§一(一)'s policy and dissemination sentences,
joined to the R&D survey's paragraph) and the dashboard's policy reach."""

from __future__ import annotations

from typing import Any

from kechuang.core.reporting import WORK, Panel, Section, count, register_panel, register_section

from .choices import Outlet

ONLINE = (Outlet.WECHAT, Outlet.OFFICIAL_ACCOUNT, Outlet.WEBSITE)


def policy_work(c: Any) -> str:
    spread = c.fig("policies.disseminations")
    told = c.fig("policies.told")
    if not (spread.value or told.value):
        return ""
    text = "强化服务意识，积极宣传和执行科技政策，确保各项惠企政策落实到位。"
    if spread.value:
        outlets = [Outlet(o).label for o in spread.facts["outlets"] if o in ONLINE]
        via = f"通过{'、'.join(str(o) for o in outlets[:2])}等方式，" if outlets else ""
        titles = "、".join(f"《{t}》" for t in spread.facts["titles"][:2])
        many = "等" if spread.value > 2 else ""
        text += (
            f"{via}及时转发宣传{titles}{many}"
            f"{c.use('policies.disseminations', count(spread.value))}条政策和科普信息"
        )
        reach = spread.facts.get("reach")
        if reach:
            text += f"，覆盖{reach}人次"
        text += "。"
    if told.value:
        titles = "、".join(f"《{t}》" for t in told.facts["titles"][:2])
        many = "等" if told.facts["policies"] > 2 else ""
        text += (
            f"对照政策申报条件逐一筛查企业，向{c.use('policies.told', count(told.value))}家企业"
            f"精准推送{titles}{many}{told.facts['policies']}项政策{told.facts['pushes']}次。"
        )
    return text


register_section(
    Section(
        "policies.work",
        WORK,
        5,
        policy_work,
        heading="统筹抓好科技政策贯彻执行和研发投入统计工作。",
        paragraph="policy",
    )
)


def reach_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    """Policy reach: per policy in force, the enterprises that qualify and how many of them
    were told (the push ledger)."""
    from django.urls import reverse

    from kechuang.core.figures import enterprises_in

    from .matching import FACT_FIELDS, QUALIFIED, facts_for, match
    from .models import Push

    day = period.end
    from .selectors import library

    policies = [
        p
        for p in library(user, region).order_by("-issued_on", "pk")
        if p.in_force(day) and p.conditions
    ][:10]
    rows = []
    if policies:
        enterprises = list(enterprises_in(user, region).only(*FACT_FIELDS))
        facts = facts_for(enterprises, day)
        told = set(
            Push.objects.filter(
                policy__in=policies, enterprise__in=enterprises_in(user, region).values("pk")
            )
            .order_by()
            .values_list("policy_id", "enterprise_id")
            .distinct()
        )
        for p in policies:
            found = [
                m
                for m in match(p, enterprises, day, facts=facts, estimate=False)
                if m.kind == QUALIFIED
            ]
            reached = sum(1 for m in found if (p.pk, m.enterprise.pk) in told)
            rows.append(
                {
                    "title": p.title,
                    "url": reverse("policies:matches", args=[p.pk]),
                    "qualified": len(found),
                    "told": reached,
                    "untold": len(found) - reached,
                }
            )
    return {"rows": rows}


# Stored by the worker for the large regions (reports.snapshots): matching a province's
# enterprises against ten policies takes seconds; the data is plain JSON, and a staff user
# whose region holds the asked one sees exactly the system's answer.
register_panel(
    Panel("policies.reach", 42, "policies/_dashboard_reach.html", reach_panel, snapshot=True)
)
