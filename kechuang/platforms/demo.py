"""The demo county's innovation platforms: ~40 per county with three years of history — most
hosted by its larger enterprises, a few by institutions; municipal approvals, some level-ups to
provincial, a national one now and then, and some still being negotiated."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from kechuang.demo.generator import register_step

from . import services
from .choices import PlatformLevel, PlatformStatus

S, L = PlatformStatus, PlatformLevel

# (type, weight): enterprise-hosted types dominate a county
KINDS = (
    ("企业技术中心", 8),
    ("工程技术研究中心", 7),
    ("众创空间", 5),
    ("科技企业孵化器", 3),
    ("重点实验室", 3),
    ("院士工作站", 2),
    ("新型研发机构", 2),
    ("产业研究院", 2),
    ("星创天地", 2),
    ("农科驿站", 2),
    ("农业科技园区", 1),
    ("中试基地", 1),
)
INSTITUTION_KINDS = {"农科驿站", "农业科技园区", "星创天地"}
PARTNERS = ("山东大学", "中国海洋大学", "齐鲁工业大学", "山东农业大学", "中科院沈阳自动化所")


def _day(rng: Any, year: int, first: int = 1, last: int = 12) -> date:
    return date(year, rng.randint(first, last), rng.randint(1, 28))


@register_step
def build_platforms(generator: Any) -> None:
    from kechuang.accounts.choices import RegionLevel
    from kechuang.accounts.models import Region
    from kechuang.enterprises.models import Enterprise

    rng = generator.rng
    today = timezone.localdate()
    kinds = services.default_kinds()
    names = [name for name, weight in KINDS for _ in range(weight)]
    per_county = 50 if generator.scale == "province" else 40
    total = 0
    for county in generator.counties:
        towns = list(
            Region.objects.filter(code__startswith=county.code, level=RegionLevel.TOWN).order_by(
                "code"
            )
        )
        hosts = list(
            Enterprise.objects.filter(region__code__startswith=county.code).order_by(
                "-is_key_cultivated", "-is_above_scale", "pk"
            )[: per_county * 2]
        )
        if not towns or not hosts:
            continue
        rng.shuffle(hosts)
        for index in range(per_county):
            kind = rng.choice(names)
            start = _day(rng, today.year - 2, 1, 6)
            fields: dict[str, Any] = {"kind": kinds[kind]}
            if kind in INSTITUTION_KINDS:
                town = rng.choice(towns)
                fields.update(
                    name=f"{town.name}{kind}",
                    host_institution=f"{county.name}农业农村局",
                    region=town,
                )
            else:
                host = hosts[index % len(hosts)]
                short = host.name.removesuffix("有限公司").removesuffix("股份")
                if kind.startswith("科技"):
                    short = short.removesuffix("科技")  # 华兴生物科技企业孵化器
                fields.update(name=f"{short}{kind}", host_enterprise=host, region=host.region)
            fields["partners"] = rng.choice(PARTNERS) if rng.random() < 0.4 else ""
            fields["founded_on"] = start - timedelta(days=rng.randint(200, 2000))
            roll = rng.random()
            if roll < 0.15:  # still being prepared
                state = rng.choice([S.PLANNING, S.NEGOTIATING, S.INTENTION])
                services.platform_create(actor=None, on=start, status=state, **fields)
                total += 1
                continue
            platform = services.platform_create(actor=None, on=start, status=S.PLANNING, **fields)
            total += 1
            on = start + timedelta(days=rng.randint(20, 90))
            services.platform_advance(
                actor=None, platform=platform, to=S.APPLYING, on=on, level=L.MUNICIPAL
            )
            on += timedelta(days=rng.randint(60, 150))
            if roll < 0.25:
                services.platform_advance(actor=None, platform=platform, to=S.REJECTED, on=on)
                continue
            platform = services.platform_advance(
                actor=None,
                platform=platform,
                to=S.APPROVED,
                on=on,
                level=L.MUNICIPAL,
                document_number=f"市科字〔{on.year}〕{rng.randint(1, 99)}号",
                issuer="市科技局",
            )
            if roll < 0.55:
                continue  # municipal it stays
            # a level-up a year later: provincial, and for a few national
            on = max(on + timedelta(days=200), date(today.year - 1, 2, 1))
            services.platform_advance(
                actor=None, platform=platform, to=S.APPLYING, on=on, level=L.PROVINCIAL
            )
            on += timedelta(days=rng.randint(30, 60))
            services.platform_advance(
                actor=None, platform=platform, to=S.RECOMMENDED_PROVINCE, on=on
            )
            if roll < 0.7:
                continue  # recommended, waiting
            on += timedelta(days=rng.randint(60, 120))
            platform = services.platform_advance(
                actor=None,
                platform=platform,
                to=S.APPROVED,
                on=min(on, today),
                level=L.PROVINCIAL,
                document_number=f"鲁科字〔{on.year}〕{rng.randint(1, 99)}号",
                issuer="省科技厅",
            )
            services.platform_evaluate(
                actor=None,
                platform=platform,
                year=today.year - 1,
                grade=rng.choice(["excellent", "qualified", "qualified"]),
                on=max(min(on + timedelta(days=30), today), platform.status_on or today),
            )
            if roll > 0.95 and kind == "众创空间":
                on = max(platform.status_on or today, date(today.year, 3, 1))
                services.platform_advance(
                    actor=None, platform=platform, to=S.APPLYING, on=on, level=L.NATIONAL
                )
                on = min(on + timedelta(days=120), today)
                services.platform_advance(
                    actor=None,
                    platform=platform,
                    to=S.APPROVED,
                    on=on,
                    level=L.NATIONAL,
                    document_number=f"国科火字〔{on.year}〕{rng.randint(1, 199)}号",
                    issuer="科技部",
                )
        # the seed's institution-led community (row 13), approved at city level this year
        community = services.platform_create(
            actor=None,
            on=date(today.year, 1, 15),
            status=S.APPLYING,
            level=L.MUNICIPAL,
            name=f"{county.name}复合材料成型技术与装备创新创业共同体",
            kind=kinds["创新创业共同体"],
            host_institution="山东省复材成型技术与装备研究院",
            region=towns[0],
        )
        services.platform_advance(
            actor=None,
            platform=community,
            to=S.APPROVED,
            on=min(date(today.year, 5, 20), today),
            level=L.MUNICIPAL,
            document_number=f"市科字〔{today.year}〕21号",
            issuer="市科技局",
        )
        total += 1
    conditions = demo_conditions(today.year)
    values = demo_values(rng, today.year)
    generator.log(f"创新平台：{total} 个；升级条件 {conditions} 项，年度指标 {values} 份")


# Demonstration parameters (rules.md §4: the national incubator's are the 2018 measures' as
# remembered, unconfirmed; the rest illustrative): staff set the real ones per year.
DEMO_CONDITIONS = {
    ("科技企业孵化器", L.NATIONAL): (
        ("area", "孵化场地面积", "平方米", 10000),
        ("incubatees", "在孵企业", "家", 50),
        ("graduates", "累计毕业企业", "家", 20),
        ("fund", "孵化基金", "万元", 500),
        ("staff_share", "专业人员占比", "%", 80),
    ),
    ("科技企业孵化器", L.PROVINCIAL): (
        ("area", "孵化场地面积", "平方米", 5000),
        ("incubatees", "在孵企业", "家", 30),
        ("graduates", "累计毕业企业", "家", 10),
        ("staff_share", "专业人员占比", "%", 70),
    ),
    ("众创空间", L.NATIONAL): (
        ("stations", "服务工位", "个", 200),
        ("teams", "入驻创业团队和企业", "个", 40),
        ("events", "年度创业活动", "场", 20),
    ),
    ("众创空间", L.PROVINCIAL): (
        ("stations", "服务工位", "个", 100),
        ("teams", "入驻创业团队和企业", "个", 20),
        ("events", "年度创业活动", "场", 10),
    ),
}


def demo_conditions(year: int) -> int:
    """The demonstration conditions for last year and this, once per installation."""
    from .models import Criterion, PlatformKind

    made = 0
    kinds = {k.name: k for k in PlatformKind.objects.all()}
    for (kind, level), rows in DEMO_CONDITIONS.items():
        for order, (key, label, unit, minimum) in enumerate(rows):
            for y in (year - 1, year):
                _row, created = Criterion.objects.get_or_create(
                    kind=kinds[kind],
                    level=level,
                    year=y,
                    key=key,
                    defaults={
                        "label": label,
                        "unit": unit,
                        "minimum": minimum,
                        "order": order,
                        "source": "演示参数，请按本省现行认定办法核对",
                    },
                )
                made += created
    return made


def demo_values(rng: Any, year: int) -> int:
    """This year's values of the incubators and maker spaces below national level: most near
    their next level's thresholds, some over, some just short; a few submitted or accepted."""
    from .models import Criterion, Platform, PlatformYear, ValuesStatus
    from .readiness import next_level

    rows = []
    criteria: dict[tuple[int, str], list[Criterion]] = {}
    for c in Criterion.objects.filter(year=year):
        criteria.setdefault((c.kind_id, c.level), []).append(c)
    for platform in Platform.objects.filter(
        kind__name__in=("科技企业孵化器", "众创空间"), level__in=("municipal", "provincial")
    ).exclude(years__year=year):
        wanted = criteria.get((platform.kind_id, next_level(platform)), [])
        if not wanted:
            continue
        values = {
            c.key: str(max(0, round(float(c.minimum) * rng.uniform(0.8, 1.25)))) for c in wanted
        }
        status = rng.choice([ValuesStatus.DRAFT, ValuesStatus.SUBMITTED, ValuesStatus.ACCEPTED])
        rows.append(PlatformYear(platform=platform, year=year, values=values, status=status))
    PlatformYear.objects.bulk_create(rows)
    return len(rows)
