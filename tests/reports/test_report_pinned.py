# ruff: noqa: E501 - the pinned text is kept as whole sentences
"""The report's text is pinned word for word (issue #13): moving the sections into the apps
that own them must not change a character."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from kechuang.core.periods import Period
from kechuang.rdstats import services as rd
from kechuang.rdstats.models import SurveyForm
from kechuang.reports.compose import Composer

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _survey(staff, region, enterprises):
    """Last year's survey, closed within the period: both accepted, one below 3 %."""
    for e in enterprises:
        e.in_rd_statistics = True
        e.save(update_fields=["in_rd_statistics"])
    campaign = rd.campaign_open(
        actor=staff,
        region=region,
        year=YEAR - 1,
        deadline=date(YEAR, 3, 31),
        gdp=D("30000000"),
        include_default=False,
        extra=enterprises,
    )
    for e, total, revenue in (
        (enterprises[0], "500000", "10000000"),
        (enterprises[1], "500000", "25000000"),
    ):
        form = SurveyForm.objects.get(campaign=campaign, enterprise=e)
        values = {
            "exp_total": D(total),
            "exp_personnel": D(total),
            "src_own": D(total),
            "operating_revenue": D(revenue),
            "staff_total": 5,
        }
        form, _findings = rd.form_save(actor=staff, form=form, values=values)
        form = rd.form_submit(actor=staff, form=form)
        rd.form_accept(actor=staff, form=form)
    return campaign


PINNED = {
    "title": "甲县科技局2025年工作总结",
    "region": "甲县",
    "period": "2025年",
    "intro": "2025年，甲县科技局牢牢把握求突破、争进位总要求，大力弘扬实干担当、创新争先的泰泉精神，深入实施创新驱动发展战略，扎实推进科技企业培育、科技创新平台建设、科技人才引进，全力支持企业平稳健康发展。",
    "work": [
        {
            "heading": "（一）统筹抓好研发投入统计和科技政策贯彻执行工作。",
            "text": "积极组织2家纳统企业填报2024年度企业研发投入统计年报，为争取研发经费加计扣除和省级研究开发补助资金打下基础。经审核，填报企业研发经费支出合计100.00万元，占地区生产总值的3.3%。",
        },
        {
            "heading": "（二）强化创新型企业培育工作。",
            "text": "强化高新技术企业源头培育，对拟认证的2家企业进行高新技术企业认定培训。5月，县科技局联合县财政局到重点培育企业一号机械等1家企业现场指导。目前组织一号机械等1家企业申报第一批次高企。积极组织开展科技型中小企业评价，广泛动员三号软件等企业开展科技型中小企业入库工作。目前一批共1家已完成评价入库，入库后可享受科技型中小企业成果转化贷款风险补偿政策，拓宽了企业创新担保贷款渠道。",
        },
    ],
    "problems": [
        "一是企业科技人才缺乏。企业现有人才整体素质有待提高。目前甲县规模以上企业2家，其中1家2024年度没有本科及以上学历的人员。",
        "二是科技投入不足、活力不强。在填报研发投入统计的企业中，1家企业（占50.0%）研发投入占营业收入的比重低于3%，科技创新活跃度较低。",
    ],
    "plans": [
        "（一）加强创新型企业培育。围绕重点培育企业和科技型中小微企业，加强科技政策辅导培训，大力实施小升高计划，全年新认定国家高新技术企业12家以上。",
        "（二）推进科技特派员工作。",
    ],
}


def test_the_report_text_is_pinned(mini, personas, regions):
    _survey(personas.staff_a, regions.county_a, [mini.e1, mini.e2])
    composer = Composer(
        user=personas.staff_a,
        region=regions.county_a,
        period=Period.year_of(YEAR),
        slogan="泰泉",
        plan_text="推进科技特派员工作。",
    )
    context = composer.context()
    assert context == PINNED
