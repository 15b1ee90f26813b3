"""The targets' part of the work report and the dashboard (registered in core.reporting)."""

from __future__ import annotations

from typing import Any

from kechuang.core.reporting import PLAN, Panel, Section, count, register_panel, register_section


def hte_plan(c: Any) -> str:
    hte = c.fig("targets.next_hte_recognised")
    if not hte.value:
        return ""
    return (
        "加强创新型企业培育。围绕重点培育企业和科技型中小微企业，加强科技政策辅导培训，"
        f"大力实施小升高计划，全年新认定国家高新技术企业"
        f"{c.use('targets.next_hte_recognised', count(hte.value))}家以上。"
    )


def sme_plan(c: Any) -> str:
    sme = c.fig("targets.next_tech_sme_registered")
    if not sme.value:
        return ""
    return (
        "扩大科技型中小企业群体，全年科技型中小企业评价入库"
        f"{c.use('targets.next_tech_sme_registered', count(sme.value))}家以上。"
    )


def targets_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    from .selectors import targets_for

    progress = [
        t for t in targets_for(user=user, year=period.year) if t.target.region_id == region.pk
    ]
    return {"targets": progress, "year": period.year}


register_section(Section("targets.hte", PLAN, 10, hte_plan, paragraph="cultivate"))
register_section(Section("targets.tech_sme", PLAN, 20, sme_plan))
register_panel(Panel("targets.progress", 10, "targets/_dashboard_targets.html", targets_panel))
