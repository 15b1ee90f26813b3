"""The demo county's project work: three years of provincial and municipal calls with a
realistic reserve pool (most proposals collected and reserved, a few coached, submitted and
funded), talent-programme applications, competition entries, introduced talents and the
bureau's drafted documents."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kechuang.demo.generator import register_step

from . import services
from .choices import ProposalKind, ProposalStatus
from .models import Call

S = ProposalStatus
CALLS = (
    # (title, programme, level, kind, opens (month, day), per county)
    (
        "省重点研发计划（重大科技创新工程）项目征集",
        "省重点研发计划",
        "provincial",
        "enterprise_rd",
        (1, 10),
        8,
    ),
    ("现代农业类重点研发计划项目征集", "省重点研发计划", "provincial", "agri_rd", (3, 1), 3),
    ("省级创新平台培育申报", "省科技创新平台", "provincial", "platform", (4, 10), 2),
    ("市科技计划项目征集", "市科技计划", "municipal", "enterprise_rd", (5, 5), 4),
)
TOPICS = (
    "智能产线关键技术研发",
    "高性能复合材料构件成型",
    "绿色制药工艺优化",
    "储能电池管理系统",
    "农产品精深加工",
    "矿山安全监测装备",
    "功能纺织品开发",
    "工业废水资源化利用",
)
AGRI = ("甘薯脱毒种苗繁育", "芦花鸡健康养殖", "苹果矮化密植栽培", "设施蔬菜绿色防控")
COACHES = ("省科技厅项目辅导专家组", "市科技局", "山东大学专家团队")
PERSONS = ("张振宇", "刘海涛", "王立新", "陈志强", "杨晓明", "赵国华")
CATEGORIES = ("博士", "正高级职称", "省级领军人才", "硕士（高级工程师）")


def _on(year: int, month: int, day: int, today: date) -> date:
    return min(date(year, month, day), today)


def _portal_examples(county: Any, today: date) -> None:
    """The demo enterprise accounts' own proposals in the latest call: one draft still being
    written, one handed in — so the portal shows its pool and readiness at once."""
    from kechuang.enterprises.models import EnterpriseMember

    call = Call.objects.filter(region=county).order_by("-opens_on", "-pk").first()
    members = EnterpriseMember.objects.filter(
        user__username__startswith="demo-enterprise",
        enterprise__region__code__startswith=county.code,
    ).select_related("enterprise")
    if call is None:
        return
    for number, member in enumerate(members.order_by("user__username")):
        proposal = services.proposal_create(
            actor=None,
            on=max(call.opens_on, today - timedelta(days=3)),
            status=S.DRAFT,
            enterprise=member.enterprise,
            call=call,
            title=("数字化车间改造关键技术研发", "新型功能材料中试")[number % 2],
            budget=Decimal("3000000"),
            own_funds=Decimal("2100000"),
            requested_funds=Decimal("900000"),
        )
        if number == 0:  # the first account has handed its proposal in
            services.proposal_advance(
                actor=None, proposal=proposal, to=S.COLLECTED, on=proposal.status_on or today
            )


@register_step
def build_projects(generator: Any) -> None:
    from kechuang.enterprises.models import Enterprise
    from kechuang.talent.models import Institution

    rng = generator.rng
    today = timezone.localdate()
    made = {"calls": 0, "proposals": 0, "funded": 0, "talents": 0}
    for county in generator.counties:
        if Call.objects.filter(region=county).exists():
            continue  # the step ran on this county before (the generator is idempotent)
        firms = list(
            Enterprise.objects.filter(region__code__startswith=county.code).order_by(
                "-is_key_cultivated", "-is_above_scale", "pk"
            )[:40]
        )
        if not firms:
            continue
        partners = list(Institution.objects.filter(region=county).order_by("pk"))
        for year in (today.year - 2, today.year - 1, today.year):
            for title, programme, level, kind, (month, day), count in CALLS:
                opens = date(year, month, day)
                if opens > today:
                    continue  # not opened yet this year
                call = services.call_create(
                    actor=None,
                    title=f"{year}年{title}",
                    programme=programme,
                    level=level,
                    kind=kind,
                    opens_on=opens,
                    deadline=opens + timedelta(days=45),
                    requires_hte=kind == ProposalKind.ENTERPRISE_RD and level == "provincial",
                    rd_ratio_min=Decimal("3") if kind == ProposalKind.ENTERPRISE_RD else None,
                    requires_partner=kind == ProposalKind.AGRI_RD,
                    region=county,
                )
                made["calls"] += 1
                for index in range(count if generator.scale != "province" else 1):
                    firm = firms[(index * 3 + len(title) + year) % len(firms)]
                    topic = (AGRI if kind == ProposalKind.AGRI_RD else TOPICS)[
                        (index + year)
                        % (len(AGRI) if kind == ProposalKind.AGRI_RD else len(TOPICS))
                    ]
                    if kind == ProposalKind.PLATFORM:
                        topic = "省级企业技术中心" if index % 2 == 0 else "省级工程技术研究中心"
                    budget = Decimal(rng.randint(100, 800) * 10000)
                    requested = (budget * Decimal("0.3")).quantize(Decimal(1))
                    collected = opens + timedelta(days=rng.randint(1, 20))
                    if collected > today:
                        continue
                    proposal = services.proposal_create(
                        actor=None,
                        on=collected,
                        enterprise=firm,
                        call=call,
                        title=f"{topic}",
                        budget=budget,
                        own_funds=budget - requested,
                        requested_funds=requested,
                        partner=partners[index % len(partners)] if partners else None,
                        starts_on=date(year, 7, 1),
                        ends_on=date(year + 2, 6, 30),
                    )
                    made["proposals"] += 1
                    steps = [(S.RESERVED, 3)]
                    if index % 3 == 0:
                        steps.append((S.COACHED, 10))
                    if index % 2 == 0:
                        steps.append((S.SUBMITTED, 25))
                        if year < today.year:
                            steps.append((S.FUNDED if index % 4 == 0 else S.NOT_FUNDED, 120))
                    for to, after in steps:
                        on = collected + timedelta(days=after)
                        if on > today:
                            break
                        funded = to == S.FUNDED
                        services.proposal_advance(
                            actor=None,
                            proposal=proposal,
                            to=to,
                            on=on,
                            coach=rng.choice(COACHES) if to == S.COACHED else "",
                            amount=(requested * Decimal("0.6")).quantize(Decimal(1))
                            if funded
                            else None,
                            document_number=f"鲁科字〔{year}〕{rng.randint(10, 90)}号"
                            if funded
                            else "",
                        )
                        made["funded"] += funded
            # talent programmes, competitions, introduced talents
            on = _on(year, 5, 15, today)
            services.application_create(
                actor=None,
                year=year,
                programme="industry_leading",
                programme_name="泰山产业领军人才工程",
                person=PERSONS[(year + 1) % len(PERSONS)],
                enterprise=firms[year % len(firms)],
                status="approved" if year < today.year and year % 2 else "applied",
                status_on=on,
            )
            services.application_create(
                actor=None,
                year=year,
                programme="top_talent",
                person=PERSONS[(year + 3) % len(PERSONS)],
                enterprise=firms[(year + 5) % len(firms)],
                status="recommended",
                status_on=on,
            )
            for index in range(3):
                services.entry_create(
                    actor=None,
                    year=year,
                    competition="省创新创业大赛" if index == 0 else "市创新创业大赛",
                    level="provincial" if index == 0 else "municipal",
                    enterprise=firms[(year + index * 7) % len(firms)],
                    project=TOPICS[(year + index) % len(TOPICS)],
                    result=("优秀奖", "三等奖", "")[index] if year < today.year else "",
                )
            for index in range(rng.randint(3, 6)):
                introduced = _on(year, rng.randint(1, 12), rng.randint(1, 28), today)
                services.talent_create(
                    actor=None,
                    name=rng.choice("王李张刘陈杨赵黄") + rng.choice(("博", "晨", "越", "楠")),
                    category=rng.choice(CATEGORIES),
                    field=TOPICS[index % len(TOPICS)][:6],
                    enterprise=firms[(index * 5 + year) % len(firms)],
                    introduced_on=introduced,
                )
                made["talents"] += 1
        _portal_examples(county, today)
        drafted = _on(today.year, 3, 20, today)
        for title, kind in (
            (f"{county.name}高层次人才创新创业大赛管理办法", "管理办法"),
            (f"{county.name}科技成就奖评选表彰办法", "评选表彰办法"),
        ):
            services.document_create(
                actor=None, title=title, kind=kind, drafted_on=drafted, region=county
            )
    generator.log(
        f"项目与人才：征集 {made['calls']} 次，储备项目 {made['proposals']} 项"
        f"（立项 {made['funded']} 项），引进人才 {made['talents']} 名"
    )
