"""Cultivation's part of the work report and the dashboard (registered in core.reporting)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kechuang.core.reporting import (
    FRESHNESS,
    ORDINALS,
    WORK,
    Card,
    Panel,
    Section,
    count,
    joined,
    months,
    partners,
    register_card,
    register_panel,
    register_section,
)


def cultivation_work(c: Any) -> str:
    parts = []
    trained = c.fig("cultivation.hte_trained")
    if trained.value:
        n = c.use("cultivation.hte_trained", count(trained.value))
        parts.append(f"强化高新技术企业源头培育，对拟认证的{n}家企业进行高新技术企业认定培训。")
    guided = c.fig("cultivation.hte_guided")
    if guided.value:
        with_whom = partners(guided.facts["organisers"])
        parts.append(
            f"{months(guided.facts['months'])}，县科技局{with_whom}到重点培育企业"
            f"{joined(guided.examples())}等"
            f"{c.use('cultivation.hte_guided', count(guided.value))}家企业现场指导。"
        )
    verified = c.fig("cultivation.hte_verified")
    if verified.value:
        with_whom = partners(verified.facts["organisers"]) or "组织人员"
        n = c.use("cultivation.hte_verified", count(verified.value))
        parts.append(
            f"{months(verified.facts['months'])}，{with_whom}到{n}家申报企业进行现场核实。"
        )
    applied = c.fig("cultivation.hte_applied_batch1")
    if applied.value:
        n = c.use("cultivation.hte_applied_batch1", count(applied.value))
        parts.append(f"目前组织{joined(applied.examples())}等{n}家企业申报第一批次高企。")
    recognised = c.fig("cultivation.hte_recognised")
    if recognised.value:
        n = c.use("cultivation.hte_recognised", count(recognised.value))
        parts.append(f"新认定国家高新技术企业{n}家。")
    mobilised = c.fig("cultivation.tech_sme_mobilised")
    if mobilised.value:
        parts.append(
            f"积极组织开展科技型中小企业评价，广泛动员{joined(mobilised.examples())}等企业"
            "开展科技型中小企业入库工作。"
        )
    registered = c.fig("cultivation.tech_sme_registered")
    if registered.value:
        batches = registered.facts.get("batches") or 0
        lead = f"目前{ORDINALS[batches - 1]}批共" if 0 < batches <= 10 else "目前共"
        parts.append(
            f"{lead}{c.use('cultivation.tech_sme_registered', count(registered.value))}家"
            "已完成评价入库，入库后可享受科技型中小企业成果转化贷款风险补偿政策，"
            "拓宽了企业创新担保贷款渠道。"
        )
    return "".join(parts)


def funnel_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    from kechuang.cultivation.hte.models import Stage
    from kechuang.cultivation.hte.selectors import current_stage_counts

    stages = current_stage_counts(user, region, period.year)
    shown = [s for s in Stage if s != Stage.NOT_RECOGNISED]
    return {
        "year": period.year,
        "chart": {
            "labels": [str(s.label) for s in shown],
            "values": [stages.get(s.value, 0) for s in shown],
            "links": [],
        },
    }


def gaps_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    from kechuang.cultivation.assessments.selectors import top_gaps

    return {"gaps": top_gaps(user, region, period)}


FRESHNESS.add("cultivation.Assessment")  # bulk-inserted, not audited: the cache watches it
register_section(
    Section("cultivation.work", WORK, 20, cultivation_work, heading="强化创新型企业培育工作。")
)
register_card(Card("cultivation.hte_recognised", 30, side_by_side=True, home=True))
register_card(
    Card(
        "cultivation.tech_sme_registered",
        40,
        side_by_side=True,
        chart=_("本期科技型中小企业入库分布"),
        home=True,
    )
)
register_card(Card("cultivation.hte_trained", 50))
register_card(Card("cultivation.certificates_expiring", 90))
register_panel(
    Panel("cultivation.funnel", 30, "cultivation/_dashboard_funnel.html", funnel_panel, True)
)
register_panel(Panel("cultivation.gaps", 40, "cultivation/_dashboard_gaps.html", gaps_panel, True))
