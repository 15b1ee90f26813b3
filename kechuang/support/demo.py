"""The demo county's enterprise service (issue #20): the year's visit questionnaire, leaders
liaising with enterprises, a year of visits (some raising flags), needs at every stage of the
loop with ratings, and one-enterprise-one-plan plans."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from kechuang.demo.generator import register_step

from . import services
from .choices import AnswerKind, FlagWhen, QuestionTopic, VisitKind
from .models import Liaison

QUESTIONS = (
    # (topic, text, kind, options, flagged answers, flag label, flag when)
    (
        QuestionTopic.RD,
        "明年研发投入计划",
        AnswerKind.CHOICE,
        "增加、持平、减少",
        "减少",
        "计划削减研发投入",
        FlagWhen.ALWAYS,
    ),
    (QuestionTopic.TALENT, "急需引进的人才（人）", AnswerKind.NUMBER, "", "", "", FlagWhen.ALWAYS),
    (QuestionTopic.FINANCE, "是否有融资需求", AnswerKind.YES_NO, "", "", "", FlagWhen.ALWAYS),
    (QuestionTopic.OTHER, "是否考虑外迁", AnswerKind.YES_NO, "", "是", "考虑外迁", FlagWhen.ALWAYS),
    (
        QuestionTopic.QUALIFICATION,
        "高企证书到期后是否计划重新认定",
        AnswerKind.YES_NO,
        "",
        "否",
        "高企证书即将到期且无重新认定计划",
        FlagWhen.HTE_EXPIRING,
    ),
    (QuestionTopic.PROBLEM, "当前最突出的困难", AnswerKind.TEXT, "", "", "", FlagWhen.ALWAYS),
)
PROBLEMS = ("用工成本上升", "订单不足", "融资难", "缺少研发人员", "原材料涨价", "")
NEEDS = (
    ("复合材料构件成型良率低", "复合材料、成型工艺", "工艺"),
    ("食品保鲜期短", "食品加工、保鲜", "工艺"),
    ("生产线自动化改造", "智能制造、自动化", "设备"),
    ("中药材有效成分提取工艺优化", "中药、提取", "工艺"),
    ("污水处理成本高", "环保、水处理", "环保"),
    ("缺少检验检测手段", "检验检测", "检测"),
    ("新产品配方研发", "配方、研发", "研发"),
    ("设备能耗偏高", "节能、电机", "节能"),
)
LEADERS = (("demo-leader2", "演示副局长甲"), ("demo-leader3", "演示副局长乙"))


def _person(username: str, full_name: str, county: Any) -> Any:
    from kechuang.accounts import services as accounts
    from kechuang.accounts.choices import Role
    from kechuang.accounts.models import User

    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return accounts.user_create(
        actor=None,
        username=username,
        password=f"Kc!{secrets.token_urlsafe(18)}9a",  # no one signs in as them
        roles=[Role.LEADER],
        region=county,
        full_name=full_name,
        must_change_password=True,
        is_demo=True,
    )


def _when(rng: Any, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


@register_step
def build_support(generator: Any) -> None:
    from kechuang.accounts.models import User
    from kechuang.enterprises.models import Enterprise
    from kechuang.talent import services as talent
    from kechuang.talent.models import NeedStatus

    rng = generator.rng
    today = timezone.localdate()
    counties = generator.counties if generator.scale != "province" else generator.counties[:2]
    made = {"visits": 0, "needs": 0, "plans": 0}
    for index, county in enumerate(counties):
        if Liaison.objects.filter(enterprise__region__code__startswith=county.code).exists():
            continue  # ran before (the generator is idempotent)
        staff = User.objects.filter(
            groups__name="staff", region__code__startswith=county.code, is_active=True
        ).first()
        leaders = list(User.objects.filter(groups__name="leader", region=county, is_active=True))
        if index == 0:
            leaders += [
                _person(u, n, county) for u, n in LEADERS if u not in {x.username for x in leaders}
            ]
        firms = list(
            Enterprise.objects.filter(region__code__startswith=county.code).order_by(
                "-is_key_cultivated", "-is_above_scale", "name"
            )[:60]
        )
        if not firms or not leaders:
            continue
        for year in (today.year - 1, today.year):
            for order, (topic, text, kind, options, flagged, label, when) in enumerate(
                QUESTIONS, 1
            ):
                services.question_create(
                    actor=None,
                    year=year,
                    region=county,
                    order=order,
                    topic=topic,
                    text=text,
                    kind=kind,
                    options=options,
                    flag_answers=flagged,
                    flag_label=label,
                    flag_when=when,
                )
        # leaders liaise with the key enterprises, six or seven each
        start = date(today.year - 1, 1, 1)
        liaised: dict[int, Any] = {}
        for n, firm in enumerate(firms[: 7 * len(leaders)]):
            leader = leaders[n % len(leaders)]
            services.liaison_create(
                actor=None,
                leader=leader,
                enterprise=firm,
                since=start,
                interval_days=rng.choice((60, 90, 90, 120)),
            )
            liaised[firm.pk] = leader
        # a year of visits: leaders to theirs, staff to the others
        first = today - timedelta(days=365)
        for n in range(70 if index == 0 else 30):
            firm = firms[rng.randrange(len(firms))]
            visitors = [x for x in (liaised.get(firm.pk), staff) if x is not None]
            on = _when(rng, first, today)
            questions = services.questions_for(firm, on.year)
            answers = {}
            for q in questions:
                if q.kind == AnswerKind.CHOICE:
                    answers[str(q.pk)] = rng.choices(q.choices, (5, 4, 1))[0]
                elif q.kind == AnswerKind.YES_NO:
                    no_first = q.text.startswith("高企")
                    weights = (1, 15) if not no_first else (5, 1)
                    answers[str(q.pk)] = rng.choices(["是", "否"], weights)[0]
                elif q.kind == AnswerKind.NUMBER:
                    answers[str(q.pk)] = str(rng.randint(0, 6))
                else:
                    answer = rng.choice(PROBLEMS)
                    if answer:
                        answers[str(q.pk)] = answer
            title, fields, tag = NEEDS[n % len(NEEDS)]
            services.visit_create(
                actor=None,
                visited_on=on,
                enterprise=firm,
                kind=rng.choices(list(VisitKind), (8, 2, 1))[0],
                visitors=visitors,
                partners=rng.choice(("", "", "县财政局", "县税务局")),
                summary=f"了解{firm.name}生产经营、研发和人才情况，宣传科技政策。",
                answers=answers,
                new_needs=title if n % 6 == 0 else "",
            )
            made["visits"] += 1
        # most leaders keep to their interval: a recent visit to three in four of theirs
        for x in Liaison.objects.filter(enterprise__in=list(liaised)).select_related(
            "enterprise", "leader"
        ):
            if rng.random() < 0.75:
                services.visit_create(
                    actor=None,
                    visited_on=today - timedelta(days=rng.randint(1, x.interval_days - 5)),
                    enterprise=x.enterprise,
                    kind=VisitKind.SURVEY,
                    visitors=[x.leader, *([staff] if staff else [])],
                    summary=f"{x.leader.display_name}走访联系企业，了解生产经营和创新需求。",
                )
                made["visits"] += 1
        # follow up the older flags
        from .models import Flag

        for flag in Flag.objects.filter(
            enterprise__region__code__startswith=county.code,
            raised_on__lt=today - timedelta(days=60),
        )[:5]:
            services.flag_resolve(
                actor=None,
                flag=flag,
                version=flag.version,
                resolved_on=min(today, flag.raised_on + timedelta(days=20)),
                resolution="已电话回访，企业说明情况并承诺保持研发投入",
            )
        # the need loop: needs at every stage, some late, the closed ones rated
        stages = (
            NeedStatus.SUBMITTED,
            NeedStatus.ACCEPTED,
            NeedStatus.ASSIGNED,
            NeedStatus.HANDLING,
            NeedStatus.ANSWERED,
            NeedStatus.CLOSED,
            NeedStatus.CLOSED,
            NeedStatus.CLOSED,
            NeedStatus.DECLINED,
        )
        for n in range(18 if index == 0 else 8):
            title, fields, tag = NEEDS[n % len(NEEDS)]
            firm = firms[(n * 7) % len(firms)]
            target = stages[n % len(stages)]
            on = _when(rng, first, today - timedelta(days=40))
            need = talent.need_create(
                actor=None,
                on=on,
                source="portal"
                if target in (NeedStatus.SUBMITTED, NeedStatus.DECLINED)
                else "staff",
                enterprise=firm,
                title=f"{title}（{firm.name[:4]}）",
                description=f"{firm.name}：{title}，希望对接高校院所或专家协助解决。",
                fields=fields,
                tags=tag,
            )
            made["needs"] += 1
            step = on
            if target == NeedStatus.SUBMITTED:
                continue
            if target == NeedStatus.DECLINED:
                talent.need_advance(
                    actor=None,
                    need=need,
                    to=target,
                    on=step,
                    note="不属于科技部门职责，已告知企业咨询县市场监管局",
                )
                continue
            if need.status == NeedStatus.SUBMITTED:
                talent.need_advance(actor=None, need=need, to=NeedStatus.ACCEPTED, on=step)
            if target == NeedStatus.ACCEPTED:
                continue
            step += timedelta(days=3)
            late = n % 4 == 2  # a few are past their time limit
            talent.need_advance(
                actor=None,
                need=need,
                to=NeedStatus.ASSIGNED,
                on=step,
                assignee=rng.choice(("县科技局科技服务股", "县工信局", "省科技成果转化服务中心")),
                deadline=step + timedelta(days=10 if late else 30),
            )
            if target == NeedStatus.ASSIGNED:
                continue
            step += timedelta(days=5)
            talent.need_advance(actor=None, need=need, to=NeedStatus.HANDLING, on=step)
            if target == NeedStatus.HANDLING:
                continue
            step += timedelta(days=10)
            talent.need_advance(
                actor=None,
                need=need,
                to=NeedStatus.ANSWERED,
                on=step,
                answer="已组织专家现场诊断，提出工艺改进方案，企业正在试验。",
            )
            if target == NeedStatus.ANSWERED:
                continue
            step += timedelta(days=4)
            talent.need_advance(
                actor=None,
                need=need,
                to=NeedStatus.CLOSED,
                on=min(step, today),
                satisfaction=rng.choices((5, 4, 3, 2), (5, 4, 1, 1))[0],
                comment=rng.choice(("专家很专业", "响应及时", "问题基本解决", "")),
            )
        # one enterprise, one plan: the key cultivated enterprises of the leaders
        for n, firm in enumerate(firms[:6]):
            owner = liaised.get(firm.pk) or staff
            if owner is None:
                continue
            plan = services.plan_create(
                actor=None,
                enterprise=firm,
                year=today.year,
                owner=owner,
                summary=f"力争{today.year + 1}年通过高新技术企业认定，补齐研发投入和知识产权短板。",
                review_on=today + timedelta(days=30 + 15 * n) if n else today - timedelta(days=3),
            )
            made["plans"] += 1
            if n == 1:
                services.plan_review(actor=None, plan=plan, on=today)
    generator.log(
        f"企业服务：走访 {made['visits']} 次，技术需求 {made['needs']} 项，"
        f"一企一策方案 {made['plans']} 个"
    )
