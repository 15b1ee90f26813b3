"""The demo county's policy work (issue #20): 20 policies with structured conditions, a year
of dissemination records, and a push ledger for the policies most enterprises qualify for."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kechuang.demo.generator import register_step

from . import services
from .choices import BenefitRule, Channel, Outlet, PolicyLevel, Response
from .conditions import parse
from .models import Policy

# (title, issuer, document number, level, conditions, benefit rule, amount in yuan, benefits)
POLICIES = (
    (
        "研发费用税前加计扣除政策",
        "财政部 税务总局",
        "财政部 税务总局公告2023年第7号",
        PolicyLevel.NATIONAL,
        "研发费用 > 0",
        BenefitRule.RD_DEDUCTION,
        None,
        "研发费用按实际发生额的100%在税前加计扣除",
    ),
    (
        "高新技术企业减按15%税率征收企业所得税",
        "国家税务总局",
        "企业所得税法第二十八条",
        PolicyLevel.NATIONAL,
        "有效期内高新技术企业 = 是",
        BenefitRule.HTE_RATE,
        None,
        "减按15%的税率征收企业所得税",
    ),
    (
        "高新技术企业首次认定奖励",
        "县人民政府",
        "县政发〔{y}〕8号",
        PolicyLevel.COUNTY,
        "符合高企认定条件 = 是\n有效期内高新技术企业 = 否",
        BenefitRule.FIXED,
        100000,
        "首次认定的高新技术企业奖励10万元",
    ),
    (
        "科技型中小企业研发费用补助",
        "县科技局 县财政局",
        "县科发〔{y}〕12号",
        PolicyLevel.COUNTY,
        "已入库科技型中小企业 = 是\n研发费用 >= 50",
        BenefitRule.FIXED,
        50000,
        "按研发费用给予最高5万元补助",
    ),
    (
        "规上工业企业研发投入后补助",
        "省科技厅 省财政厅",
        "省科发〔{y}〕21号",
        PolicyLevel.PROVINCIAL,
        "规上企业 = 是\n研发费用占销售收入比例 >= 3",
        BenefitRule.FIXED,
        200000,
        "按研发投入增量给予后补助",
    ),
    (
        "科技型中小企业评价入库奖励",
        "市科技局",
        "市科发〔{y}〕5号",
        PolicyLevel.CITY,
        "符合科技型中小企业评价条件 = 是\n已入库科技型中小企业 = 否",
        BenefitRule.FIXED,
        10000,
        "首次评价入库的奖励1万元",
    ),
    (
        "企业研发机构建设奖励",
        "县人民政府",
        "县政发〔{y}〕9号",
        PolicyLevel.COUNTY,
        "规上企业 = 是\n科技人员占职工总数比例 >= 10",
        BenefitRule.FIXED,
        50000,
        "新认定市级以上研发机构奖励5万元",
    ),
    (
        "重点培育企业科技服务券",
        "县科技局",
        "县科发〔{y}〕15号",
        PolicyLevel.COUNTY,
        "重点培育企业 = 是",
        BenefitRule.FIXED,
        20000,
        "发放2万元科技服务券",
    ),
    (
        "纳统企业研发投入奖补",
        "市科技局 市统计局",
        "市科发〔{y}〕11号",
        PolicyLevel.CITY,
        "纳统企业 = 是\n研发费用 >= 100",
        BenefitRule.FIXED,
        30000,
        "按研发投入给予奖补",
    ),
    (
        "制造业企业研发费用加计扣除",
        "财政部 税务总局",
        "财政部 税务总局公告2021年第13号",
        PolicyLevel.NATIONAL,
        "国民经济行业代码 属于 C\n研发费用 > 0",
        BenefitRule.RD_DEDUCTION,
        None,
        "制造业企业研发费用按100%加计扣除",
    ),
    (
        "科技成果转化贷款风险补偿",
        "省科技厅",
        "省科发〔{y}〕30号",
        PolicyLevel.PROVINCIAL,
        "已入库科技型中小企业 = 是",
        BenefitRule.NONE,
        None,
        "给予合作银行贷款损失风险补偿",
    ),
    (
        "首台（套）技术装备保险补偿",
        "省工信厅",
        "省工信发〔{y}〕7号",
        PolicyLevel.PROVINCIAL,
        "国民经济行业代码 属于 34、35\n规上企业 = 是",
        BenefitRule.NONE,
        None,
        "按保费给予补偿",
    ),
    (
        "高层次人才引进补贴",
        "县委人才办",
        "县人才发〔{y}〕2号",
        PolicyLevel.COUNTY,
        "职工总数 >= 50\n研发费用 >= 30",
        BenefitRule.FIXED,
        80000,
        "引进博士等高层次人才给予补贴",
    ),
    (
        "小微企业研发创新券",
        "市科技局",
        "市科发〔{y}〕18号",
        PolicyLevel.CITY,
        "职工总数 < 300\n销售收入 < 5000",
        BenefitRule.FIXED,
        10000,
        "发放研发创新券",
    ),
    (
        "专精特新企业培育奖励",
        "县工信局",
        "县工信发〔{y}〕4号",
        PolicyLevel.COUNTY,
        "规上企业 = 是\n成立年限 >= 3\n研发费用占销售收入比例 >= 3",
        BenefitRule.FIXED,
        100000,
        "认定省级专精特新企业奖励",
    ),
    (
        "知识产权质押融资贴息",
        "市市场监管局",
        "市监发〔{y}〕6号",
        PolicyLevel.CITY,
        "成立年限 >= 2",
        BenefitRule.NONE,
        None,
        "按贷款利息给予贴息",
    ),
    (
        "农业科技型企业扶持",
        "县农业农村局 县科技局",
        "县农发〔{y}〕3号",
        PolicyLevel.COUNTY,
        "国民经济行业代码 属于 A、13、14",
        BenefitRule.FIXED,
        30000,
        "支持农业科技企业技术改造",
    ),
    (
        "创新平台建设补助",
        "省科技厅",
        "省科发〔{y}〕40号",
        PolicyLevel.PROVINCIAL,
        "有效期内高新技术企业 = 是\n研发费用 >= 300",
        BenefitRule.FIXED,
        500000,
        "新建省级创新平台给予补助",
    ),
    (
        "企业研发准备金制度奖补",
        "县科技局",
        "县科发〔{y}〕20号",
        PolicyLevel.COUNTY,
        "研发费用占销售收入比例 >= 2\n销售收入 >= 2000",
        BenefitRule.FIXED,
        50000,
        "建立研发准备金的企业按比例奖补",
    ),
    (
        "科技企业孵化器入驻企业房租减免",
        "县人民政府",
        "县政发〔{y}〕12号",
        PolicyLevel.COUNTY,
        "成立年限 < 3",
        BenefitRule.NONE,
        None,
        "入驻孵化器的初创企业三年房租减免",
    ),
)
POSTS = (
    ("致全县科技工作者的一封信", Outlet.WECHAT),
    ("研发费用加计扣除政策解读", Outlet.OFFICIAL_ACCOUNT),
    ("高新技术企业认定申报指南", Outlet.OFFICIAL_ACCOUNT),
    ("科技型中小企业评价工作问答", Outlet.WECHAT),
    ("惠企科技政策宣讲会", Outlet.TRAINING),
    ("科技成果转化贷款风险补偿政策解读", Outlet.WEBSITE),
)


@register_step
def build_policies(generator: Any) -> None:
    from kechuang.accounts.models import User
    from kechuang.enterprises.models import Enterprise

    from .matching import QUALIFIED, facts_for, match

    rng = generator.rng
    today = timezone.localdate()
    counties = generator.counties if generator.scale != "province" else generator.counties[:2]
    made = {"policies": 0, "pushes": 0, "posts": 0}
    for index, county in enumerate(counties):
        if Policy.objects.filter(region=county).exists():
            continue
        staff = User.objects.filter(
            groups__name="staff", region__code__startswith=county.code, is_active=True
        ).first()
        policies = []
        for n, (title, issuer, number, level, lines, rule, amount, benefits) in enumerate(POLICIES):
            issued = date(today.year - 1 - (n % 2), 1 + n % 12, 10)
            policies.append(
                services.policy_create(
                    actor=None,
                    title=title,
                    issuer=issuer,
                    document_number=number.format(y=issued.year),
                    level=level,
                    issued_on=issued,
                    expires_on=date(today.year + 2, 12, 31) if n != 19 else None,
                    summary=f"{title}：{benefits}。",
                    benefits=benefits,
                    conditions=parse(lines),
                    benefit_rule=rule,
                    benefit_amount=Decimal(amount) if amount else None,
                    region=county,
                )
            )
            made["policies"] += 1
        first = today - timedelta(days=330)
        for n, (title, outlet) in enumerate(POSTS * (2 if index == 0 else 1)):
            on = first + timedelta(days=25 * n + rng.randint(0, 10))
            if on > today:
                break
            services.dissemination_create(
                actor=None,
                published_on=on,
                outlet=outlet,
                title=title if n < len(POSTS) else f"{title}（第二期）",
                policy=policies[n % 5] if n % 3 else None,
                reach=rng.randint(80, 900),
                region=county,
            )
            made["posts"] += 1
        firms = list(Enterprise.objects.filter(region__code__startswith=county.code))
        facts = facts_for(firms, today)
        for policy in policies[:8]:
            qualified = [m for m in match(policy, firms, today, facts=facts) if m.kind == QUALIFIED]
            for m in qualified[: min(40, max(1, len(qualified) * 2 // 3))]:
                services.push_create(
                    actor=staff,
                    policy=policy,
                    enterprise=m.enterprise,
                    pushed_on=_day(rng, first, today),
                    channel=rng.choice(list(Channel)),
                    response=rng.choices(list(Response), (3, 3, 2, 1))[0],
                )
                made["pushes"] += 1
    generator.log(
        f"科技政策：政策 {made['policies']} 项，宣传 {made['posts']} 条，推送 {made['pushes']} 次"
    )


def _day(rng: Any, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
