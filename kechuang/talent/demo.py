"""The demo county's talent work: a directory of universities and institutes with experts,
three years of matching trips and visits, cooperations whose ladders mostly stop at a framework
agreement (so diagnostic 1 says something), technical needs (the first matched to the expert
the matcher ranks first, as staff would confirm it) and next year's planned cooperations."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kechuang.demo.generator import register_step

from . import matching, services
from .choices import CooperationStatus
from .models import Expert, Institution

C = CooperationStatus

INSTITUTIONS = (
    ("山东大学", "university", "山东济南"),
    ("中国海洋大学", "university", "山东青岛"),
    ("齐鲁工业大学", "university", "山东济南"),
    ("山东农业大学", "university", "山东泰安"),
    ("中国农业大学", "university", "北京"),
    ("山东省农业科学院", "institute", "山东济南"),
    ("山东省果树研究所", "institute", "山东泰安"),
    ("山东省复材成型技术与装备研究院", "institute", "山东济南"),
)
# (fields, keywords, profile): the pool experts are drawn from
SPECIALITIES = (
    ("复合材料、成型工艺", "碳纤维 热压成型 模具 树脂基复合材料", "复合材料构件成型工艺与装备"),
    ("智能制造、机器视觉", "工业机器人 缺陷检测 深度学习", "智能产线与视觉检测"),
    ("新能源、储能", "锂电池 储能系统 电池管理", "储能电池材料与系统集成"),
    ("生物医药", "细胞培养 发酵工程 制剂", "生物制药工艺开发"),
    ("果树栽培", "苹果 矮化砧木 病虫害防治", "果树育种与栽培技术"),
    ("畜牧养殖", "芦花鸡 饲料配方 疫病防控", "地方鸡种选育与健康养殖"),
    ("农产品加工", "甘薯 淀粉加工 保鲜", "薯类深加工技术"),
    ("矿山安全", "矿山机械 安全监测 液压支架", "矿山装备安全监测"),
    ("纺织材料", "功能纤维 印染 节能", "功能纺织品开发"),
    ("环保工程", "污水处理 固废资源化 膜分离", "工业废水处理与回用"),
)
WORK_KINDS = ("技术攻关", "工艺改进", "联合研发")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("建国", "海涛", "立新", "晓明", "志强", "文静", "国华", "振宇", "丽娟", "春生")
TITLES = ("教授", "研究员", "副教授", "副研究员", "高级工程师")
# how far a cooperation climbs: mostly to a framework agreement or below (diagnostic 1)
CLIMB = (
    (C.CONTACT, 2),
    (C.INTENTION, 3),
    (C.PRELIMINARY, 3),
    (C.FRAMEWORK, 6),
    (C.CONTRACT, 2),
    (C.LANDED, 1),
)


@register_step
def build_talent(generator: Any) -> None:
    from kechuang.enterprises.models import Enterprise

    rng = generator.rng
    today = timezone.localdate()
    per_county = 10 if generator.scale == "province" else 24
    made = {"experts": 0, "cooperations": 0, "visits": 0, "needs": 0, "plans": 0}
    for county in generator.counties:
        firms = list(
            Enterprise.objects.filter(region__code__startswith=county.code).order_by(
                "-is_key_cultivated", "-is_above_scale", "pk"
            )[:60]
        )
        if not firms:
            continue
        directory = []
        if Institution.objects.filter(region=county).exists():
            continue  # the step ran on this county before (the generator is idempotent)
        for name, kind, location in INSTITUTIONS:
            institution = services.institution_create(
                actor=None, name=name, kind=kind, location=location, region=county
            )
            for _ in range(3 if generator.scale != "province" else 2):
                # every speciality is in each county's directory (round robin), so a need
                # always has its experts
                fields, keywords, profile = SPECIALITIES[made["experts"] % len(SPECIALITIES)]
                expert = services.expert_create(
                    actor=None,
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                    title=rng.choice(TITLES),
                    institution=institution,
                    fields=fields,
                    keywords=keywords,
                    profile=profile,
                )
                directory.append(expert)
                made["experts"] += 1
        ids = [e.pk for e in directory]
        steps = [rung for rung, weight in CLIMB for _ in range(weight)]
        cooperations = []
        for index in range(per_county):
            expert = rng.choice(directory)
            firm = firms[index % len(firms)]
            start = date(today.year - 2 + index % 3, rng.randint(1, 9), rng.randint(1, 28))
            start = min(start, today)
            cooperation = services.cooperation_create(
                actor=None,
                on=start,
                enterprise=firm,
                institution=expert.institution,
                experts=[expert],
                project=expert.keywords.split()[0] + rng.choice(WORK_KINDS),
            )
            top = rng.choice(steps)
            on = start
            for rung in (C.INTENTION, C.PRELIMINARY, C.FRAMEWORK, C.CONTRACT, C.LANDED):
                if list(C).index(rung) > list(C).index(top):
                    break
                on = on + timedelta(days=rng.randint(30, 120))
                if on > today:
                    break
                amount = Decimal(rng.randint(20, 300) * 10000) if rung == C.CONTRACT else None
                services.cooperation_advance(
                    actor=None, cooperation=cooperation, to=rung, on=on, amount=amount
                )
            cooperations.append((cooperation, expert, start))
            made["cooperations"] += 1
        # trips: each year a few, each with one to three visits of the cooperations begun then
        for cooperation, expert, start in cooperations[: per_county // 2]:
            days = rng.choice([0, 0, 1, 2])
            trip = services.trip_create(
                actor=None,
                title=f"赴{expert.institution.name}对接",
                started_on=start,
                ended_on=start + timedelta(days=days),
                members="局长、分管副局长、科技股",
                region=county,
            )
            services.visit_add(
                actor=None,
                trip=trip,
                visited_on=start,
                enterprise=cooperation.enterprise,
                institution=expert.institution,
                topic=cooperation.project,
                outcome=cooperation.status if cooperation.status != C.DROPPED else "",
                cooperation=cooperation,
                experts=[expert],
            )
            made["visits"] += 1
            for extra in range(1, days + 1):
                services.visit_add(
                    actor=None,
                    trip=trip,
                    visited_on=start + timedelta(days=extra),
                    counterpart=rng.choice(("某智能装备公司创始人", "某生物科技公司", "某研究院")),
                    topic=rng.choice(("人工智能", "细胞培养", "新材料中试", "人才引进")),
                )
                made["visits"] += 1
        for number, firm in enumerate(firms[:6]):
            fields, keywords, _profile = rng.choice(SPECIALITIES)
            need = services.need_create(
                actor=None,
                enterprise=firm,
                title=f"{keywords.split()[0]}技术难题",
                description=f"在{fields}方面遇到{keywords.split()[1]}问题，希望与高校院所合作攻关",
                fields=fields,
            )
            made["needs"] += 1
            if number < 2:  # matched and confirmed, as staff would after reading the ranking
                found = matching.rank(need.text(), Expert.objects.filter(pk__in=ids))
                best = Expert.objects.get(pk=found[0].expert_id)
                services.need_confirm(actor=None, need=need, expert=best, on=today)
        # plan §三(五): next year's cooperations, enterprises with named universities
        universities = list(Institution.objects.filter(region=county, kind="university"))
        for number, firm in enumerate(firms[6:10]):
            institution = universities[number % len(universities)]
            services.plan_create(
                actor=None,
                year=today.year + 1,
                enterprise=firm,
                institution=institution,
                topic=rng.choice(("新材料", "智能制造", "生物医药", "现代农业")) + "方向合作",
            )
            made["plans"] += 1
    generator.log(
        f"人才与产学研：专家 {made['experts']} 名，合作 {made['cooperations']} 项，"
        f"对接 {made['visits']} 次，需求 {made['needs']} 项，计划合作 {made['plans']} 项"
    )
