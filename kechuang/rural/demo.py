"""The demo county's rural work (issue #19): a roster changed by notices, key villages (a few
left uncovered), teams per town, assignments, a year of service records, trainings,
donations, appraisals and results, and the points table applied to them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kechuang.demo.generator import register_step

from . import services
from .choices import AchievementKind, PointsItem, ServedKind
from .models import Commissioner

PEOPLE = (
    # (name, unit, title, expertise)
    ("张农科", "县农业农村局", "高级农艺师", "设施蔬菜栽培"),
    ("李畜牧", "县畜牧发展中心", "畜牧师", "家禽养殖与疫病防控"),
    ("王果树", "省农业科学院果树研究所", "研究员", "果树栽培与修剪"),
    ("赵植保", "县农业技术推广中心", "农艺师", "植物病虫害绿色防控"),
    ("刘甘薯", "市农业科学院", "副研究员", "甘薯育种与脱毒种苗"),
    ("陈水产", "县渔业技术推广站", "水产工程师", "池塘生态养殖"),
    ("杨农机", "县农机服务中心", "高级工程师", "农业机械化"),
    ("黄食品", "市职业学院", "副教授", "农产品加工"),
    ("周电商", "县供销合作社", "经济师", "农村电商与品牌"),
    ("吴土肥", "县农业技术推广中心", "推广研究员", "测土配方施肥"),
    ("郑中药", "省中医药大学", "副教授", "中药材种植"),
    ("孙花卉", "县林业发展中心", "林业工程师", "苗木花卉"),
)
TOPICS = (
    "设施蔬菜高效栽培技术",
    "果树春季修剪与病虫害防治",
    "芦花鸡生态养殖技术",
    "甘薯脱毒种苗繁育",
    "农产品电商运营",
    "测土配方施肥技术",
    "中药材规范化种植",
    "秋冬季畜禽疫病防控",
)
SERVED = (
    (ServedKind.FARMER, "种植户"),
    (ServedKind.COOPERATIVE, "专业合作社"),
    (ServedKind.FARMER, "养殖户"),
    (ServedKind.ENTERPRISE, "农业企业"),
)
TABLE = (
    # (item, points per unit, yearly cap)
    (PointsItem.SERVICE_DAYS, "0.5", "30"),
    (PointsItem.TRAININGS, "3", "24"),
    (PointsItem.PARTICIPANTS, "0.05", "10"),
    (PointsItem.DONATIONS, "2", "6"),
    (PointsItem.DEMO_BASE, "5", "10"),
    (PointsItem.PROJECT, "5", "10"),
    (PointsItem.TECH_SME, "5", None),
    (PointsItem.HTE, "10", None),
    (PointsItem.MEDIA, "1", "5"),
)


def _day(year: int, month: int, day: int, today: date) -> date | None:
    on = date(year, month, min(day, 28))
    return on if on <= today else None


@register_step
def build_rural(generator: Any) -> None:
    from kechuang.accounts.choices import RegionLevel
    from kechuang.accounts.models import Region, User
    from kechuang.enterprises.models import Enterprise

    rng = generator.rng
    today = timezone.localdate()
    made = {"counties": 0, "services": 0, "trainings": 0}
    counties = generator.counties if generator.scale != "province" else generator.counties[:2]
    for index, county in enumerate(counties):
        if Commissioner.objects.filter(region=county).exists():
            continue  # the step ran on this county before (the generator is idempotent)
        towns = list(
            Region.objects.filter(code__startswith=county.code, level=RegionLevel.TOWN).order_by(
                "code"
            )
        )[:8]
        if not towns:
            continue
        villages = {t.pk: list(Region.objects.filter(parent=t).order_by("code")[:6]) for t in towns}
        people = [
            services.commissioner_create(
                actor=None,
                name=name if index == 0 else f"{name}{index + 1}",
                kind="individual",
                unit=unit,
                title=title,
                expertise=expertise,
                phone=f"1390000{index:02d}{n:02d}",
                region=county,
            )
            for n, (name, unit, title, expertise) in enumerate(PEOPLE)
        ]
        people.append(
            services.commissioner_create(
                actor=None,
                name="县农业科技服务中心" if index == 0 else f"县农业科技服务中心{index + 1}",
                kind="legal_person",
                unit="县农业农村局",
                expertise="农业技术综合服务",
                region=county,
            )
        )
        if index == 0:
            account = User.objects.filter(username="demo-commissioner").first()
            if account is not None:
                services.commissioner_update(
                    actor=None, commissioner=people[0], version=None, user=account
                )
        first_year = today.year - 1
        services.notice_issue(
            actor=None,
            title=f"关于调整{county.name}精准扶贫科技特派员名单的通知",
            issued_on=date(first_year, 2, 20),
            document_number=f"{county.name[:1]}科发〔{first_year}〕3号",
            region=county,
            added=people[:-2],
        )
        change = _day(today.year, 3, 8, today) or date(first_year, 11, 10)
        services.notice_issue(
            actor=None,
            title=f"关于调整{county.name}精准扶贫科技特派员名单的通知",
            issued_on=change,
            document_number=f"{county.name[:1]}科发〔{change.year}〕5号",
            region=county,
            added=people[-2:],
            removed=[people[-3]],
        )
        people = list(Commissioner.objects.filter(pk__in=[p.pk for p in people]).order_by("pk"))
        serving = [p for p in people if p.pk != people[-3].pk]
        # key villages: two per town; the last three are left without a commissioner
        keys = [v for t in towns for v in villages[t.pk][:2]]
        for village in keys:
            services.key_village_create(actor=None, village=village, kind="原省定扶贫工作重点村")
        uncovered = {v.pk for v in keys[-3:]}
        for year in (first_year, today.year):
            roster = people[:-2] if year == first_year else serving
            for n, person in enumerate(roster):
                town = towns[n % len(towns)]
                services.assignment_create(actor=None, year=year, commissioner=person, area=town)
            for n, village in enumerate(keys):
                if village.pk in uncovered:
                    continue
                services.assignment_create(
                    actor=None, year=year, commissioner=roster[n % len(roster)], area=village
                )
            # teams: one per town, the captain and two members
            teams = []
            for n, town in enumerate(towns[:6]):
                captain = roster[n % len(roster)]
                members = [roster[(n + 4) % len(roster)], roster[(n + 8) % len(roster)]]
                teams.append(
                    services.team_create(
                        actor=None,
                        year=year,
                        town=town,
                        name="科技扶贫服务队",
                        captain=captain,
                        members=[m for m in members if m.pk != captain.pk],
                    )
                )
            for rule_item, points, cap in TABLE:
                services.rule_create(
                    actor=None,
                    year=year,
                    item=rule_item,
                    points=Decimal(points),
                    cap=Decimal(cap) if cap else None,
                    region=county,
                )
            # a year of service: each commissioner about twice a month, spring to autumn
            for n, person in enumerate(roster):
                areas = list(person.assignments.filter(year=year).select_related("area"))
                places = []
                for a in areas:
                    if a.area.level == RegionLevel.VILLAGE:
                        places.append(a.area)
                    else:
                        places.extend(villages.get(a.area.pk, [])[2:5])
                if not places:
                    continue
                for visit in range(rng.randint(8, 16)):
                    on = _day(year, 3 + visit % 8, 3 + (visit * 7 + n) % 24, today)
                    if on is None:
                        continue
                    kind, who = SERVED[(visit + n) % len(SERVED)]
                    services.service_create(
                        actor=None,
                        commissioner=person,
                        served_on=on,
                        village=places[visit % len(places)],
                        served_kind=kind,
                        served_name=f"{places[visit % len(places)].name}{who}",
                        served_count=rng.randint(3, 30),
                        content=f"现场指导{person.expertise}，解答生产中的技术问题。",
                    )
                    made["services"] += 1
            # trainings from March to October in the commissioners' towns
            for n in range(10):
                person = roster[(n * 5) % len(roster)]
                area = person.assignments.filter(year=year).select_related("area").first()
                if area is None:
                    continue
                town = area.area if area.area.level == RegionLevel.TOWN else area.area.parent
                on = _day(year, 3 + n % 8, 10 + n, today)
                if on is None:
                    continue
                services.training_create(
                    actor=None,
                    commissioner=person,
                    held_on=on,
                    town=town,
                    topic=TOPICS[n % len(TOPICS)],
                    poor_labourers=rng.randint(10, 40),
                    growers=rng.randint(20, 80),
                    others=rng.randint(0, 20),
                    materials=rng.randint(50, 300),
                )
                made["trainings"] += 1
            for month, team, items, value in (
                (5, teams[0], "复合肥60袋、蔬菜种子200包", "9600"),
                (9, teams[1], "科技图书300册", "6000"),
            ):
                on = _day(year, month, 18, today)
                if on is not None:
                    services.donation_create(
                        actor=None,
                        donated_on=on,
                        town=team.town,
                        team=team,
                        items=items,
                        value=Decimal(value),
                    )
            firms = list(
                Enterprise.objects.filter(region__code__startswith=county.code).order_by("pk")[:6]
            )
            on = _day(year, 8, 26, today)
            if firms and on is not None:
                services.appraisal_create(
                    actor=None,
                    appraised_on=on,
                    place=f"{county.name}",
                    enterprise=firms[0],
                    achievements="\n".join(
                        [
                            "芦花鸡高效生态养殖关键技术研究",
                            "林下种养结合模式研究",
                            "禽类疫病综合防控技术集成",
                        ]
                    ),
                    experts="\n".join(
                        [
                            "钱研究，省农业科学院，研究员",
                            "冯总站，省畜牧总站，推广研究员",
                            "褚教授，山东农业大学，教授",
                            "卫高工，市农业科学院，高级农艺师",
                            "蒋站长，县畜牧发展中心，高级兽医师",
                        ]
                    ),
                    conclusion="该成果总体达到省内先进水平。",
                    region=county,
                )
            for n, person in enumerate(roster[:6]):
                on = _day(year, 6 + n, 12, today)
                if on is None:
                    continue
                result = (
                    AchievementKind.DEMO_BASE,
                    AchievementKind.MEDIA,
                    AchievementKind.PROJECT,
                    AchievementKind.TECH_SME,
                    AchievementKind.MEDIA,
                    AchievementKind.DEMO_BASE,
                )[n]
                firm = firms[n % len(firms)] if firms else None
                if result == AchievementKind.TECH_SME and firm is None:
                    continue
                services.achievement_create(
                    actor=None,
                    commissioner=person,
                    achieved_on=on,
                    kind=result,
                    title={
                        AchievementKind.DEMO_BASE: "蔬菜绿色生产示范基地",
                        AchievementKind.MEDIA: "县融媒体中心报道科技下乡服务",
                        AchievementKind.PROJECT: "市科技特派员服务项目",
                        AchievementKind.TECH_SME: "指导企业完成科技型中小企业评价入库",
                    }[result],
                    enterprise=firm if result == AchievementKind.TECH_SME else None,
                )
        _target(county, len(keys), today)
        made["counties"] += 1
    if made["counties"]:
        generator.log(
            f"科技特派员：{made['counties']} 个县，"
            f"服务记录 {made['services']} 条，培训 {made['trainings']} 场"
        )


def _target(county: Any, total: int, today: date) -> None:
    """Next year's coverage target: every key village (plan §三(五))."""
    from kechuang.accounts.models import User
    from kechuang.targets.models import Metric, Target
    from kechuang.targets.services import target_set

    staff = User.objects.filter(username="demo-staff", region=county).first()
    if (
        staff is None
        or Target.objects.filter(region=county, metric=Metric.KEY_VILLAGES_COVERED).exists()
    ):
        return
    target_set(actor=staff, year=today.year + 1, metric=Metric.KEY_VILLAGES_COVERED, value=total)
