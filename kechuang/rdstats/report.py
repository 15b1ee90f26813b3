"""The R&D survey's part of the work report and the dashboard (registered in core.reporting)."""

from __future__ import annotations

from typing import Any

from kechuang.core.reporting import (
    PROBLEM,
    WORK,
    Card,
    Section,
    count,
    pct,
    register_card,
    register_section,
    wan,
)


def survey_work(c: Any) -> str:
    submitted = c.fig("rdstats.survey_submitted")
    if not submitted.value:
        return ""
    text = (
        f"积极组织{c.use('rdstats.survey_submitted', count(submitted.value))}家纳统企业"
        f"填报{submitted.facts['year']}年度企业研发投入统计年报，"
        "为争取研发经费加计扣除和省级研究开发补助资金打下基础。"
    )
    total = c.fig("rdstats.rd_total")
    if total.value:
        shown = c.use("rdstats.rd_total", wan(total.value))
        accepted = total.facts.get("accepted")
        if accepted is not None and accepted < (submitted.value or 0):
            # a partial review: the total covers only the accepted forms (issue #12)
            text += f"经审核，已审核通过的{accepted}家企业研发经费支出合计{shown}万元"
        else:
            text += f"经审核，填报企业研发经费支出合计{shown}万元"
        intensity = total.facts.get("intensity")
        if intensity is not None:
            shown = c.use("rdstats.rd_total", pct(intensity), value=intensity)
            text += f"，占地区生产总值的{shown}%"
        text += "。"
    return text


def low_intensity(c: Any) -> str:
    below = c.fig("rdstats.below_threshold")
    if not below.value:
        return ""
    threshold = below.facts["threshold"]
    share = below.facts["share"]
    return (
        "科技投入不足、活力不强。在填报研发投入统计的企业中，"
        f"{c.use('rdstats.below_threshold', count(below.value))}家企业"
        f"（占{c.use('rdstats.below_threshold', pct(share), value=share)}%）"
        f"研发投入占营业收入的比重低于{pct(threshold).rstrip('0').rstrip('.')}%，"
        "科技创新活跃度较低。"
    )


register_section(
    Section(
        "rdstats.survey",
        WORK,
        10,
        survey_work,
        heading="统筹抓好研发投入统计和科技政策贯彻执行工作。",
        paragraph="policy",  # policies.work opens the paragraph when it has sentences
    )
)
register_section(Section("rdstats.low_intensity", PROBLEM, 20, low_intensity))
register_card(Card("rdstats.survey_submitted", 60, side_by_side=True))
register_card(Card("rdstats.rd_total", 70))
register_card(Card("rdstats.below_threshold", 80))
