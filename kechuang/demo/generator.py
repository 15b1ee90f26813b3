"""Deterministic synthetic data for the demo and the benchmarks. Every name is invented.

``DemoGenerator(seed=42, scale="county").run()`` builds the same data on every machine. A work
line adds its rows by registering a step in its ``<app>/demo.py`` (``register_step``); the
generator runs them after its own, in registration order. Each step uses the apps' services only.

Scales: ``county`` (one county), ``city`` (one city of 8 counties), ``province`` (10 cities of
10 counties each). Codes use the fictional province code 99, which no real division has.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kechuang.accounts import services as account_services
from kechuang.accounts.choices import RegionLevel, Role
from kechuang.accounts.models import Region, User

from .grades import build_annual_reports, build_expert_grades
from .history import build_history, build_targets
from .rdsurvey import build_rd_surveys

DEMO_PASSWORD = "Kechuang@2026"  # noqa: S105 - the published demo password (README)
PROVINCE_CODE = "99"
PROVINCE_NAME = "示范省"

SCALES = {"county": (1, 1), "city": (1, 8), "province": (10, 10)}
# Enterprises per county and how many years of figures each gets.
ENTERPRISES_PER_COUNTY = {"county": 600, "city": 600, "province": 1000}
FIGURE_YEARS = {"county": 4, "city": 4, "province": 1}

_SYL_A = "青云桐柳桂兰松梅竹枫安永丰和兴宁康泰平乐长清明华阳景瑞祥福德远嘉"
_SYL_B = "川河山岭源湖溪泉洲塘坪岗林原湾亭桥峰谷浦台冈圩"
_COUNTY_SUFFIX = "县"
_TOWN_SUFFIXES = ["镇", "镇", "镇", "乡", "街道"]
_VILLAGE_SUFFIXES = ["村", "村", "村", "村", "社区"]

DEMO_ACCOUNTS = [
    # username, full name, roles, region level ("county" or "province")
    ("demo-admin", "演示系统管理员", [Role.BUREAU_ADMIN], "county"),
    ("demo-security", "演示安全管理员", [Role.SECURITY_ADMIN], "county"),
    ("demo-auditor", "演示审计员", [Role.AUDITOR], "county"),
    ("demo-staff", "演示业务人员", [Role.STAFF], "county"),
    ("demo-leader", "演示局领导", [Role.LEADER], "county"),
    ("demo-commissioner", "演示科技特派员", [Role.COMMISSIONER], "county"),
]
DEMO_ENTERPRISE_ACCOUNTS = ["demo-enterprise-a", "demo-enterprise-b"]


DemoStep = Callable[["DemoGenerator"], None]
STEPS: list[DemoStep] = []


def register_step(step: DemoStep) -> DemoStep:
    """A work line's demo rows: ``step(generator)`` uses ``generator.rng``, ``.counties``,
    ``.scale`` and ``.log`` and writes through the app's services."""
    if step not in STEPS:
        STEPS.append(step)
    return step


def registered_steps() -> list[DemoStep]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")  # every installed app's demo.py registers its steps
    return list(STEPS)


@dataclass
class DemoGenerator:
    seed: int = 42
    scale: str = "county"
    log: Callable[[str], None] = print
    rng: random.Random = field(init=False)
    counties: list[Region] = field(default_factory=list, init=False)
    steps: list[Callable[[], None]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise ValueError(f"unknown scale {self.scale!r}; use one of {sorted(SCALES)}")
        self.rng = random.Random(self.seed)
        self.steps = [
            self.build_regions,
            self.build_accounts,
            lambda: build_registry(self),
            lambda: build_enterprise_accounts(self),
            lambda: build_assessments(self),
            lambda: build_history(self.rng, self.counties, self.log),
            # a province's surveys are built by the benchmark (one 100,000-form campaign)
            lambda: (
                None
                if self.scale == "province"
                else build_rd_surveys(self.rng, self.counties, self.log)
            ),
            lambda: build_annual_reports(self.rng, self.counties, self.log),
            # grading re-assesses; a province's pool is left as the engine's bands
            lambda: (
                None
                if self.scale == "province"
                else build_expert_grades(self.rng, self.counties, self.log)
            ),
            lambda: build_targets(self.counties, self.log),
            *[lambda step=step: step(self) for step in registered_steps()],
        ]

    def run(self) -> None:
        if not settings.DEMO_MODE:
            raise ImproperlyConfigured("演示数据只能在演示模式（KECHUANG_DEMO_MODE=1）下生成")
        for step in self.steps:
            step()

    # --- names ----------------------------------------------------------------------------
    def _name(self, used: set[str], suffix: str) -> str:
        for _ in range(1000):
            name = self.rng.choice(_SYL_A) + self.rng.choice(_SYL_B) + suffix
            if name not in used:
                used.add(name)
                return name
        raise RuntimeError("ran out of demo names")

    # --- steps ----------------------------------------------------------------------------
    def build_regions(self) -> None:
        cities, counties_per_city = SCALES[self.scale]
        rows: list[tuple[str, str, int, str | None]] = [
            (PROVINCE_CODE, PROVINCE_NAME, RegionLevel.PROVINCE, None)
        ]
        used: set[str] = set()  # city and county names: unique in the province
        county_codes: list[str] = []
        for c in range(1, cities + 1):
            city_code = f"{PROVINCE_CODE}{c:02d}"
            rows.append((city_code, self._name(used, "市"), RegionLevel.CITY, PROVINCE_CODE))
            for k in range(1, counties_per_city + 1):
                county_code = f"{city_code}{k:02d}"
                county_codes.append(county_code)
                rows.append(
                    (county_code, self._name(used, _COUNTY_SUFFIX), RegionLevel.COUNTY, city_code)
                )
                town_count = 12 if self.scale != "province" else 8
                town_names: set[str] = set()  # unique among the county's towns
                for t in range(1, town_count + 1):
                    suffix = self.rng.choice(_TOWN_SUFFIXES)
                    # NBS convention: streets 0xx, towns 1xx, townships 2xx.
                    base = {"街道": 0, "镇": 100, "乡": 200}[suffix]
                    town_code = f"{county_code}{base + t:03d}"
                    rows.append(
                        (town_code, self._name(town_names, suffix), RegionLevel.TOWN, county_code)
                    )
                    village_names: set[str] = set()  # unique among the town's villages
                    village_count = self.rng.randint(16, 26) if self.scale != "province" else 4
                    for v in range(1, village_count + 1):
                        rows.append(
                            (
                                f"{town_code}{v:03d}",
                                self._name(village_names, self.rng.choice(_VILLAGE_SUFFIXES)),
                                RegionLevel.VILLAGE,
                                town_code,
                            )
                        )
        created, _updated = account_services.regions_upsert(rows=rows)
        self.counties = list(Region.objects.filter(code__in=county_codes).order_by("code"))
        towns = sum(1 for r in rows if r[2] == RegionLevel.TOWN)
        villages = sum(1 for r in rows if r[2] == RegionLevel.VILLAGE)
        self.log(
            f"区划：{len(self.counties)} 个县，{towns} 个乡镇（街道），{villages} 个村（社区）"
            f"（新增 {created} 条）"
        )

    def build_accounts(self) -> None:
        county = self.counties[0]
        province = Region.objects.get(code=PROVINCE_CODE)
        for username, full_name, roles, level in DEMO_ACCOUNTS:
            if User.objects.filter(username__iexact=username).exists():
                continue
            account_services.user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                roles=roles,
                region=county if level == "county" else province,
                full_name=full_name,
                must_change_password=False,
                is_demo=True,
            )
        self.log(f"演示账号：{len(DEMO_ACCOUNTS)} 个，密码 {DEMO_PASSWORD}")


def demo_accounts_text() -> str:
    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}）："]
    for username, full_name, roles, _level in DEMO_ACCOUNTS:
        labels = "、".join(str(Role(r).label) for r in roles)
        lines.append(f"  {username:<20} {labels}（{full_name}）")
    for username in DEMO_ENTERPRISE_ACCOUNTS:
        lines.append(f"  {username:<20} {Role.ENTERPRISE.label}（仅能看到本企业）")
    return "\n".join(lines)


def build_registry(self: DemoGenerator) -> None:
    """Enterprises, figures, IP and qualifications, through the same import engine as a file."""
    from datetime import date, timedelta

    from kechuang.cultivation.hte.models import hte_valid_until
    from kechuang.dataio.engine import create_audited, run_rows
    from kechuang.enterprises.importers import (
        AnnualFiguresSheet,
        EnterpriseSheet,
        IntellectualPropertySheet,
    )
    from kechuang.enterprises.models import Enterprise, Qualification

    from .registry import ENTERPRISE_HEADER, FIGURE_HEADER, IP_HEADER, RegistryBuilder, loader

    province = Region.objects.get(code=PROVINCE_CODE)
    actor = loader(province)
    today = date.today()
    last = today.year - 1
    years = list(range(last - FIGURE_YEARS[self.scale] + 1, last + 1))
    per_county = ENTERPRISES_PER_COUNTY[self.scale]
    totals = {"enterprises": 0, "figures": 0, "ip": 0, "qualifications": 0}
    for index, county in enumerate(self.counties):
        if Enterprise.objects.filter(region__parent=county).exists():
            continue  # idempotent: this county already has its enterprises
        towns = list(Region.objects.filter(parent=county).order_by("code"))
        builder = RegistryBuilder(self.rng, county, towns, per_county, years, index * 100_000)
        builder.build()
        run_rows(
            EnterpriseSheet, ENTERPRISE_HEADER, builder.enterprise_rows, actor, cid="demo-seed"
        )
        run_rows(AnnualFiguresSheet, FIGURE_HEADER, builder.figure_rows, actor, cid="demo-seed")
        if builder.ip_rows:
            run_rows(IntellectualPropertySheet, IP_HEADER, builder.ip_rows, actor, cid="demo-seed")
        ids = dict(Enterprise.objects.filter(region__parent=county).values_list("uscc", "pk"))
        qualifications: list[Qualification] = []
        for profile in builder.profiles:
            roll = self.rng.random()
            if profile["hte"]:
                issued = date(
                    last - self.rng.randint(0, 2),
                    self.rng.choice([10, 11, 12]),
                    self.rng.randint(1, 28),
                )
                if issued.year == last - 2 and self.rng.random() < 0.3:
                    # Some of the oldest expire within months of the day the demo is made,
                    # whatever that day is (issue #14: re-application work is always due).
                    expires = today + timedelta(days=self.rng.randint(20, 170))
                    issued = _years_before(expires + timedelta(days=1), 3)
                    issued = max(issued, date(issued.year, 1, 15))
                qualifications.append(
                    Qualification(
                        enterprise_id=ids[profile["uscc"]],
                        kind="hte",
                        number=f"GR{issued.year}{county.code[:2]}{len(qualifications) + 1:06d}",
                        issued_on=issued,
                        valid_until=hte_valid_until(issued),
                    )
                )
            if profile["hte"] or roll < 0.35:
                qualifications.append(
                    Qualification(
                        enterprise_id=ids[profile["uscc"]],
                        kind="tech_sme",
                        year=last,
                        number=f"{last}{county.code}{len(qualifications) + 1:05d}",
                    )
                )
        create_audited(qualifications, None, cid="demo-seed")
        totals["enterprises"] += len(builder.enterprise_rows)
        totals["figures"] += len(builder.figure_rows)
        totals["ip"] += len(builder.ip_rows)
        totals["qualifications"] += len(qualifications)
    self.log(
        f"企业库：{totals['enterprises']} 家企业，{totals['figures']} 条年度数据"
        f"（{years[0]}—{years[-1]}），{totals['ip']} 项知识产权，{totals['qualifications']} 项资质"
    )


def build_enterprise_accounts(self: DemoGenerator) -> None:
    from kechuang.enterprises.models import Enterprise
    from kechuang.enterprises.services import enterprise_user_create

    county = self.counties[0]
    enterprises = list(Enterprise.objects.filter(region__parent=county).order_by("pk")[:2])
    for username, enterprise in zip(DEMO_ENTERPRISE_ACCOUNTS, enterprises, strict=False):
        if User.objects.filter(username__iexact=username).exists():
            continue
        enterprise_user_create(
            actor=None,
            enterprise=enterprise,
            username=username,
            password=DEMO_PASSWORD,
            full_name=f"{enterprise.name[:4]}联系人",
            must_change_password=False,
            is_demo=True,
        )
    pairs = zip(DEMO_ENTERPRISE_ACCOUNTS, enterprises, strict=False)
    self.log("演示企业账号：" + "，".join(f"{u}（{e.name}）" for u, e in pairs))


def build_assessments(self: DemoGenerator) -> None:
    """Assess every demo enterprise for this year, so the cultivation pool is filled."""
    from datetime import date

    from kechuang.cultivation.assessments.services import assess_enterprises
    from kechuang.enterprises.models import Enterprise

    year = date.today().year
    total = 0
    for county in self.counties:
        enterprises = list(Enterprise.objects.filter(region__parent=county))
        total += assess_enterprises(actor=None, enterprises=enterprises, year=year)
    self.log(f"资格评价：{total} 家企业（{year}年高企认定、科小评价）")


def _years_before(day: date, years: int) -> date:
    """The same day ``years`` years earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
